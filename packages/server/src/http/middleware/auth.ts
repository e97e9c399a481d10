import type { MiddlewareHandler } from 'hono'
import type { ApiTokenVerifier } from '../../auth/index.js'
import { UnauthorizedError } from '../api-error.js'
import type { AppEnv } from '../app-env.js'
import { requestHeader } from './request-header.js'

/**
 * Requires `Authorization: Bearer <API token>` (DESIGN.md §8) on every path except those in
 * `publicPaths`. The token is compared in constant time by the verifier.
 */
export function bearerAuth(
  verifier: ApiTokenVerifier,
  publicPaths: readonly string[],
): MiddlewareHandler<AppEnv> {
  const open = new Set(publicPaths)
  return async (c, next) => {
    if (open.has(c.req.path)) return next()
    const header = requestHeader(c, 'authorization')
    if (!header) throw new UnauthorizedError('missing')
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header)
    if (!match?.[1] || !verifier.verify(match[1])) throw new UnauthorizedError('invalid')
    await next()
  }
}
