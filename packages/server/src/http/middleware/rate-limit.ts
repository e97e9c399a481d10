import type { Clock } from '@mcp-remote/core'
import type { MiddlewareHandler } from 'hono'
import { RateLimitedError } from '../api-error.js'
import type { AppEnv } from '../app-env.js'
import { type Bucket, type BucketPolicy, isFull, takeToken } from './token-bucket.js'

/** Options of {@link rateLimit}. */
export interface RateLimitOptions {
  /** Requests per minute per client IP (default 100, DESIGN.md §8). */
  perMinute: number
  clock: Clock
  /** The client's key (its IP). */
  clientKey: (c: Parameters<MiddlewareHandler<AppEnv>>[0]) => string
  /** Buckets kept before full ones are swept (default 10 000). */
  maxBuckets?: number
}

/**
 * Limits each client IP to `perMinute` requests per minute with a token bucket, answering 429
 * `rate_limited` with `Retry-After` beyond it. The buckets live in this process: with several
 * replicas each applies its own limit (DESIGN.md §6).
 */
export function rateLimit(opts: RateLimitOptions): MiddlewareHandler<AppEnv> {
  const policy: BucketPolicy = { capacity: opts.perMinute, windowMs: 60_000 }
  const buckets = new Map<string, Bucket>()
  const maxBuckets = opts.maxBuckets ?? 10_000
  let sweptAt = Number.NEGATIVE_INFINITY
  return async (c, next) => {
    const now = opts.clock.now()
    if (buckets.size >= maxBuckets) {
      // Sweep refilled buckets at most once a second: a flood of new clients must not make
      // every request walk the whole map.
      if (now - sweptAt >= 1_000) {
        sweptAt = now
        for (const [key, bucket] of buckets) if (isFull(bucket, now, policy)) buckets.delete(key)
      }
      // Still full of active clients: forget the oldest rather than grow without bound.
      const oldest = buckets.keys().next()
      if (buckets.size >= maxBuckets && !oldest.done) buckets.delete(oldest.value)
    }
    // An IPv6 address has at most 45 characters; a longer key is not an address anyone owns.
    const key = opts.clientKey(c).slice(0, 64)
    const result = takeToken(buckets.get(key), now, policy)
    buckets.set(key, result.bucket)
    if (!result.allowed) throw new RateLimitedError(result.retryAfterS, opts.perMinute)
    await next()
  }
}
