import type { Clock } from '../clock.js'

/** Waits; injectable so tests move a virtual clock instead of waiting in real time. */
export interface Sleeper {
  /** Resolves after `ms` milliseconds; rejects with the signal's reason when aborted. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>
}

/** A clock that may also sleep (like `FakeClock` from `@mcp-remote/core/testing`). */
export type TimeSource = Clock & Partial<Sleeper>

/** Real sleeping with `setTimeout`, abortable. */
export const systemSleeper: Sleeper = {
  sleep(ms, signal) {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason)
        return
      }
      const timer = setTimeout(done, Math.max(0, ms))
      function onAbort(): void {
        clearTimeout(timer)
        reject(signal?.reason)
      }
      function done(): void {
        signal?.removeEventListener('abort', onAbort)
        resolve()
      }
      signal?.addEventListener('abort', onAbort, { once: true })
    })
  },
}

/** The sleeper of a time source: its own `sleep` when it has one, else real time. */
export function sleeperOf(time: TimeSource | undefined): Sleeper {
  const sleep = time?.sleep
  return sleep ? { sleep: (ms, signal) => sleep.call(time, ms, signal) } : systemSleeper
}
