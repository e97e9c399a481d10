import type { Clock } from '../clock.js'
import type { Sleeper } from '../fly/index.js'

/**
 * A virtual clock for tests: `now()` moves only when a test calls {@link FakeClock.advance} or
 * code sleeps on it, and `sleep` returns at once after moving time forward. Code that takes a
 * `clock` (the Fly client, `FlyRuntime`, the fake Fly) runs its waits and deadlines on it, so
 * no test waits in real time. Concurrent sleepers each move time forward by their own delay.
 */
export class FakeClock implements Clock, Sleeper {
  #now: number

  /** Starts at `start` (ms since the epoch; default 2026-01-01T00:00:00Z). */
  constructor(start = Date.UTC(2026, 0, 1)) {
    this.#now = start
  }

  /** The virtual time, ms since the epoch. */
  now(): number {
    return this.#now
  }

  /** Moves time forward by `ms` (negative values are ignored). */
  advance(ms: number): void {
    this.#now += Math.max(0, ms)
  }

  /** Moves time forward to `at`; never backwards. */
  advanceTo(at: number): void {
    this.#now = Math.max(this.#now, at)
  }

  /** Moves time forward by `ms` and resolves on the next microtask. */
  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted()
    await Promise.resolve()
    signal?.throwIfAborted()
    this.advance(ms)
  }
}
