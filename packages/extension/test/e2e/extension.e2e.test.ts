// @vitest-environment node
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import type { Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EXTENSION_ID } from '../../src/extension-key'
import {
  buildExtension,
  chromiumPath,
  EXTENSION_ROOT,
  type ExtensionBrowser,
  launchWithExtension,
} from './browser'
import { startFlyApiStandIn } from './fly-api-stand-in'
import { type GitHubApiFixture, startGitHubApiFixture } from './github-api-fixture'
import { fixtureFor } from './github-pages'
import { type RequestTrap, startRequestTrap } from './request-trap'
import { type ServerProcess, startServerProcess } from './server-process'

/**
 * The extension end to end, in real Chromium against the real server on loopback. GitHub is
 * out of reach: github.com is routed to fixture pages (test/e2e/github-pages.ts), and the
 * server's GitHub API calls to a fixture of modelcontextprotocol/servers (GITHUB_API_URL). The
 * npm registry is not needed: the analyzer's (NPM_REGISTRY_URL) and npx's (npm_config_registry,
 * which LocalRuntime passes to bridges) point at a trap that fails and records, and must see
 * nothing: npx finds the installed server-everything. The configuration editor and other
 * sources are covered by the panel's component tests.
 */

const TOKEN = 'e2e-api-token-7f3c9a1b2d4e'
const SHOTS = process.env.SCREENSHOT_DIR ?? join(EXTENSION_ROOT, 'test-results/screenshots')
const EVERYTHING_PAGE = 'https://github.com/modelcontextprotocol/servers/tree/main/src/everything'

/** The server's access lines (`LOG_LEVEL=info`): method, path and status of every request. */
function accessLines(output: string): Array<{ method: string; path: string; status: number }> {
  return output.split('\n').flatMap((line) => {
    try {
      const entry = JSON.parse(line) as { msg?: string; method?: string; path?: string }
      return entry.msg === 'request' || entry.msg === 'request failed'
        ? [entry as { method: string; path: string; status: number }]
        : []
    } catch {
      return []
    }
  })
}

