import type { Context } from 'hono'
import type { AppEnv } from '../app-env.js'
import { requestHeader } from './request-header.js'

/**
 * The client's IP address: the socket's peer, or, when `trustProxy` is set (behind a reverse
 * proxy such as Fly's), the last hop of `X-Forwarded-For`, the one the proxy appended. Without a
 * socket (in-process `app.request()`), `local`.
 */
export function clientIp(c: Context<AppEnv>, trustProxy: boolean): string {
  if (trustProxy) {
    const hops = requestHeader(c, 'x-forwarded-for')?.split(',')
    const last = hops?.[hops.length - 1]?.trim()
    if (last) return last
  }
  return c.env?.incoming?.socket?.remoteAddress ?? 'local'
}
