import { DEFAULT_RESTART_DELAY, type RestartDelayOptions, restartDelay } from './backoff.js'
import { BRIDGE_CLIENT_CAPABILITIES, BRIDGE_NAME, BRIDGE_VERSION } from './identity.js'
import {
  errorResponse,
  isResponse,
  RPC_ERRORS,
  type RpcMessage,
  UNFORWARDABLE,
} from './json-rpc.js'
import type { Logger } from './log.js'
import { LATEST_PROTOCOL_VERSION } from './protocol-version.js'
import type { Redactor } from './redact.js'
import { type DroppedLine, StdioChild } from './stdio-child.js'

/** Where the child is in its life. */
export type UpstreamState = 'starting' | 'ready' | 'restarting' | 'stopped'

/** What the child answered to the bridge's `initialize`. */
export interface ChildInfo {
  /** The InitializeResult, as the child sent it. */
  result: Record<string, unknown>
  protocolVersion: string
}

/** How the supervisor starts and watches the child. */
export interface UpstreamOptions {
  argv: readonly string[]
  env: Record<string, string>
  cwd?: string | undefined
  log: Logger
  redact: Redactor
  /** How long the child may take to answer `initialize`, in ms. */
  initTimeoutMs: number
  restartDelay?: RestartDelayOptions
  /** How long `stop()` waits after SIGTERM before SIGKILL, in ms. */
  stopGraceMs: number
  /** Longest line taken from the child, in characters; longer ones are dropped. */
  maxLineLength: number
  /** Bytes that may wait for the child to read its stdin before requests are refused. */
  maxQueuedBytes: number
  /** A message from the child that is not an answer to the bridge's own requests. */
  onMessage(message: RpcMessage): void
  /** The child is initialized (first start or after a restart). */
  onReady(info: ChildInfo): void
  /** The child is gone; everything in flight must be failed now. */
  onLost(): void
}

const INTERNAL_PREFIX = `${BRIDGE_NAME}:`
const MAX_LOGGED_LINE = 2000

/**
 * Supervises the one stdio child: spawns it, initializes it once per process, restarts it with
 * exponential backoff when it dies, and says whether it is healthy.
 */
export class Upstream {
  readonly #options: UpstreamOptions
  #child: StdioChild | undefined
  #state: UpstreamState = 'starting'
  #info: ChildInfo | undefined
  #attempt = 0
  #readyAt = 0
  #timer: NodeJS.Timeout | undefined
  #nextInternal = 0
  readonly #internal = new Map<string, (message: RpcMessage) => void>()
  #waiters: Array<() => void> = []
  #backlogged = false

  constructor(options: UpstreamOptions) {
    this.#options = options
  }

  /** The current state; `ready` means alive and initialized. */
  get state(): UpstreamState {
    return this.#state
  }

  /** The last successful initialization (kept while the child restarts). */
  get info(): ChildInfo | undefined {
    return this.#info
  }

  /** Restarts since the child last ran long enough to count as stable (0 when fine). */
  get restarts(): number {
    return this.#attempt
  }

  /** The child's process id while it runs. */
  get pid(): number | undefined {
    return this.#child?.alive ? this.#child.pid : undefined
  }

  /** Bytes waiting for the child to read its stdin. */
  get queuedBytes(): number {
    return this.#child?.queuedBytes ?? 0
  }

