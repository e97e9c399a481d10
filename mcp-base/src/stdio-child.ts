import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process'
import { isRpcMessage, type RequestId, type RpcMessage, TopLevelIdScanner } from './json-rpc.js'

/** How to start the child. */
export interface StdioChildOptions {
  argv: readonly string[]
  env: Record<string, string>
  cwd?: string | undefined
  /**
   * Longest line read from the child's stdout or stderr, in characters; longer lines are
   * dropped (reported to `onDropped`) without ever being held whole. Default no limit.
   */
  maxLineLength?: number
  /** Each JSON-RPC message the child writes on stdout. */
  onMessage(message: RpcMessage): void
  /**
   * Each line the child writes on stderr, and each stdout line that is not JSON-RPC. A stderr
   * line over `maxLineLength` comes cut to its first `maxLineLength` characters.
   */
  onOutput(stream: 'stdout' | 'stderr', line: string): void
  /** A stdout line the bridge could not take: over `maxLineLength`, or `onMessage` threw. */
  onDropped(drop: DroppedLine): void
  /** The child's stdin took in all that was queued for it ('drain'). */
  onDrain?(): void
  /** The process ended (or failed to start); called once. */
  onExit(code: number | null, signal: string | null, error?: Error): void
}

/** A stdout line of the child that was not delivered to `onMessage`. */
export interface DroppedLine {
  reason: 'too_large' | 'failed'
  /** Characters in the line. */
  length: number
  /** The message's top-level `id`, when it could be read. */
  id: RequestId | undefined
  /** The message has a `method`: a request (with an id) or a notification. */
  hasMethod: boolean
  /** What `onMessage` threw (for `failed`). */
  error?: unknown
}

const EXIT_DRAIN_MS = 100

/** Where {@link LineSplitter} delivers what it splits. */
export interface LineSink {
  /** A complete line (without `\n` or a trailing `\r`) no longer than the limit. */
  line(text: string): void
  /**
   * Part of a line longer than the limit, in order, as it streams by (never kept): the first
   * part holds what was buffered, `end` is true with the last part; `length` counts the
   * line's characters so far.
   */
  overflow(part: string, end: boolean, length: number): void
}

/**
 * Splits a stream of text chunks into lines, keeping the unfinished tail between chunks. A line
 * longer than `maxLength` characters is never held whole: once it passes the limit, it goes to
 * {@link LineSink.overflow} piece by piece until its newline, so a writer that never ends a
 * line cannot exhaust memory.
 */
export class LineSplitter {
  readonly #maxLength: number
  #tail = ''
  /** Characters of the overflowing line seen so far; -1 when not in one. */
  #overflowed = -1

  constructor(maxLength = Number.POSITIVE_INFINITY) {
    this.#maxLength = maxLength
  }

  /** Feeds a chunk. */
  push(chunk: string, sink: LineSink): void {
    let start = 0
    for (;;) {
      const nl = chunk.indexOf('\n', start)
      const end = nl === -1 ? chunk.length : nl
      if (this.#overflowed >= 0) {
        const part = start === 0 && nl === -1 ? chunk : chunk.slice(start, end)
        this.#overflowed += part.length
        const length = this.#overflowed
        if (nl !== -1) this.#overflowed = -1
        sink.overflow(part, nl !== -1, length)
      } else if (nl === -1) {
        if (this.#tail.length + end - start > this.#maxLength) {
          const part = this.#tail + chunk.slice(start)
          this.#tail = ''
          this.#overflowed = part.length
          sink.overflow(part, false, part.length)
        } else this.#tail += start === 0 ? chunk : chunk.slice(start)
      } else {
        let line = this.#tail === '' ? chunk.slice(start, nl) : this.#tail + chunk.slice(start, nl)
        this.#tail = ''
        if (line.endsWith('\r')) line = line.slice(0, -1)
        if (line.length > this.#maxLength) sink.overflow(line, true, line.length)
        else sink.line(line)
      }
      if (nl === -1) return
      start = nl + 1
    }
  }
}

/**
 * One MCP server process speaking newline-delimited JSON-RPC on stdio, spawned without a
 * shell in its own process group (so stopping it also stops what `npx` or `uvx` started).
 */
export class StdioChild {
  readonly #proc: ChildProcessWithoutNullStreams
  #exited = false

