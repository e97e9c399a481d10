import { randomUUID } from 'node:crypto'
import type { MiddlewareHandler } from 'hono'
import type { AppEnv } from '../app-env.js'
import { requestHeader } from './request-header.js'

const ACCEPTED = /^[\w.=-]{1,64}$/

/**
 * Gives each request an id: the client's `X-Request-Id` when it is short and plain
 * (letters, digits, `_ . = -`, at most 64), else a new UUID. Echoed in `X-Request-Id`.
 */
export function requestId(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const given = requestHeader(c, 'x-request-id')
    const id = given !== undefined && ACCEPTED.test(given) ? given : randomUUID()
    c.set('requestId', id)
    c.header('X-Request-Id', id)
    await next()
  }
}
