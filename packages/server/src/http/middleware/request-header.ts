import type { Context } from 'hono'
import type { AppEnv } from '../app-env.js'

/**
 * A request header's value. Under `@hono/node-server` it reads Node's already-parsed
 * `IncomingMessage.headers`, which spares building a `Headers` object per request (a
 * measurable share of a small request's cost); elsewhere (`app.request()`), `c.req.header`.
 * `name` must be lower case.
 */
export function requestHeader(c: Context<AppEnv>, name: string): string | undefined {
  const incoming = c.env?.incoming
  if (!incoming) return c.req.header(name)
  const value = incoming.headers[name]
  return Array.isArray(value) ? value.join(', ') : value
}
