import type { ChangeFeed, ChangeListener } from '../store/change-feed.js'

/** A read in progress: its result may be kept only if nothing changed while it ran. */
export interface ViewFill {
  readonly id: string
  stale: boolean
}

/**
 * A read-through cache of values derived from one deployment each (the platform's views),
 * kept correct by a {@link ChangeFeed}: a change drops the deployment's entry, and a value read
 * while a change (or a gap in the notices) happened is never kept. Serves nothing while the
 * feed is not live. Holds at most `maxEntries`, dropping the oldest first.
 *
 * Usage: `get(id)`; on a miss, `begin(id)`, read from the store, then `fill(ticket, value)`.
 */
export class ViewCache<V> implements ChangeListener {
  readonly #entries = new Map<string, V>()
  readonly #fills = new Map<string, Set<ViewFill>>()
  readonly #unsubscribe: () => void
  #closed = false

  constructor(
    private readonly feed: ChangeFeed,
    private readonly maxEntries = 1_000,
  ) {
    this.#unsubscribe = feed.subscribe(this)
  }

  /** The cached value of `id`, if any and the feed is live. */
  get(id: string): V | undefined {
    return this.#serving() ? this.#entries.get(id) : undefined
  }

  /** Starts a read of `id` whose result {@link fill} may keep. */
  begin(id: string): ViewFill {
    const fill: ViewFill = { id, stale: !this.#serving() }
    const pending = this.#fills.get(id)
    if (pending) pending.add(fill)
    else this.#fills.set(id, new Set([fill]))
    return fill
  }

  /** Ends a read: keeps `value` unless `id` changed (or notices lapsed) since {@link begin}. */
  fill(fill: ViewFill, value: V): void {
    const pending = this.#fills.get(fill.id)
    pending?.delete(fill)
    if (pending?.size === 0) this.#fills.delete(fill.id)
    if (fill.stale || !this.#serving()) return
    this.#entries.delete(fill.id)
    this.#entries.set(fill.id, value)
    if (this.#entries.size > this.maxEntries) {
      const oldest = this.#entries.keys().next()
      if (!oldest.done) this.#entries.delete(oldest.value)
    }
  }

  /** Ends a read that failed; nothing is kept. */
  abandon(fill: ViewFill): void {
    fill.stale = true
    this.fill(fill, undefined as V)
  }

  changed(id: string): void {
    this.#entries.delete(id)
    const pending = this.#fills.get(id)
    if (pending) for (const fill of pending) fill.stale = true
  }

  reset(): void {
    this.#entries.clear()
    for (const pending of this.#fills.values()) for (const fill of pending) fill.stale = true
  }

  /** How many entries are kept (for tests and metrics). */
  get size(): number {
    return this.#entries.size
  }

  /** Stops listening and forgets everything; a closed cache keeps and serves nothing. */
  close(): void {
    this.#closed = true
    this.#unsubscribe()
    this.reset()
  }

  #serving(): boolean {
    return this.feed.live && !this.#closed
  }
}
