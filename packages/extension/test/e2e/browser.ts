import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { type BrowserContext, chromium, type Worker } from 'playwright-core'

/** The extension package's folder. */
export const EXTENSION_ROOT = resolve(import.meta.dirname, '../..')
/** Where `wxt build` puts the unpacked extension. */
export const EXTENSION_DIR = join(EXTENSION_ROOT, '.output/chrome-mv3')

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome']

/**
 * The Chromium to run: `CHROMIUM_PATH`, or the first system one found.
 * @throws with instructions when there is none: the e2e fails loudly rather than skipping.
 */
export function chromiumPath(): string {
  const fromEnv = process.env.CHROMIUM_PATH
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CHROMIUM_PATH=${fromEnv} does not exist.`)
    return fromEnv
  }
  const found = CANDIDATES.find((p) => existsSync(p))
  if (!found) {
    throw new Error(
      `Chromium is not installed (looked for ${CANDIDATES.join(', ')}). Install it with ` +
        '`apt-get install -y chromium`, or set CHROMIUM_PATH. The extension e2e needs a real browser.',
    )
  }
  return found
}

/** Builds the extension (unpacked) so the test runs what the sources say. */
export function buildExtension(): void {
  execFileSync('npx', ['--no-install', 'wxt', 'build'], { cwd: EXTENSION_ROOT, stdio: 'pipe' })
}

/** Chromium with the built extension loaded, and its background worker. */
export interface ExtensionBrowser {
  context: BrowserContext
  worker: Worker
  extensionId: string
}

/**
 * Launches Chromium (new headless mode, which runs extensions) with only this extension,
 * in a fresh temporary profile.
 */
export async function launchWithExtension(): Promise<ExtensionBrowser> {
  const context = await chromium.launchPersistentContext('', {
    executablePath: chromiumPath(),
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--disable-extensions-except=${EXTENSION_DIR}`,
      `--load-extension=${EXTENSION_DIR}`,
    ],
  })
  const worker =
    context.serviceWorkers()[0] ??
    (await context.waitForEvent('serviceworker', { timeout: 20_000 }))
  const extensionId = new URL(worker.url()).host
  return { context, worker, extensionId }
}
