/** One client's bucket: how many requests it may still make, as of `at` (ms). */
export interface Bucket {
  tokens: number
  at: number
}

/** A bucket's size and refill: `capacity` requests per `windowMs`. */
export interface BucketPolicy {
  capacity: number
  windowMs: number
}

/** The outcome of {@link takeToken}. */
export interface TakeResult {
  bucket: Bucket
  allowed: boolean
  /** Whole tokens left after this request. */
  remaining: number
  /** When not allowed: seconds until one token is back (at least 1). */
  retryAfterS: number
}

/**
 * Takes one token from a bucket that refills continuously at `capacity / windowMs`. Pure: the
 * caller passes the time and stores the returned bucket. A client that never rests gets
 * `capacity` requests per window; bursts up to `capacity` are allowed.
 */
export function takeToken(
  bucket: Bucket | undefined,
  now: number,
  policy: BucketPolicy,
): TakeResult {
  const rate = policy.capacity / policy.windowMs
  const start = bucket ?? { tokens: policy.capacity, at: now }
  const tokens = Math.min(policy.capacity, start.tokens + Math.max(0, now - start.at) * rate)
  if (tokens >= 1) {
    const left = tokens - 1
    return {
      bucket: { tokens: left, at: now },
      allowed: true,
      remaining: Math.floor(left),
      retryAfterS: 0,
    }
  }
  const retryAfterS = Math.max(1, Math.ceil((1 - tokens) / rate / 1000))
  return { bucket: { tokens, at: now }, allowed: false, remaining: 0, retryAfterS }
}

/** Whether a bucket has refilled completely by `now`, so it can be forgotten. */
export function isFull(bucket: Bucket, now: number, policy: BucketPolicy): boolean {
  return bucket.tokens + (now - bucket.at) * (policy.capacity / policy.windowMs) >= policy.capacity
}
