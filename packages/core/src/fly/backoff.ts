/** Backoff settings for retried Fly calls. */
export interface BackoffOptions {
  /** First delay ceiling in ms (default 250). */
  baseMs?: number
  /** Largest delay ceiling in ms (default 8 000). */
  capMs?: number
}

/**
 * The delay before retry number `attempt` (0 for the first retry): "full jitter" exponential
 * backoff, a uniform draw in `[0, min(cap, base * 2^attempt)]`. Pure: `random` is injected.
 */
export function backoffDelay(
  attempt: number,
  random: () => number,
  { baseMs = 250, capMs = 8_000 }: BackoffOptions = {},
): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt))
  return Math.round(random() * ceiling)
}

/**
 * Milliseconds a `Retry-After` header asks for: delta-seconds or an HTTP date (relative to
 * `now`, ms since the epoch). Undefined when absent or unparsable; never negative.
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value == null) return undefined
  const trimmed = value.trim()
  if (trimmed === '') return undefined
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000)
  const at = Date.parse(trimmed)
  if (Number.isNaN(at)) return undefined
  return Math.max(0, at - now)
}
