import type { RuntimeName } from '@mcp-remote/core'
import { checkServerUrl, type Settings } from '../settings'
import { createApiClient } from './api-client'
import { runtimesFromHealth } from './health'
import type { HealthView } from './wire-types'

/** The outcome of testing a server URL and token, worded for the options page. */
export interface ConnectionReport {
  ok: boolean
  /**
   * The first problem found: `url` (not a usable URL), `unreachable`, `cors`, `not_mcp_remote`
   * (something else answered), `no_token`, `bad_token` (401), `refused` (another API error);
   * `none` when all is well.
   */
  problem:
    | 'url'
    | 'unreachable'
    | 'cors'
    | 'not_mcp_remote'
    | 'no_token'
    | 'bad_token'
    | 'refused'
    | 'none'
  message: string
  runtimes: RuntimeName[]
  version: string | null
}

/** What {@link testConnection} needs from the world. */
export interface ConnectionTestDeps {
  fetch?: typeof fetch
  extensionOrigin: string
  timeoutMs?: number
}

/**
 * Checks, in order, that the URL parses, that an mcp-remote server answers `GET /api/health`
 * from this extension (reachability and CORS), and that it accepts the token on an
 * authenticated call. Never throws.
 */
export async function testConnection(
  settings: Settings,
  deps: ConnectionTestDeps,
): Promise<ConnectionReport> {
  const empty = { runtimes: [] as RuntimeName[], version: null }
  const url = checkServerUrl(settings.serverUrl)
  if (!url.ok) return { ok: false, problem: 'url', message: url.message, ...empty }
  const client = createApiClient({
    serverUrl: url.url,
    token: settings.apiToken,
    extensionOrigin: deps.extensionOrigin,
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
    timeoutMs: deps.timeoutMs ?? 8000,
  })

  const health = await client.request<HealthView>({
    method: 'GET',
    path: '/api/health',
    auth: false,
  })
  if (!health.ok) {
    const f = health.failure
    const problem =
      f.kind === 'cors' ? 'cors' : f.kind === 'unreachable' ? 'unreachable' : 'not_mcp_remote'
    const message =
      problem === 'not_mcp_remote'
        ? `${url.url}/api/health did not answer like an mcp-remote server${f.status ? ` (HTTP ${f.status})` : ''}. Check the URL.`
        : f.message
    return { ok: false, problem, message, ...empty }
  }
  const info = {
    runtimes: runtimesFromHealth(health.data),
    version: typeof health.data?.version === 'string' ? health.data.version : null,
  }
  if (!settings.apiToken.trim()) {
    return {
      ok: false,
      problem: 'no_token',
      message:
        'The server answers, but no API token is set. Paste the token the server printed at its first start.',
      ...info,
    }
  }
  const authed = await client.request({ method: 'GET', path: '/api/deployments' })
  if (!authed.ok) {
    const f = authed.failure
    if (f.code === 'unauthorized') {
      return {
        ok: false,
        problem: 'bad_token',
        message:
          'The server answers, but refused the API token (401 unauthorized). Check the token.',
        ...info,
      }
    }
    return {
      ok: false,
      problem: f.kind === 'cors' ? 'cors' : 'refused',
      message: f.message,
      ...info,
    }
  }
  return {
    ok: true,
    problem: 'none',
    message: `Connected to ${url.url}. Runtimes: ${info.runtimes.join(', ')}.`,
    ...info,
  }
}
