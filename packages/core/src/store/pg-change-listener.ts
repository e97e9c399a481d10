import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { CHANGE_CHANNEL, type ChangeHub } from './change-feed.js'

/** Options of {@link PgChangeListener}. */
export interface PgChangeListenerOptions {
  /** First reconnect delay, ms (default 250); doubles up to `maxRetryMs`. */
  retryMs?: number
  /** Longest reconnect delay, ms (default 10 000). */
  maxRetryMs?: number
  /** How often the connection proves it still receives notifications, ms (default 15 000). */
  heartbeatMs?: number
  /** How long a probe may take to come back before the connection counts as lost, ms (default 5 000). */
  probeTimeoutMs?: number
  /** How long connecting may take, ms (default 10 000). */
  connectTimeoutMs?: number
}

/** Payloads of the listener's own probes; deployment ids never start with `~`. */
const PROBE_PREFIX = '~probe:'

/**
 * Holds one dedicated PostgreSQL connection that `LISTEN`s on {@link CHANGE_CHANNEL} and feeds
 * a {@link ChangeHub}. The feed is live only while notifications are proven to arrive: after
 * `LISTEN`, and then every `heartbeatMs`, the listener notifies a probe through its own
 * connection and waits for it to come back. A connection that drops, or that stops delivering
 * (a transaction-mode pooler, a half-open TCP connection), makes the hub not-live — caches
 * empty and stop serving — and is replaced, with backoff. Changes made while it was down are
 * never served stale: nothing was cached meanwhile.
 */
export class PgChangeListener {
  #client: pg.Client | undefined
  #closed = false
  #retry: NodeJS.Timeout | undefined
  #heartbeat: NodeJS.Timeout | undefined
  #delay: number
  readonly #retryMs: number
  readonly #maxRetryMs: number
  readonly #heartbeatMs: number
  readonly #probeTimeoutMs: number
  readonly #connectTimeoutMs: number
  /** Probes sent and not yet heard back, by payload. */
  readonly #probes = new Map<string, () => void>()

  constructor(
    private readonly url: string,
    private readonly hub: ChangeHub,
    opts: PgChangeListenerOptions = {},
  ) {
    this.#retryMs = opts.retryMs ?? 250
    this.#maxRetryMs = opts.maxRetryMs ?? 10_000
    this.#heartbeatMs = opts.heartbeatMs ?? 15_000
    this.#probeTimeoutMs = opts.probeTimeoutMs ?? 5_000
    this.#connectTimeoutMs = opts.connectTimeoutMs ?? 10_000
    this.#delay = this.#retryMs
  }

  /** Connects, listens and proves delivery once; rejects if that first attempt fails. */
  async start(): Promise<void> {
    await this.#connect()
  }

  /**
   * As {@link start}, but a failed first attempt is retried in the background: the feed stays
   * not-live (every read goes to the database) until notifications are proven to arrive.
   */
  async begin(): Promise<void> {
    try {
      await this.#connect()
    } catch {
      this.#schedule()
    }
  }

  async #connect(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.url,
      connectionTimeoutMillis: this.#connectTimeoutMs,
      keepAlive: true,
    })
    let lost = false
    const onLost = () => {
      if (lost) return
      lost = true
      if (this.#client === client) this.#client = undefined
      this.#stopHeartbeat()
      client.removeAllListeners('notification')
      void client.end().catch(() => {})
      if (this.#closed) return
      this.hub.setLive(false)
      this.#schedule()
    }
    client.on('error', onLost)
    client.on('end', onLost)
    client.on('notification', (msg) => {
      if (msg.channel !== CHANGE_CHANNEL || !msg.payload) return
      if (msg.payload.startsWith(PROBE_PREFIX)) this.#probes.get(msg.payload)?.()
      else this.hub.emit(msg.payload)
    })
    try {
      await client.connect()
      await client.query(`LISTEN ${CHANGE_CHANNEL}`)
      await this.#probe(client)
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
    this.#startHeartbeat(client, onLost)
    this.hub.setLive(true)
  }

  /** Notifies a probe through `client` and resolves when it comes back; rejects after the timeout. */
  async #probe(client: pg.Client): Promise<void> {
    const payload = `${PROBE_PREFIX}${randomBytes(8).toString('hex')}`
    let timer: NodeJS.Timeout | undefined
    const heard = new Promise<void>((resolve, reject) => {
      this.#probes.set(payload, resolve)
      timer = setTimeout(
        () => reject(new Error('change notifications do not arrive on this connection')),
        this.#probeTimeoutMs,
      )
    })
    try {
      // Both at once: on a silent connection the query itself never returns.
      await Promise.all([
        client.query('SELECT pg_notify($1, $2)', [CHANGE_CHANNEL, payload]),
        heard,
      ])
    } finally {
      clearTimeout(timer)
      this.#probes.delete(payload)
    }
  }

  #startHeartbeat(client: pg.Client, onLost: () => void): void {
    this.#stopHeartbeat()
    const beat = () => {
      this.#probe(client).then(() => {
        if (this.#client === client) this.#heartbeat = setTimeout(beat, this.#heartbeatMs).unref()
      }, onLost)
    }
    this.#heartbeat = setTimeout(beat, this.#heartbeatMs).unref()
  }

  #stopHeartbeat(): void {
    if (this.#heartbeat) clearTimeout(this.#heartbeat)
    this.#heartbeat = undefined
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
    this.#stopHeartbeat()
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