describe('the extension in Chromium against a real server', () => {
  let browser: ExtensionBrowser
  let server: ServerProcess
  let githubApi: GitHubApiFixture
  let npmRegistry: RequestTrap
  let deployedName = ''

  const shot = async (target: Page | Locator, name: string) => {
    mkdirSync(SHOTS, { recursive: true })
    await target.screenshot({ path: join(SHOTS, `${name}.png`) })
  }
  const buttons = (page: Page) => page.locator('mcp-remote-deploy')

  beforeAll(async () => {
    chromiumPath() // fails here, with instructions, when Chromium is missing
    buildExtension()
    githubApi = await startGitHubApiFixture()
    npmRegistry = await startRequestTrap()
    server = await startServerProcess({
      token: TOKEN,
      corsOrigin: `chrome-extension://${EXTENSION_ID}`,
      env: {
        GITHUB_API_URL: githubApi.url,
        NPM_REGISTRY_URL: npmRegistry.url,
        npm_config_registry: npmRegistry.url,
        LOG_LEVEL: 'info',
      },
    })
    browser = await launchWithExtension()
    await browser.context.route('https://github.com/**', (route) =>
      route.fulfill({
        contentType: 'text/html; charset=utf-8',
        body: fixtureFor(new URL(route.request().url())),
      }),
    )
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: 'https://github.com',
    })
  })

  afterAll(async () => {
    await browser?.context.close()
    await server?.close()
    await githubApi?.close()
    await npmRegistry?.close()
  })

  it('loads with the fixed extension id the server allows', () => {
    expect(browser.extensionId).toBe(EXTENSION_ID)
  })

  it('says the token is wrong in the options, then connects with the right one', async () => {
    const page = await browser.context.newPage()
    await page.goto(`chrome-extension://${browser.extensionId}/options.html`)
    await page.getByLabel('Server URL').fill(server.url)
    await page.getByLabel('API token', { exact: true }).fill('not-the-token-0000')
    await page.getByRole('button', { name: 'Test connection' }).click()
    const status = page.getByTestId('connection-status')
    await expect
      .poll(() => status.textContent(), { timeout: 20_000 })
      .toContain('refused the API token (401')
    await shot(page, 'options-bad-token')

    await page.getByLabel('API token', { exact: true }).fill(TOKEN)
    await page.getByRole('button', { name: 'Save' }).click()
    await expect
      .poll(() => status.textContent(), { timeout: 20_000 })
      .toContain(`Connected to ${server.url}`)
    await page.close()
  })

  it('puts one button in the repository header and keeps exactly one through in-page navigation', async () => {
    const page = await browser.context.newPage()
    await page.goto('https://github.com/modelcontextprotocol/servers')
    const inHeader = page.locator(
      '#repository-details-container ul.pagehead-actions > li[data-mcp-remote] > mcp-remote-deploy',
    )
    await inHeader.waitFor()
    await expect.poll(() => buttons(page).count()).toBe(1)
    await shot(page.locator('#repository-container-header'), 'button-in-header')

    // Turbo-like navigation: GitHub swaps <body>, our header entry goes with it.
    await page.evaluate(() =>
      (window as unknown as { __turboVisit(p: string): Promise<void> }).__turboVisit(
        '/modelcontextprotocol/servers/tree/main/src/everything',
      ),
    )
    await expect.poll(() => page.url()).toBe(EVERYTHING_PAGE)
    await inHeader.waitFor()
    await expect.poll(() => buttons(page).count()).toBe(1)

    await page.evaluate(() =>
      (window as unknown as { __turboVisit(p: string): Promise<void> }).__turboVisit(
        '/settings/profile',
      ),
    )
    await expect.poll(() => buttons(page).count()).toBe(0)

    await page.evaluate(() =>
      (window as unknown as { __turboVisit(p: string): Promise<void> }).__turboVisit(
        '/modelcontextprotocol/inspector',
      ),
    )
    await inHeader.waitFor()
    await expect.poll(() => buttons(page).count()).toBe(1)
    await page.goBack()
    await page.evaluate(() =>
      (window as unknown as { __turboVisit(p: string): Promise<void> }).__turboVisit(
        '/modelcontextprotocol/servers/issues',
      ),
    )
    await inHeader.waitFor()
    await expect.poll(() => buttons(page).count()).toBe(1)
    await page.close()
  })

  it('shows no button on GitHub’s 404 page for a repository URL', async () => {
    const page = await browser.context.newPage()
    await page.goto('https://github.com/modelcontextprotocol/servers')
    await buttons(page).first().waitFor()
    await page.evaluate(() =>
      (window as unknown as { __turboVisit(p: string): Promise<void> }).__turboVisit(
        '/ghost/no-such-repo',
      ),
    )
    expect(await page.title()).toMatch(/^Page not found/)
    // A stray host is removed by the content script's next pass over the page, which is also
    // the pass that would mount a floating button: once it is gone, that pass has run.
    await page.evaluate(() => {
      const stray = document.createElement('mcp-remote-deploy')
      stray.id = 'e2e-stray'
      document.body.append(stray)
    })
    await expect.poll(() => page.locator('#e2e-stray').count(), { timeout: 20_000 }).toBe(0)
    expect(await buttons(page).count()).toBe(0)
    await page.close()
  })

  it('floats the button when GitHub’s header markup is unknown, in GitHub’s dark theme', async () => {
    const page = await browser.context.newPage()
    await page.goto('https://github.com/acme/weather-mcp')
    const floating = page
      .locator('mcp-remote-deploy')
      .getByRole('button', { name: 'Deploy to Cloud' })
    await floating.waitFor()
    expect(await floating.getAttribute('class')).toContain('mr-deploy-floating')
    expect(
      await page.locator('mcp-remote-deploy').evaluate((host) => host.parentElement?.tagName),
    ).toBe('BODY')
    await floating.focus()
    await page.keyboard.press('Enter')
    const panel = page.getByRole('dialog', { name: 'Deploy to Cloud' })
    await panel.waitFor()
    // The analysis settles either way (GitHub is out of reach for the server): wait for it.
    await panel.locator('.mr-failure, form').first().waitFor({ timeout: 120_000 })
    await shot(page, 'floating-dark')
    // Keyboard: focus starts on Close and stays in the panel both ways round; Escape closes
    // it and gives the focus back to the button.
    const focused = () => page.evaluate(() => document.activeElement?.tagName.toLowerCase())
    await panel.getByRole('button', { name: 'Close the Deploy to Cloud panel' }).focus()
    await page.keyboard.press('Shift+Tab')
    expect(await focused()).toBe('mcp-remote-panel')
    await page.keyboard.press('Tab')
    expect(await focused()).toBe('mcp-remote-panel')
    await page.keyboard.press('Escape')
    await expect.poll(() => panel.count()).toBe(0)
    expect(await focused()).toBe('mcp-remote-deploy')
    await page.close()
  })

  it('deploys from the repository page and the copied endpoint answers tools/list', async () => {
    const page = await browser.context.newPage()
    await page.goto(EVERYTHING_PAGE)
    await page.getByRole('button', { name: 'Deploy to Cloud' }).click()
    const panel = page.getByRole('dialog', { name: 'Deploy to Cloud' })
    await panel.waitFor()

    // The page's own analysis, against the GitHub API fixture: the form must come, not an alert.
    const form = panel.getByRole('form', { name: 'Deployment settings' })
    const settled = await Promise.race([
      form.waitFor({ timeout: 120_000 }).then(() => 'form'),
      panel
        .getByRole('alert')
        .first()
        .waitFor({ timeout: 120_000 })
        .then(async () => `an alert: ${await panel.getByRole('alert').first().textContent()}`),
    ])
    expect(settled, 'the GitHub analysis should reach the form').toBe('form')
    expect(githubApi.requests).toContain('/repos/modelcontextprotocol/servers/tarball/main')
    deployedName = (await panel.locator('.mr-server-name').textContent()) ?? ''
    expect(deployedName).not.toBe('')
    expect(await panel.textContent()).toContain('@modelcontextprotocol/server-everything')

    // Every required field: fill it; a secret one is masked until revealed.
    const required = form.locator('input[aria-required="true"]')
    for (let i = 0; i < (await required.count()); i++) {
      const input = required.nth(i)
      expect(await input.getAttribute('type')).toBe('password')
      await input.fill(`e2e-value-${i}`)
    }
    await form.getByRole('radio', { name: /Local/ }).check()

    // The cost and its confirmation come first: Deploy waits for the box, nothing is posted.
    const cost = form.getByRole('region', { name: 'Cost' })
    await expect
      .poll(() => cost.locator('.mr-cost').textContent(), { timeout: 20_000 })
      .toContain('runs on the server’s own machine and costs nothing')
    const deploy = form.getByRole('button', { name: 'Deploy', exact: true })
    expect(await deploy.isDisabled()).toBe(true)
    expect(await form.textContent()).toContain('Accept the cost to deploy.')
    await shot(panel, 'panel-form')
    const accept = form.getByRole('checkbox', { name: 'I accept this cost' })
    await accept.check()
    expect(await deploy.isEnabled()).toBe(true)
    const before = accessLines(server.output())
    expect(before.filter((l) => l.method === 'POST' && l.path === '/api/deployments')).toEqual([])
    expect(before).toContainEqual(
      expect.objectContaining({ method: 'GET', path: '/api/cost', status: 200 }),
    )
    await deploy.click()

    await panel.getByLabel('Progress').waitFor()
    await shot(panel, 'panel-progress')
    const badge = panel.locator('.mr-status-line [data-status]')
    await expect
      .poll(() => badge.getAttribute('data-status'), { timeout: 150_000, interval: 1000 })
      .toMatch(/running|failed/)
    expect(await badge.getAttribute('data-status'), (await panel.textContent()) ?? '').toBe(
      'running',
    )
    await panel.getByRole('button', { name: 'Copy Streamable HTTP URL' }).click()
    await shot(panel, 'panel-endpoint')

    const url = await page.evaluate(() => navigator.clipboard.readText())
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/t\/[^/]+\/mcp$/)
    expect(await panel.textContent()).not.toContain(url) // masked on screen
    const client = new Client({ name: 'extension-e2e', version: '1.0.0' })
    await client.connect(new StreamableHTTPClientTransport(new URL(url)))
    const { tools } = await client.listTools()
    await client.close()
    expect(tools.map((t) => t.name)).toContain('echo')

    // The API token lives in the extension's worker only: not in the page, nor in our shadow
    // roots; the endpoint's capability token stays masked until the user asks to see it.
    const pageText = await page.evaluate(() => {
      const parts: string[] = [document.documentElement.outerHTML]
      for (const el of document.querySelectorAll('*')) {
        if (el.shadowRoot) parts.push(el.shadowRoot.innerHTML)
      }
      return parts.join('\n')
    })
    expect(pageText).not.toContain(TOKEN)
    expect(pageText).not.toContain(url)

    // One click, one request: the deploy carried confirm_cost and was not refused first.
    const posts = accessLines(server.output()).filter(
      (l) => l.method === 'POST' && l.path === '/api/deployments',
    )
    expect(posts.map((l) => l.status)).toEqual([202])
    expect(npmRegistry.requests).toEqual([])
    await page.close()
  }, 240_000)

  it('lists the deployment in the popup and stops it from there', async () => {
    const page = await browser.context.newPage()
    await page.setViewportSize({ width: 420, height: 480 })
    await page.goto(`chrome-extension://${browser.extensionId}/popup.html`)
    const row = page.locator('li.mr-row').filter({ hasText: deployedName })
    await row.waitFor({ timeout: 20_000 })
    await expect
      .poll(() => row.locator('[data-status]').getAttribute('data-status'))
      .toBe('running')
    await shot(page, 'popup-dashboard')

    await row.getByRole('button', { name: /^Stop / }).click()
    await expect
      .poll(() => row.locator('[data-status]').getAttribute('data-status'), { timeout: 30_000 })
      .toBe('stopped')
    await shot(page, 'popup-stopped')

    await row.getByRole('button', { name: /^Delete / }).click()
    const confirm = row.getByRole('alertdialog')
    await confirm.waitFor()
    await confirm.getByRole('button', { name: 'Delete for good' }).click()
    await expect.poll(() => row.count(), { timeout: 30_000 }).toBe(0)
    await page.close()
  })
  it('offers Fly when the server does, selected as its default and priced, even when its check of Fly failed', async () => {
    const flyApi = await startFlyApiStandIn()
    const flyServer = await startServerProcess({
      token: TOKEN,
      corsOrigin: `chrome-extension://${EXTENSION_ID}`,
      env: {
        GITHUB_API_URL: githubApi.url,
        NPM_REGISTRY_URL: npmRegistry.url,
        npm_config_registry: npmRegistry.url,
        FLY_API_TOKEN: 'e2e-fly-token-not-a-real-one',
        FLY_ORG: 'e2e-org',
        FLY_IMAGE: 'registry.fly.io/mcp-base:e2e',
        FLY_API_HOSTNAME: flyApi.url,
      },
    })
    try {
      const options = await browser.context.newPage()
      await options.goto(`chrome-extension://${browser.extensionId}/options.html`)
      await options.getByLabel('Server URL').fill(flyServer.url)
      await options.getByLabel('API token', { exact: true }).fill(TOKEN)
      await options.getByRole('button', { name: 'Save' }).click()
      await expect
        .poll(() => options.getByTestId('connection-status').textContent(), { timeout: 20_000 })
        .toContain(`Connected to ${flyServer.url}`)
      await options.close()

      const page = await browser.context.newPage()
      await page.goto(EVERYTHING_PAGE)
      await page.getByRole('button', { name: 'Deploy to Cloud' }).click()
      const panel = page.getByRole('dialog', { name: 'Deploy to Cloud' })
      const form = panel.getByRole('form', { name: 'Deployment settings' })
      await form.waitFor({ timeout: 120_000 })
      const fly = form.getByRole('radio', { name: /Fly\.io/ })
      expect(await fly.isChecked()).toBe(true)
      expect(await form.textContent()).toContain('The server’s last check of this runtime failed')
      const cost = form.getByRole('region', { name: 'Cost' })
      await expect
        .poll(() => cost.locator('.mr-cost').textContent(), { timeout: 20_000 })
        .toMatch(/costs about \$\d+\.\d\d per month while running/)
      await shot(panel, 'panel-form-fly')

      await form.getByRole('radio', { name: /Local/ }).check()
      await expect
        .poll(() => cost.locator('.mr-cost').textContent(), { timeout: 20_000 })
        .toContain('costs nothing')
      await page.close()
      // Only listings reached the Fly stand-in: nothing was created there.
      expect(flyApi.requests.filter((r) => !r.startsWith('GET '))).toEqual([])
      expect(
        accessLines(flyServer.output()).filter(
          (l) => l.path === '/api/deployments' && l.method === 'POST',
        ),
      ).toEqual([])
    } finally {
      await flyServer.close()
      await flyApi.close()
    }
  }, 240_000)
})
