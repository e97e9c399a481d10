import type { CliIo } from './cli-io.js'

/**
 * The user interrupted: Ctrl-C at a prompt, or SIGINT/SIGTERM while the CLI waits (exit 130).
 * `hint` is what a person is told (empty at a prompt, where Ctrl-C says it all).
 */
export class InterruptedError extends Error {
  readonly hint: string
  readonly details: Readonly<Record<string, unknown>>

  constructor(
    message = 'interrupted',
    opts: { hint?: string; details?: Record<string, unknown> } = {},
  ) {
    super(message)
    this.name = 'InterruptedError'
    this.hint = opts.hint ?? ''
    this.details = opts.details ?? {}
  }
}

/**
 * Runs `work` until it settles or the process is interrupted (SIGINT/SIGTERM, through
 * `io.onInterrupt`); on an interrupt it rejects at once with `interrupted(signal)`, without
 * waiting for `work`, so the caller's `finally` blocks clean up (spinner, embedded platform).
 * Signals are caught only while `work` runs; outside, they act as usual.
 */
export async function untilInterrupted<T>(
  io: CliIo,
  work: () => Promise<T>,
  interrupted: (signal: NodeJS.Signals) => InterruptedError,
): Promise<T> {
  if (!io.onInterrupt) return work()
  let off = () => {}
  const stop = new Promise<never>((_, reject) => {
    off = io.onInterrupt?.((signal) => reject(interrupted(signal))) ?? off
  })
  try {
    return await Promise.race([work(), stop])
  } finally {
    off()
  }
}
