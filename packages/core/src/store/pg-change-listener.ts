import pg from 'pg'
import { CHANGE_CHANNEL, type ChangeHub } from './change-feed.js'

/** Options of {@link PgChangeListener}. */
export interface PgChangeListenerOptions {
  /** First reconnect delay, ms (default 250); doubles up to `maxRetryMs`. */
  retryMs?: number
  /** Longest reconnect delay, ms (default 10 000). */
  maxRetryMs?: number
}

/**
 * Holds one dedicated PostgreSQL connection that `LISTEN`s on {@link CHANGE_CHANNEL} and feeds
 * a {@link ChangeHub}. When the connection drops, the hub goes not-live (caches empty and stop
 * serving) and the listener reconnects with backoff; once `LISTEN` is back, the hub is live
 * again. Changes made while it was down are never served stale: nothing was cached meanwhile.
 */
export class PgChangeListener {
  #client: pg.Client | undefined
  #closed = false
  #retry: NodeJS.Timeout | undefined
  #delay: number
  readonly #retryMs: number
  readonly #maxRetryMs: number

  constructor(
    private readonly url: string,
    private readonly hub: ChangeHub,
    opts: PgChangeListenerOptions = {},
  ) {
    this.#retryMs = opts.retryMs ?? 250
    this.#maxRetryMs = opts.maxRetryMs ?? 10_000
    this.#delay = this.#retryMs
  }

  /** Connects and listens; rejects if the first connection fails. */
  async start(): Promise<void> {
    await this.#connect()
  }

  /** The backend pid of the listening connection (for tests and diagnostics). */
  get backendPid(): number | undefined {
    return (this.#client as { processID?: number } | undefined)?.processID
  }

  async #connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url })
    let lost = false
    const onLost = () => {
      if (lost) return
      lost = true
      if (this.#client === client) this.#client = undefined
      client.removeAllListeners('notification')
      void client.end().catch(() => {})
      if (this.#closed) return
      this.hub.setLive(false)
      this.#schedule()
    }
    client.on('error', onLost)
    client.on('end', onLost)
    client.on('notification', (msg) => {
      if (msg.channel === CHANGE_CHANNEL && msg.payload) this.hub.emit(msg.payload)
    })
    try {
      await client.connect()
      await client.query(`LISTEN ${CHANGE_CHANNEL}`)
    } catch (err) {
      lost = true
      client.removeAllListeners()
      client.on('error', () => {})
      await client.end().catch(() => {})
      throw err
    }
    if (this.#closed) {
      lost = true
      await client.end().catch(() => {})
      return
    }
    this.#client = client
    this.#delay = this.#retryMs
    this.hub.setLive(true)
  }

  #schedule(): void {
    if (this.#closed || this.#retry) return
    const delay = this.#delay
    this.#delay = Math.min(this.#maxRetryMs, this.#delay * 2)
    this.#retry = setTimeout(() => {
      this.#retry = undefined
      this.#connect().catch(() => this.#schedule())
    }, delay)
    this.#retry.unref()
  }

  /** Stops listening and reconnecting. */
  async close(): Promise<void> {
    this.#closed = true
    if (this.#retry) clearTimeout(this.#retry)
    this.#retry = undefined
    const client = this.#client
    this.#client = undefined
    this.hub.setLive(false)
    if (client) {
      client.removeAllListeners()
      client.on('error', () => {})
      await client.end().catch(() => {})
    }
  }
}
