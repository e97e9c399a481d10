import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process'
import { isRpcMessage, type RpcMessage } from './json-rpc.js'

/** How to start the child. */
export interface StdioChildOptions {
  argv: readonly string[]
  env: Record<string, string>
  cwd?: string | undefined
  /** Each JSON-RPC message the child writes on stdout. */
  onMessage(message: RpcMessage): void
  /** Each line the child writes on stderr, and each stdout line that is not JSON-RPC. */
  onOutput(stream: 'stdout' | 'stderr', line: string): void
  /** The process ended (or failed to start); called once. */
  onExit(code: number | null, signal: string | null, error?: Error): void
}

const EXIT_DRAIN_MS = 100

/** Splits a stream of text chunks into lines, keeping the unfinished tail between chunks. */
export class LineSplitter {
  #tail = ''

  /** Feeds a chunk; calls `onLine` for every complete line (without `\n` or `\r`). */
  push(chunk: string, onLine: (line: string) => void): void {
    let start = 0
    let nl = chunk.indexOf('\n')
    if (nl === -1) {
      this.#tail += chunk
      return
    }
    let line = this.#tail + chunk.slice(0, nl)
    this.#tail = ''
    for (;;) {
      onLine(line.endsWith('\r') ? line.slice(0, -1) : line)
      start = nl + 1
      nl = chunk.indexOf('\n', start)
      if (nl === -1) break
      line = chunk.slice(start, nl)
    }
    if (start < chunk.length) this.#tail = chunk.slice(start)
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
    const stdout = new LineSplitter()
    const stderr = new LineSplitter()
    proc.stdout.setEncoding('utf8')
    proc.stderr.setEncoding('utf8')
    proc.stdout.on('data', (chunk: string) =>
      stdout.push(chunk, (line) => {
        if (line.length === 0) return
        let parsed: unknown
        try {
          parsed = JSON.parse(line)
        } catch {
          options.onOutput('stdout', line)
          return
        }
        if (isRpcMessage(parsed)) options.onMessage(parsed)
        else if (Array.isArray(parsed)) {
          for (const item of parsed) if (isRpcMessage(item)) options.onMessage(item)
        } else options.onOutput('stdout', line)
      }),
    )
    proc.stderr.on('data', (chunk: string) =>
      stderr.push(chunk, (line) => {
        if (line.length > 0) options.onOutput('stderr', line)
      }),
    )
    // A write after the child died fails with EPIPE; the exit handler reports the death.
    proc.stdin.on('error', () => {})
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