  constructor(options: StdioChildOptions) {
    const [command, ...args] = options.argv
    if (command === undefined) throw new Error('empty argv')
    this.#proc = spawn(command, args, {
      env: options.env,
      cwd: options.cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
      shell: false,
      windowsHide: true,
    })
    const proc = this.#proc
    const maxLineLength = options.maxLineLength ?? Number.POSITIVE_INFINITY
    const stdout = new LineSplitter(maxLineLength)
    const stderr = new LineSplitter(maxLineLength)
    proc.stdout.setEncoding('utf8')
    proc.stderr.setEncoding('utf8')
    const deliver = (message: RpcMessage, length: number) => {
      try {
        options.onMessage(message)
      } catch (error) {
        // Whatever the child wrote, it must not take the bridge down.
        options.onDropped({
          reason: 'failed',
          length,
          id: message.id ?? undefined,
          hasMethod: message.method !== undefined,
          error,
        })
      }
    }
    let scanner: TopLevelIdScanner | undefined
    const stdoutSink = {
      line: (line: string) => {
        if (line.length === 0) return
        let parsed: unknown
        try {
          parsed = JSON.parse(line)
        } catch {
          options.onOutput('stdout', line)
          return
        }
        if (isRpcMessage(parsed)) deliver(parsed, line.length)
        else if (Array.isArray(parsed)) {
          for (const item of parsed) if (isRpcMessage(item)) deliver(item, line.length)
        } else options.onOutput('stdout', line)
      },
      overflow: (part: string, end: boolean, length: number) => {
        scanner ??= new TopLevelIdScanner()
        scanner.push(part)
        if (!end) return
        options.onDropped({
          reason: 'too_large',
          length,
          id: scanner.id,
          hasMethod: scanner.hasMethod,
        })
        scanner = undefined
      },
    }
    let stderrCut = false
    const stderrSink = {
      line: (line: string) => {
        if (line.length > 0) options.onOutput('stderr', line)
      },
      overflow: (part: string, end: boolean) => {
        if (!stderrCut) options.onOutput('stderr', part.slice(0, maxLineLength))
        stderrCut = !end
      },
    }
    proc.stdout.on('data', (chunk: string) => stdout.push(chunk, stdoutSink))
    proc.stderr.on('data', (chunk: string) => stderr.push(chunk, stderrSink))
    // A write after the child died fails with EPIPE; the exit handler reports the death.
    proc.stdin.on('error', () => {})
    if (options.onDrain) proc.stdin.on('drain', options.onDrain)
    let errored: Error | undefined
    proc.on('error', (err) => {
      errored = err
      // spawn failures (ENOENT) emit 'error' and may never emit 'exit'.
      if (proc.pid === undefined) finish(null, null)
    })
    const finish = (code: number | null, signal: string | null) => {
      if (this.#exited) return
      this.#exited = true
      options.onExit(code, signal, errored)
    }
    // 'close' comes after stdout is drained; a grandchild holding the pipe open could delay it
    // forever, so 'exit' starts a short grace period instead of waiting on 'close' alone.
    proc.on('close', (code, signal) => finish(code, signal))
    proc.on('exit', (code, signal) => {
      setTimeout(() => finish(code, signal), EXIT_DRAIN_MS).unref()
    })
  }

  /** The process id, or undefined when spawning failed. */
  get pid(): number | undefined {
    return this.#proc.pid
  }

  /** True until the process has exited. */
  get alive(): boolean {
    return !this.#exited
  }

  /**
   * Bytes written to the child's stdin that wait in the bridge's memory: the pipe is full and
   * the child is not reading.
   */
  get queuedBytes(): number {
    return this.#proc.stdin.writableLength
  }

  /** Writes one message; returns false when the child is gone. */
  send(message: RpcMessage): boolean {
    if (this.#exited || !this.#proc.stdin.writable) return false
    this.#proc.stdin.write(`${JSON.stringify(message)}\n`)
    return true
  }

  /** Sends `signal` to the child's whole process group (falls back to the child alone). */
  signal(signal: NodeJS.Signals): void {
    const pid = this.#proc.pid
    if (pid === undefined) return
    try {
      process.kill(-pid, signal)
    } catch {
      try {
        this.#proc.kill(signal)
      } catch {
        // already gone
      }
    }
  }

  /**
   * Stops the child: closes stdin (the polite MCP way), sends SIGTERM to its process group,
   * and SIGKILL after `graceMs`. Resolves once the process has exited.
   */
  stop(graceMs: number): Promise<void> {
    if (this.#proc.pid === undefined) return Promise.resolve()
    if (this.#proc.exitCode !== null || this.#proc.signalCode !== null) {
      this.signal('SIGKILL')
      return Promise.resolve()
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.signal('SIGKILL'), graceMs)
      this.#proc.once('exit', () => {
        clearTimeout(timer)
        // Grandchildren that ignored SIGTERM go too.
        this.signal('SIGKILL')
        resolve()
      })
      this.#proc.stdin.end()
      this.signal('SIGTERM')
    })
  }
}
