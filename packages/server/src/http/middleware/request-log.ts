import type { MiddlewareHandler } from 'hono'
import type { Logger } from 'pino'
import type { AppEnv } from '../app-env.js'

/**
 * Gives each request a child logger carrying its `req_id` and writes one access line when it
 * ends: method, path (never the query or body), status and milliseconds. Headers and bodies are
 * never logged.
 */
export function requestLog(
  logger: Logger,
  now: () => number = performance.now.bind(performance),
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = now()
    const log = logger.child({ req_id: c.get('requestId') })
    c.set('log', log)
    await next()
    const status = c.res.status
    const fields = {
      method: c.req.method,
      path: c.req.path,
      status,
      ms: Math.round((now() - started) * 10) / 10,
    }
    if (status >= 500) log.error(fields, 'request failed')
    else log.info(fields, 'request')
  }
}
