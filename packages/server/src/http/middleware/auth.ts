import type { Context, MiddlewareHandler } from 'hono'
import type { ApiTokenVerifier } from '../../auth/index.js'
import { UnauthorizedError } from '../api-error.js'
import type { AppEnv } from '../app-env.js'
import { requestHeader } from './request-header.js'

/** How many `Authorization` field lines the request has (under `app.request()`, 0 or 1). */
function authorizationCount(c: Context<AppEnv>): number {
  const raw = c.env?.incoming?.rawHeaders
  if (!raw) return 0
  let count = 0
  for (let i = 0; i < raw.length; i += 2) {
    if (raw[i]?.toLowerCase() === 'authorization') count += 1
  }
  return count
}

/**
 * Requires exactly one `Authorization: Bearer <API token>` (DESIGN.md §8) on every path except
 * those in `publicPaths`. The token is compared in constant time by the verifier.
 */
export function bearerAuth(
  verifier: ApiTokenVerifier,
  publicPaths: readonly string[],
): MiddlewareHandler<AppEnv> {
  const open = new Set(publicPaths)
  return async (c, next) => {
    if (open.has(c.req.path)) return next()
    // Node keeps the first of several Authorization headers and drops the rest; refuse them all.
    if (authorizationCount(c) > 1) throw new UnauthorizedError('duplicate')
    const header = requestHeader(c, 'authorization')
    if (!header) throw new UnauthorizedError('missing')
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header)
    if (!match?.[1] || !verifier.verify(match[1])) throw new UnauthorizedError('invalid')
    await next()
  }
}
