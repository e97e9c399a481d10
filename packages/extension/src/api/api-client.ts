import {
  type ApiFailure,
  corsFailure,
  type FailureContext,
  failureFromResponse,
  unreachableFailure,
} from './api-failure'

/** One call to the server's REST API, as the background worker receives it. */
export interface ApiRequest {
  method: 'GET' | 'POST' | 'DELETE'
  /** Path under the server URL, starting with `/api/`. */
  path: string
  /** JSON body for POST. */
  body?: unknown
  /** Send the API token (default true; `GET /api/health` needs none). */
  auth?: boolean
  /**
   * Sent as the `Idempotency-Key` header (`POST /api/deployments`): the same key on a retry of
   * the same request makes the server answer with what the first one created.
   */
  idempotencyKey?: string
}

/** What the server takes as an `Idempotency-Key`: 1 to 255 visible ASCII characters. */
export const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/

/** The outcome of an {@link ApiRequest}: the parsed JSON, or a failure described in words. */
export type ApiResult<T = unknown> =
  | { ok: true; status: number; data: T }
  | { ok: false; failure: ApiFailure }

/** Options for {@link createApiClient}. */
export interface ApiClientOptions {
  /** The server's base URL, e.g. `http://127.0.0.1:8787`. */
  serverUrl: string
  /** The API token; sent as `Authorization: Bearer` and nowhere else. */
  token: string
  /** `chrome-extension://<id>`, named in CORS advice. */
  extensionOrigin: string
  /** Defaults to the global `fetch`. */
  fetch?: typeof fetch
  /** Per-request deadline in milliseconds (default 20 000). */
  timeoutMs?: number
}

/** Talks to one mcp-remote server. Lives only in the background worker, which holds the token. */
export interface ApiClient {
  request<T = unknown>(req: ApiRequest): Promise<ApiResult<T>>
}

function retryAfterSeconds(header: string | null): number | null {
  if (!header) return null
  const n = Number(header)
  return Number.isFinite(n) && n >= 0 ? Math.ceil(n) : null
}

async function readJson(res: Response): Promise<unknown> {
  const text = await res.text()
  if (!text) return null
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/**
 * Creates the client the background worker uses for every API call. It never throws: a
 * refused connection, a CORS refusal (told apart by a `no-cors` probe), a timeout and an API
 * error all come back as `{ ok: false, failure }` with a message for the user.
 */
export function createApiClient(opts: ApiClientOptions): ApiClient {
  const doFetch = opts.fetch ?? ((input, init) => fetch(input, init))
  const base = opts.serverUrl.replace(/\/+$/, '')
  const timeoutMs = opts.timeoutMs ?? 20_000

  return {
    async request<T>(req: ApiRequest): Promise<ApiResult<T>> {
      if (!req.path.startsWith('/api/')) throw new Error('API paths start with /api/')
      const url = base + req.path
      const ctx: FailureContext = { serverUrl: base, extensionOrigin: opts.extensionOrigin }
      const headers: Record<string, string> = { accept: 'application/json' }
      if (req.auth !== false) headers.authorization = `Bearer ${opts.token}`
      if (req.body !== undefined) headers['content-type'] = 'application/json'
      if (req.idempotencyKey !== undefined) headers['idempotency-key'] = req.idempotencyKey

      const controller = new AbortController()
      const timer = setTimeout(() => controller.abort(), timeoutMs)
      let res: Response
      try {
        res = await doFetch(url, {
          method: req.method,
          headers,
          body: req.body === undefined ? undefined : JSON.stringify(req.body),
          signal: controller.signal,
          credentials: 'omit',
        })
      } catch {
        clearTimeout(timer)
        if (controller.signal.aborted) return { ok: false, failure: unreachableFailure(ctx, true) }
        return { ok: false, failure: await networkFailure(doFetch, `${base}/api/health`, ctx) }
      }
      try {
        const body = await readJson(res)
        if (res.ok) return { ok: true, status: res.status, data: body as T }
        ctx.retryAfterSeconds = retryAfterSeconds(res.headers.get('retry-after'))
        return { ok: false, failure: failureFromResponse(res.status, body, ctx) }
      } catch {
        return { ok: false, failure: unreachableFailure(ctx, controller.signal.aborted) }
      } finally {
        clearTimeout(timer)
      }
    },
  }
}

/**
 * A fetch that threw is either a server nobody answers for, or an answer the browser hid
 * because CORS refused this origin. An opaque `no-cors` request succeeds only in the second
 * case, which tells them apart.
 */
async function networkFailure(
  doFetch: typeof fetch,
  probeUrl: string,
  ctx: FailureContext,
): Promise<ApiFailure> {
  try {
    await doFetch(probeUrl, { mode: 'no-cors', credentials: 'omit' })
    return corsFailure(ctx)
  } catch {
    return unreachableFailure(ctx)
  }
}
