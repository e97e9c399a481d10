import { setTimeout as sleep } from 'node:timers/promises'

/** A stream the CLI writes to. */
export interface OutStream {
  write(text: string): unknown
  readonly isTTY?: boolean
}

/** A readable terminal the CLI may prompt on. */
export interface InStream extends NodeJS.EventEmitter {
  readonly isTTY?: boolean
  setRawMode?(mode: boolean): unknown
  resume(): unknown
  pause(): unknown
  setEncoding(encoding: BufferEncoding): unknown
}

/** Everything the CLI touches of its process, so tests can run it in-process. */
export interface CliIo {
  stdout: OutStream
  stderr: OutStream
  stdin: InStream
  env: Readonly<Record<string, string | undefined>>
  /** Waits between polls, ms. */
  sleep(ms: number): Promise<void>
  /** Resolves on the first SIGINT or SIGTERM (used to keep `--local` deployments alive). */
  untilSignal(): Promise<NodeJS.Signals>
  /**
   * Calls `listener` on SIGINT or SIGTERM until the returned function is called; while one is
   * registered, the signal no longer ends the process. Absent: interrupts are not caught.
   */
  onInterrupt?(listener: (signal: NodeJS.Signals) => void): () => void
}

/** The real process' I/O. */
export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    sleep: (ms) => sleep(ms),
    untilSignal: () =>
      new Promise((resolve) => {
        process.once('SIGINT', () => resolve('SIGINT'))
        process.once('SIGTERM', () => resolve('SIGTERM'))
      }),
    onInterrupt: (listener) => {
      process.on('SIGINT', listener)
      process.on('SIGTERM', listener)
      return () => {
        process.off('SIGINT', listener)
        process.off('SIGTERM', listener)
      }
    },
  }
}

/** Whether the CLI may prompt: both standard input and standard error are terminals. */
export function canPrompt(io: CliIo): boolean {
  return io.stdin.isTTY === true && io.stderr.isTTY === true
}