  /**
   * True while more than `maxQueuedBytes` wait to be written to the child's stdin: it stopped
   * reading, and new requests must be refused until it drains. Logs the start of each episode.
   */
  backlogged(): boolean {
    const queued = this.queuedBytes
    if (queued <= this.#options.maxQueuedBytes) return false
    if (!this.#backlogged) {
      this.#backlogged = true
      this.#options.log.warn(
        { queuedBytes: queued, limit: this.#options.maxQueuedBytes },
        'child not reading its input; refusing requests',
      )
    }
    return true
  }

  /** Spawns the child. */
  start(): void {
    this.#spawn()
  }

  /** Forwards a message to the child; false when the child is not ready. */
  send(message: RpcMessage): boolean {
    if (this.#state !== 'ready' || this.#child === undefined) return false
    return this.#child.send(message)
  }

  /** Sends a request of the bridge's own (not a client's); resolves with the response. */
  request(method: string, params: Record<string, unknown>): Promise<RpcMessage> {
    const id = `${INTERNAL_PREFIX}${++this.#nextInternal}`
    return new Promise((resolve) => {
      this.#internal.set(id, resolve)
      if (!this.#child?.send({ jsonrpc: '2.0', id, method, params })) {
        this.#internal.delete(id)
        resolve({ jsonrpc: '2.0', id, error: { code: -32000, message: 'child not running' } })
      }
    })
  }

  /** Resolves true once the child is ready, false after `timeoutMs` or on stop. */
  whenReady(timeoutMs: number): Promise<boolean> {
    if (this.#state === 'ready') return Promise.resolve(true)
    if (this.#state === 'stopped') return Promise.resolve(false)
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer)
        resolve(this.#state === 'ready')
      }
      const timer = setTimeout(() => {
        this.#waiters = this.#waiters.filter((w) => w !== done)
        resolve(false)
      }, timeoutMs)
      this.#waiters.push(done)
    })
  }

  /** Stops for good: no more restarts, the child's process group is terminated. */
  async stop(): Promise<void> {
    this.#state = 'stopped'
    clearTimeout(this.#timer)
    this.#wake()
    const child = this.#child
    if (child) await child.stop(this.#options.stopGraceMs)
  }

  #wake(): void {
    const waiters = this.#waiters
    this.#waiters = []
    for (const wake of waiters) wake()
  }

  #spawn(): void {
    if (this.#state === 'stopped') return
    const { log, redact } = this.#options
    this.#state = this.#info ? 'restarting' : 'starting'
    let child: StdioChild
    try {
      child = new StdioChild({
        argv: this.#options.argv,
        env: this.#options.env,
        cwd: this.#options.cwd,
        maxLineLength: this.#options.maxLineLength,
        onMessage: (message) => this.#fromChild(message),
        onDropped: (drop) => this.#dropped(child, drop),
        onDrain: () => {
          if (!this.#backlogged || child !== this.#child) return
          this.#backlogged = false
          log.info({}, 'child reading its input again')
        },
        onOutput: (stream, line) => {
          const text = line.length > MAX_LOGGED_LINE ? `${line.slice(0, MAX_LOGGED_LINE)}…` : line
          log.info({ stream, line: redact(text) }, 'child output')
        },
        onExit: (code, signal, error) => this.#onExit(child, code, signal, error),
      })
    } catch (error) {
      log.error({ error: redact(String(error)) }, 'child spawn failed')
      this.#scheduleRestart()
      return
    }
    this.#child = child
    log.info({ pid: child.pid, command: this.#options.argv[0] }, 'child started')
    void this.#initialize(child)
  }

  async #initialize(child: StdioChild): Promise<void> {
    const { log, initTimeoutMs } = this.#options
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), initTimeoutMs)
    })
    const response = await Promise.race([
      this.request('initialize', {
        protocolVersion: LATEST_PROTOCOL_VERSION,
        capabilities: BRIDGE_CLIENT_CAPABILITIES,
        clientInfo: { name: BRIDGE_NAME, version: BRIDGE_VERSION },
      }),
      timeout,
    ])
    clearTimeout(timer)
    if (child !== this.#child || !child.alive || this.#state === 'stopped') return
    const result = response?.result
    if (
      typeof result !== 'object' ||
      result === null ||
      typeof (result as { protocolVersion?: unknown }).protocolVersion !== 'string'
    ) {
      log.error(
        { reason: response === undefined ? 'timeout' : 'error response' },
        'child initialize failed',
      )
      child.signal('SIGKILL')
      return
    }
    const info: ChildInfo = {
      result: result as Record<string, unknown>,
      protocolVersion: (result as { protocolVersion: string }).protocolVersion,
    }
    child.send({ jsonrpc: '2.0', method: 'notifications/initialized' })
    this.#info = info
    this.#state = 'ready'
    this.#readyAt = Date.now()
    const server = (result as { serverInfo?: { name?: unknown; version?: unknown } }).serverInfo
    log.info(
      {
        pid: child.pid,
        protocolVersion: info.protocolVersion,
        server: typeof server?.name === 'string' ? server.name : undefined,
        serverVersion: typeof server?.version === 'string' ? server.version : undefined,
      },
      'child ready',
    )
    this.#options.onReady(info)
    this.#wake()
  }

  #fromChild(message: RpcMessage): void {
    if (isResponse(message) && typeof message.id === 'string') {
      const resolve = this.#internal.get(message.id)
      if (resolve) {
        this.#internal.delete(message.id)
        resolve(message)
        return
      }
    }
    this.#options.onMessage(message)
  }

