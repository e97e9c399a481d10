/** Bounds of the child's restart delay, in milliseconds. */
export interface RestartDelayOptions {
  /** Delay before the first restart; default 1000. */
  minMs: number
  /** Largest delay; default 30000. */
  maxMs: number
}

/** The bridge's defaults: 1 s, doubling, capped at 30 s. */
export const DEFAULT_RESTART_DELAY: RestartDelayOptions = { minMs: 1000, maxMs: 30_000 }

/**
 * How long to wait before restart number `attempt` (0 for the first restart after a healthy
 * run): `minMs * 2^attempt`, capped at `maxMs`. Pure.
 */
export function restartDelay(
  attempt: number,
  options: RestartDelayOptions = DEFAULT_RESTART_DELAY,
): number {
  const exponent = Math.min(Math.max(attempt, 0), 30)
  return Math.min(options.maxMs, options.minMs * 2 ** exponent)
}
