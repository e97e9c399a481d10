/**
 * The events a Streamable HTTP session sent on its event streams, kept for a while so that a
 * client that lost a connection can resume the stream with `Last-Event-ID` (the
 * specification's "Resumability and Redelivery").
 *
 * An event id is `<stream>-<seq>`: the stream (numbered per session) it belongs to, and a
 * sequence number counted per session, so ids are unique across all streams of the session and
 * name the stream they came from, as the specification asks.
 */

/** How much a {@link ReplayBuffer} keeps. */
export interface ReplayLimits {
  /** Most events kept per session; older ones are dropped first. */
  maxEvents: number
  /** Most bytes (of SSE frames) kept per session; an event larger than this is not kept. */
  maxBytes: number
}

/** The default {@link ReplayLimits}: 256 events, 1 MiB per session. */
export const DEFAULT_REPLAY_LIMITS: Readonly<ReplayLimits> = {
  maxEvents: 256,
  maxBytes: 1024 * 1024,
}

/** Where a `Last-Event-ID` points: a stream of the session, and the last event seen on it. */
export interface EventCursor {
  stream: number
  seq: number
}

/** The `<stream>-<seq>` id of an event. */
export function eventId(stream: number, seq: number): string {
  return `${stream}-${seq}`
}

const EVENT_ID = /^(\d{1,15})-(\d{1,15})$/

/** Parses an id made by {@link eventId}; undefined for anything else. Pure. */
export function parseEventId(id: string): EventCursor | undefined {
  const match = EVENT_ID.exec(id)
  if (match === null) return undefined
  return { stream: Number(match[1]), seq: Number(match[2]) }
}

interface KeptEvent {
  readonly stream: number
  readonly seq: number
  readonly frame: string
  readonly bytes: number
}

/** What {@link ReplayBuffer.after} found. */
export interface Replay {
  /** SSE frames to write again, oldest first. */
  frames: string[]
  /** True when events of that stream after the cursor were dropped to respect the limits. */
  gap: boolean
}

/**
 * A session's recent events, bounded by {@link ReplayLimits}. Frames are stored as written, so
 * a replay is byte for byte what the lost connection carried.
 */
export class ReplayBuffer {
  readonly #limits: ReplayLimits
  readonly #events: KeptEvent[] = []
  /**
   * Per stream, the highest sequence number dropped (to tell a gap from nothing new); only for
   * the most recently dropped streams.
   */
  readonly #dropped = new Map<number, number>()
  #bytes = 0
  #nextSeq = 1

  constructor(limits: ReplayLimits = DEFAULT_REPLAY_LIMITS) {
    this.#limits = limits
  }

  /** Events kept. */
  get size(): number {
    return this.#events.length
  }

  /** Bytes kept. */
  get bytes(): number {
    return this.#bytes
  }

  /** Takes the next sequence number without keeping an event (a priming event's id). */
  reserve(): number {
    return this.#nextSeq++
  }

  /**
   * Keeps `json` as the next event of `stream` and returns its SSE frame (`event: message`,
   * `id`, `data`), ready to write.
   */
  append(stream: number, json: string): string {
    const seq = this.#nextSeq++
    const frame = `event: message\nid: ${eventId(stream, seq)}\ndata: ${json}\n\n`
    const bytes = Buffer.byteLength(frame)
    if (bytes > this.#limits.maxBytes || this.#limits.maxEvents <= 0) {
      this.#drop(stream, seq)
      return frame
    }
    this.#events.push({ stream, seq, frame, bytes })
    this.#bytes += bytes
    while (this.#events.length > this.#limits.maxEvents || this.#bytes > this.#limits.maxBytes) {
      const oldest = this.#events.shift() as KeptEvent
      this.#bytes -= oldest.bytes
      this.#drop(oldest.stream, oldest.seq)
    }
    return frame
  }

  /** The kept events of `cursor.stream` that came after `cursor.seq`, oldest first. */
  after(cursor: EventCursor): Replay {
    const frames: string[] = []
    for (const event of this.#events) {
      if (event.stream === cursor.stream && event.seq > cursor.seq) frames.push(event.frame)
    }
    return { frames, gap: (this.#dropped.get(cursor.stream) ?? 0) > cursor.seq }
  }

  #drop(stream: number, seq: number): void {
    // Most recently dropped streams last; as many records as events, so this stays bounded.
    this.#dropped.delete(stream)
    this.#dropped.set(stream, seq)
    if (this.#dropped.size > Math.max(1, this.#limits.maxEvents)) {
      this.#dropped.delete(this.#dropped.keys().next().value as number)
    }
  }
}
