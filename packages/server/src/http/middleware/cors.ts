import type { MiddlewareHandler } from 'hono'
import { OriginForbiddenError } from '../api-error.js'
import type { AppEnv } from '../app-env.js'
import { requestHeader } from './request-header.js'

const ALLOW_METHODS = 'GET, POST, DELETE, OPTIONS'
const ALLOW_HEADERS = 'Authorization, Content-Type, Idempotency-Key, X-Request-Id'
const EXPOSE_HEADERS = 'X-Request-Id, Retry-After'

/** The two halves of {@link cors}, mounted apart. */
export interface CorsMiddleware {
  /**
   * Marks every answer to an allowed origin, errors included: mount it before anything that
   * can refuse a request (the rate limit), or a browser withholds that refusal, and with it
   * `Retry-After`, from the page.
   */
  headers: MiddlewareHandler<AppEnv>
  /** Answers preflights: 204 for an allowed origin, 403 `forbidden` for any other. */
  preflight: MiddlewareHandler<AppEnv>
}

/**
 * CORS for the allowed origins only (the extension's `chrome-extension://<id>` and configured
 * ones, DESIGN.md §8). A preflight from an allowed origin gets 204 with the methods and the
 * `Authorization`, `Content-Type` and `Idempotency-Key` headers; one from any other origin gets
 * 403 `forbidden`. Other answers to an allowed origin, refusals included, get
 * `Access-Control-Allow-Origin`; answers to other origins get no CORS headers, so browsers
 * withhold them (the API token still guards them).
 */
export function cors(allowedOrigins: readonly string[]): CorsMiddleware {
  const allowed = new Set(allowedOrigins)
  const allowedOrigin = (c: Parameters<MiddlewareHandler<AppEnv>>[0]) => {
    const origin = requestHeader(c, 'origin')
    return origin !== undefined && allowed.has(origin) ? origin : undefined
  }
  return {
    headers: async (c, next) => {
      const origin = allowedOrigin(c)
      if (origin !== undefined) {
        c.header('Access-Control-Allow-Origin', origin)
        c.header('Access-Control-Expose-Headers', EXPOSE_HEADERS)
      }
      // Answers differ by Origin only when one was sent and CORS is configured at all.
      if (allowed.size > 0 && requestHeader(c, 'origin') !== undefined) c.header('Vary', 'Origin')
      await next()
    },
    preflight: async (c, next) => {
      const isPreflight =
        c.req.method === 'OPTIONS' &&
        requestHeader(c, 'access-control-request-method') !== undefined
      if (!isPreflight) return next()
      const origin = allowedOrigin(c)
      if (origin === undefined) throw new OriginForbiddenError()
      return c.body(null, 204, {
        'Access-Control-Allow-Origin': origin,
        'Access-Control-Allow-Methods': ALLOW_METHODS,
        'Access-Control-Allow-Headers': ALLOW_HEADERS,
        'Access-Control-Max-Age': '600',
        Vary: 'Origin',
      })
    },
  }
}
