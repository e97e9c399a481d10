import type { MiddlewareHandler } from 'hono'
import type { Logger } from 'pino'
import { accessLoggerFor, loggablePath } from '../../log/index.js'
import type { AppEnv } from '../app-env.js'

/**
 * Writes one access line per request when it ends: `req_id`, method, path (capability
 * segments masked, at most 200 characters; never the query or body), status and milliseconds.
 * Headers and bodies are never logged. The line's fields are fixed, so it skips pino's
 * redaction pass and serializer ({@link accessLoggerFor}). Handlers log through `c.get('log')`, the redacting
 * logger, with `req_id` in their fields (no child logger per request: it costs more than the
 * line).
 */
export function requestLog(
  logger: Logger,
  now: () => number = performance.now.bind(performance),
): MiddlewareHandler<AppEnv> {
  const access = accessLoggerFor(logger)
  return async (c, next) => {
    const started = now()
    c.set('log', logger)
    await next()
    access({
      req_id: c.get('requestId'),
      method: c.req.method,
      path: loggablePath(c.req.path),
      status: c.res.status,
      ms: Math.round((now() - started) * 10) / 10,
    })
  }
}
