/** What the extension needs to reach a server: its URL and API token. */
export interface Settings {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:8787`. */
  serverUrl: string
  /** The server's API token; empty until the user sets one. */
  apiToken: string
}

/** Where an embedded `mcp-deploy serve` listens by default. */
export const DEFAULT_SERVER_URL = 'http://127.0.0.1:8787'

/** The part of `chrome.storage.local` settings use, so tests can pass a plain object. */
export interface SettingsStorage {
  get(keys: string[]): Promise<Record<string, unknown>>
  set(items: Record<string, unknown>): Promise<void>
}

const KEYS = { serverUrl: 'serverUrl', apiToken: 'apiToken' } as const

/** A parsed server URL, or why it cannot be used. */
export type ServerUrlCheck =
  | { ok: true; url: string; origin: string; loopback: boolean }
  | { ok: false; message: string }

/** True for hosts that never leave this machine. */
export function isLoopbackHost(hostname: string): boolean {
  return (
    hostname === 'localhost' ||
    hostname === '[::1]' ||
    hostname === '::1' ||
    /^127(\.\d{1,3}){3}$/.test(hostname)
  )
}

/**
 * Parses what the user typed as the server URL: http(s) only, no credentials, query or
 * fragment; a path prefix is kept (a server behind a reverse proxy), the trailing slash is not.
 */
export function checkServerUrl(input: string): ServerUrlCheck {
  const trimmed = input.trim()
  if (!trimmed) return { ok: false, message: 'Enter the server URL, e.g. http://127.0.0.1:8787.' }
  if (!/^https?:\/\//i.test(trimmed)) {
    return { ok: false, message: 'The server URL must start with http:// or https://.' }
  }
  let url: URL
  try {
    url = new URL(trimmed)
  } catch {
    return { ok: false, message: 'That is not a URL. Use a form like http://127.0.0.1:8787.' }
  }
  if (url.username || url.password) {
    return { ok: false, message: 'Put the token in the API token field, not in the URL.' }
  }
  if (url.search || url.hash) {
    return { ok: false, message: 'The server URL takes no query (?) or fragment (#).' }
  }
  const path = url.pathname.replace(/\/+$/, '')
  return {
    ok: true,
    url: `${url.origin}${path}`,
    origin: url.origin,
    loopback: isLoopbackHost(url.hostname),
  }
}

/**
 * The host permission pattern covering a server URL (any port, as Chrome match patterns
 * without a port do): `http://127.0.0.1:8787` → `http://127.0.0.1/*`.
 */
export function hostPermissionPattern(serverUrl: string): string {
  const url = new URL(serverUrl)
  return `${url.protocol}//${url.hostname}/*`
}

/** Reads the saved settings, with the default server URL when none was saved. */
export async function loadSettings(storage: SettingsStorage): Promise<Settings> {
  const raw = await storage.get([KEYS.serverUrl, KEYS.apiToken])
  const serverUrl = typeof raw[KEYS.serverUrl] === 'string' ? raw[KEYS.serverUrl] : ''
  const apiToken = typeof raw[KEYS.apiToken] === 'string' ? raw[KEYS.apiToken] : ''
  return { serverUrl: (serverUrl as string) || DEFAULT_SERVER_URL, apiToken: apiToken as string }
}

/** Saves both settings. The caller has checked the URL with {@link checkServerUrl}. */
export async function saveSettings(storage: SettingsStorage, settings: Settings): Promise<void> {
  await storage.set({ [KEYS.serverUrl]: settings.serverUrl, [KEYS.apiToken]: settings.apiToken })
}
