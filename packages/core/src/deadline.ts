/** A signal that aborts at a deadline or with any of its parents; see {@link withDeadline}. */
export interface Deadline {
  readonly signal: AbortSignal
  /** True once the deadline itself passed (not a parent's abort). */
  readonly expired: boolean
  /** Stops the timer and detaches from the parents; call it when the work is done. */
  clear(): void
}

/**
 * A signal that aborts after `ms` (reason: a `TimeoutError` DOMException, as
 * `AbortSignal.timeout` gives) or as soon as one of `parents` aborts (with its reason).
 *
 * Why not `AbortSignal.any([parent, AbortSignal.timeout(ms)])`: in Node 20 the timer of
 * `AbortSignal.timeout` holds its signal weakly, and so does `any`, so a garbage collection can
 * take the timeout signal and the deadline never fires (a deploy then waits for ever). Here the
 * timer holds the controller, and each parent's listener does too, until `clear()`.
 */
export function withDeadline(ms: number, ...parents: Array<AbortSignal | undefined>): Deadline {
  const controller = new AbortController()
  let expired = false
  const detach: Array<() => void> = []
  const timer = setTimeout(() => {
    expired = true
    controller.abort(new DOMException(`timed out after ${ms} ms`, 'TimeoutError'))
  }, ms)
  timer.unref()
  for (const parent of parents) {
    if (!parent) continue
    if (parent.aborted) {
      controller.abort(parent.reason)
      break
    }
    const onAbort = () => controller.abort(parent.reason)
    parent.addEventListener('abort', onAbort, { once: true })
    detach.push(() => parent.removeEventListener('abort', onAbort))
  }
  return {
    signal: controller.signal,
    get expired() {
      return expired
    },
    clear() {
      clearTimeout(timer)
      for (const off of detach.splice(0)) off()
    },
  }
}
