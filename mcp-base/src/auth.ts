import { createHash, timingSafeEqual } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'

/** Where a request's token came from. */
export type TokenSource = 'path' | 'bearer' | 'api-key'

/** A token a request presented, and how. */
export interface PresentedToken {
  source: TokenSource
  value: string
}

/**
 * The token a request presents: the `/t/<token>/` path segment wins, then
 * `Authorization: Bearer`, then `X-API-Key`. Pure.
 */
export function presentedToken(
  pathToken: string | undefined,
  headers: IncomingHttpHeaders,
): PresentedToken | undefined {
  if (pathToken !== undefined) return { source: 'path', value: pathToken }
  const authorization = headers.authorization
  if (authorization !== undefined) {
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization)
    if (match?.[1]) return { source: 'bearer', value: match[1] }
  }
  const apiKey = headers['x-api-key']
  if (typeof apiKey === 'string' && apiKey.length > 0) return { source: 'api-key', value: apiKey }
  return undefined
}

/**
 * Checks presented tokens against the bridge token in constant time: both sides are hashed
 * to 32 bytes first, so neither the length nor the content leaks through timing.
 */
export class TokenVerifier {
  readonly #expected: Buffer

  constructor(token: string) {
    this.#expected = createHash('sha256').update(token, 'utf8').digest()
  }

  /** True when `candidate` is the bridge token. */
  verify(candidate: string): boolean {
    const digest = createHash('sha256').update(candidate, 'utf8').digest()
    return timingSafeEqual(digest, this.#expected)
  }
}
