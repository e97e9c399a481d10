import { setTimeout as sleep } from 'node:timers/promises'

/** Options of {@link waitHealthy}. */
export interface WaitHealthyOptions {
  /** Give up after this many ms. */
  timeoutMs: number
  /** Stop early, e.g. when the process exited. Return a reason to stop. */
  gaveUp?: () => string | undefined
  /** Reads a non-200 answer's JSON body; returns a reason to stop waiting. */
  judge?: (body: unknown) => string | undefined
  signal?: AbortSignal
}

/**
 * Polls `url` until it answers 200. Resolves `undefined` when healthy, or the reason it
 * stopped waiting (timeout, `gaveUp`, abort).
 */
export async function waitHealthy(
  url: string,
  opts: WaitHealthyOptions,
): Promise<string | undefined> {
  const deadline = Date.now() + opts.timeoutMs
  let delay = 50
  while (Date.now() < deadline) {
    if (opts.signal?.aborted) return 'aborted'
    const reason = opts.gaveUp?.()
    if (reason) return reason
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) })
      if (res.status === 200) {
        await res.body?.cancel()
        return undefined
      }
      const verdict = opts.judge?.(await res.json().catch(() => undefined))
      if (verdict) return verdict
    } catch {
      // not listening yet
    }
    await sleep(delay)
    delay = Math.min(delay * 1.5, 500)
  }
  return `not healthy within ${Math.round(opts.timeoutMs / 1000)} s`
}