  /**
   * A line from the child that could not be taken (too long) or routed (routing threw): logged,
   * and whoever waits for it gets an error rather than nothing. Never throws.
   */
  #dropped(child: StdioChild, drop: DroppedLine): void {
    try {
      const { log, redact, maxLineLength } = this.#options
      const id = typeof drop.id === 'string' ? redact(drop.id.slice(0, 100)) : drop.id
      const fields = { reason: drop.reason, length: drop.length, id, hasMethod: drop.hasMethod }
      if (drop.reason === 'failed') {
        const error = drop.error instanceof Error ? drop.error.message : String(drop.error)
        log.error({ ...fields, error: redact(error) }, 'message from the child failed to route')
      } else {
        log.warn({ ...fields, limit: maxLineLength }, 'message from the child too large; dropped')
      }
      if (drop.id === undefined || child !== this.#child) return
      if (drop.hasMethod) {
        // The child's own request never reached a client: answer it, or it waits for ever.
        if (drop.reason === 'too_large') {
          child.send(
            errorResponse(
              drop.id,
              RPC_ERRORS.internalError,
              `The bridge cannot forward a message of over ${maxLineLength} characters.`,
            ),
          )
        }
        return
      }
      this.#fromChild(errorResponse(drop.id, RPC_ERRORS.internalError, UNFORWARDABLE))
    } catch {
      // Nothing the child writes may take the bridge down; the log line above is what's left.
    }
  }

  #onExit(child: StdioChild, code: number | null, signal: string | null, error?: Error): void {
    if (child !== this.#child) return
    const { log } = this.#options
    this.#backlogged = false
    for (const [id, resolve] of this.#internal) {
      resolve({ jsonrpc: '2.0', id, error: { code: -32000, message: 'child exited' } })
    }
    this.#internal.clear()
    const wasReady = this.#state === 'ready'
    if (this.#state === 'stopped') {
      log.info({ code, signal }, 'child stopped')
      return
    }
    log.warn(
      { code, signal, error: error ? this.#options.redact(error.message) : undefined },
      'child exited',
    )
    if (wasReady && Date.now() - this.#readyAt >= this.#delays().maxMs) this.#attempt = 0
    this.#state = 'restarting'
    this.#options.onLost()
    this.#scheduleRestart()
  }

  #delays(): RestartDelayOptions {
    return this.#options.restartDelay ?? DEFAULT_RESTART_DELAY
  }

  #scheduleRestart(): void {
    if (this.#state === 'stopped') return
    this.#state = 'restarting'
    const delayMs = restartDelay(this.#attempt, this.#delays())
    this.#attempt++
    this.#options.log.info({ delayMs, attempt: this.#attempt }, 'child restart scheduled')
    this.#timer = setTimeout(() => this.#spawn(), delayMs)
  }
}
