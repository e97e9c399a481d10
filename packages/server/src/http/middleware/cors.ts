import type { MiddlewareHandler } from 'hono'
import { OriginForbiddenError } from '../api-error.js'
import type { AppEnv } from '../app-env.js'
import { requestHeader } from './request-header.js'

const ALLOW_METHODS = 'GET, POST, DELETE, OPTIONS'
const ALLOW_HEADERS = 'Authorization, Content-Type, X-Request-Id'
const EXPOSE_HEADERS = 'X-Request-Id, Retry-After'

/**
 * CORS for the allowed origins only (the extension's `chrome-extension://<id>` and configured
 * ones, DESIGN.md §8). A preflight from an allowed origin gets 204 with the methods and the
 * `Authorization` and `Content-Type` headers; one from any other origin gets 403 `forbidden`.
 * Other requests from an allowed origin get `Access-Control-Allow-Origin`; requests from other
 * origins get no CORS headers, so browsers withhold the answer (the API token still guards it).
 */
export function cors(allowedOrigins: readonly string[]): MiddlewareHandler<AppEnv> {
  const allowed = new Set(allowedOrigins)
  return async (c, next) => {
    const origin = requestHeader(c, 'origin')
    const isAllowed = origin !== undefined && allowed.has(origin)
    const isPreflight =
      c.req.method === 'OPTIONS' && requestHeader(c, 'access-control-request-method') !== undefined
    if (isPreflight) {
      if (!isAllowed) throw new OriginForbiddenError()
      return c.body(null, 204, {
        'Access-Control-Allow-Origin': origin,
        'Access-Control-Allow-Methods': ALLOW_METHODS,
        'Access-Control-Allow-Headers': ALLOW_HEADERS,
        'Access-Control-Max-Age': '600',
        Vary: 'Origin',
      })
    }
    if (isAllowed) {
      c.header('Access-Control-Allow-Origin', origin)
      c.header('Access-Control-Expose-Headers', EXPOSE_HEADERS)
    }
    // Answers differ by Origin only when one was sent and CORS is configured at all.
    if (origin !== undefined && allowed.size > 0) c.header('Vary', 'Origin')
    await next()
  }
}
