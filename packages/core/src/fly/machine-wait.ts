import type { Clock } from '../clock.js'
import { FlyApiError } from './fly-api-error.js'
import type { WaitMachineResponse } from './fly-schemas.js'
import type { Sleeper } from './sleep.js'

/** What the wait loop needs: a clock, a sleeper and one `Machines_wait` call. */
export interface WaitLoopDeps {
  clock: Clock
  sleeper: Sleeper
  /**
   * One `Machines_wait` call blocking at most `timeoutSeconds` on Fly's side; its own retries
   * (network, 5xx) must end within `deadlineMs`.
   */
  once(
    timeoutSeconds: number,
    deadlineMs: number,
    signal?: AbortSignal,
  ): Promise<WaitMachineResponse>
}

/** Longest block the Machines API allows per wait call, in seconds (the spec says 60). */
export const MAX_WAIT_SECONDS = 60

/**
 * Calls `Machines_wait` until the state is reached or `timeoutMs` has passed: a 408 (the
 * state was not reached within that call's timeout) is asked again with the time left.
 * @throws {@link FlyApiError} with status 408 once the time is up, or any other failure.
 */
export async function waitForMachineState(
  deps: WaitLoopDeps,
  { timeoutMs, signal }: { timeoutMs: number; signal?: AbortSignal },
): Promise<WaitMachineResponse> {
  const deadline = deps.clock.now() + timeoutMs
  let last: FlyApiError | undefined
  for (;;) {
    const remaining = deadline - deps.clock.now()
    if (remaining <= 0) {
      throw last ?? new FlyApiError('Machines_wait', { status: 408, retryable: false })
    }
    const seconds = Math.max(1, Math.min(MAX_WAIT_SECONDS, Math.ceil(remaining / 1000)))
    const started = deps.clock.now()
    try {
      return await deps.once(seconds, remaining, signal)
    } catch (err) {
      if (!(err instanceof FlyApiError) || err.status !== 408) throw err
      last = err
      // A 408 that came back early must not turn this loop into a busy one.
      if (deps.clock.now() - started < 1000) await deps.sleeper.sleep(1000, signal)
    }
  }
}
