import { EventEmitter } from 'node:events'
import type { CliIo } from '../src/cli/index.js'

/** A terminal (or not) whose input is scripted: each `resume()` types the next answer. */
export class FakeStdin extends EventEmitter {
  readonly answers: string[]
  rawMode = false

  constructor(
    readonly isTTY: boolean,
    answers: string[] = [],
  ) {
    super()
    this.answers = [...answers]
  }

  setRawMode(mode: boolean) {
    this.rawMode = mode
  }

  resume() {
    const next = this.answers.shift()
    if (next !== undefined) setImmediate(() => this.emit('data', next))
  }

  pause() {}
  setEncoding() {}
}

/** Captured output and a scripted environment for `runCli`. */
export function fakeIo(
  opts: {
    tty?: boolean
    answers?: string[]
    env?: Record<string, string>
    onSleep?: () => void
  } = {},
) {
  const out: string[] = []
  const err: string[] = []
  const tty = opts.tty ?? false
  const io: CliIo = {
    stdout: { write: (s: string) => out.push(s), isTTY: tty },
    stderr: { write: (s: string) => err.push(s), isTTY: tty },
    stdin: new FakeStdin(tty, opts.answers),
    env: opts.env ?? {},
    sleep: async () => opts.onSleep?.(),
    untilSignal: async () => 'SIGINT',
  }
  return {
    io,
    stdout: () => out.join(''),
    stderr: () => err.join(''),
  }
}
