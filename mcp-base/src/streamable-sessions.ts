import { randomUUID } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { refuseBacklogged, refuseSession, sendRpcError } from './http-io.js'
import {
  isClientMessage,
  isRequest,
  isResponse,
  type RequestId,
  type RpcMessage,
  serialize,
} from './json-rpc.js'
import type { Logger } from './log.js'
import {
  ASSUMED_PROTOCOL_VERSION,
  expectsPrimingEvent,
  KNOWN_PROTOCOL_VERSIONS,
} from './protocol-version.js'
import {
  DEFAULT_REPLAY_LIMITS,
  eventId,
  parseEventId,
  ReplayBuffer,
  type ReplayLimits,
} from './replay-buffer.js'
import type { RoutedSession, SessionRouter } from './session-router.js'
import { EVENT_STREAM_HEADERS, KEEP_ALIVE, keepAlive } from './sse-writer.js'

/**
 * A stream of messages to the client: a POST's answer, or the session's GET stream. Once an
 * event id went out, the stream outlives its connection: the client can come back with
 * `Last-Event-ID` and get what it missed.
 */
interface Stream {
  /** The stream's number within its session, the first part of its event ids. */
  readonly key: number
  /** The connection carrying the stream now; undefined while the client is away. */
  res: ServerResponse | undefined
  /** Requests of the POST still unanswered (empty for GET streams). */
  readonly waiting: Set<RequestId>
  /** Headers already sent as `text/event-stream`. */
  streaming: boolean
  /** An event id went out: the client can resume the stream. */
  resumable: boolean
  /** Start the event stream with a priming event (the client speaks 2025-11-25 or later). */
  readonly primes: boolean
  stopKeepAlive: () => void
  /** Turns a POST still waiting for its answer into an event stream (see `streamAfterMs`). */
  switchTimer: ReturnType<typeof setTimeout> | undefined
}

interface Session {
  readonly id: string
  routed: RoutedSession | undefined
  /** Client request id -> the POST stream that must carry its answer. */
  readonly byRequest: Map<RequestId, Stream>
  /** Resumable streams still open (connected or not), by key. */
  readonly streams: Map<number, Stream>
  standalone: Stream | undefined
  /** HTTP responses of this session still open. */
  openResponses: number
  nextStream: number
  /** When the client last sent a request or left a connection (ms since the epoch). */
  lastSeen: number
  /** Created with the session's first event id. */
  replay: ReplayBuffer | undefined
  /**
   * Requests of the server (serialized) that no stream could carry: the client had no GET stream
   * open yet. The next GET stream starts with them.
   */
  held: string[]
}

/** Most server requests a session keeps for its next GET stream; beyond, they are refused. */
const MAX_HELD_REQUESTS = 64

/** Options of {@link StreamableSessions}. */
export interface StreamableSessionsOptions {
  router: SessionRouter
  log: Logger
  /** Interval of `: keepalive` comments on event streams, in ms (0 disables). */
  keepAliveMs: number
  /**
   * A POST whose answer has not come within this many ms becomes an event stream (headers, a
   * priming event or a keep-alive comment, then keep-alives), so that proxies which cut idle or
   * silent connections don't cut a long call. 0 disables: the POST waits for its JSON body.
   */
  streamAfterMs: number
  /** What each session keeps for `Last-Event-ID` replay. Default {@link DEFAULT_REPLAY_LIMITS}. */
  replay?: ReplayLimits
  /** False when the bridge serves as many sessions as it may: `initialize` gets 503. */
  canOpen(): boolean
}

const SESSION_HEADER = 'mcp-session-id'

/** A request header's value; an empty header counts as absent. */
function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name]
  const first = Array.isArray(value) ? value[0] : value
  return first === '' ? undefined : first
}

/** The `Accept` header in lower case: media types are case-insensitive (RFC 9110, 8.3.1). */
function acceptHeader(req: IncomingMessage): string {
  return (header(req, 'accept') ?? '').toLowerCase()
}

/** True while `stream` has a connection that can still be written to. */
function connected(stream: Stream | undefined): stream is Stream & { res: ServerResponse } {
  const res = stream?.res
  return res !== undefined && !res.writableEnded && !res.destroyed
}

/**
 * The Streamable HTTP transport (`/mcp`: POST, GET, DELETE; sessions by `Mcp-Session-Id`), each
 * session a session of the router.
 *
 * Lean on purpose, as it carries every message: a POST's answer is decided when its first
 * message arrives. If that is the final response, it goes out as one `application/json` body in
 * a single write; if notifications or server requests come first, or nothing came within
 * `streamAfterMs`, the answer becomes an event stream (a silent connection is what proxies cut).
 * Both are what the specification allows, and SDK clients of both generations accept them.
 *
 * Event streams are resumable: every event carries an id (`<stream>-<seq>`) and is kept in the
 * session's bounded {@link ReplayBuffer}; a stream whose connection drops stays open, and a GET
 * with `Last-Event-ID` replays what came after that id and carries the rest of the stream.
 * Clients of 2025-11-25 or later get a priming event (an id, empty data) first, so they can
 * resume before the first message.
 */
export class StreamableSessions {
  readonly #options: StreamableSessionsOptions
  readonly #sessions = new Map<string, Session>()

  constructor(options: StreamableSessionsOptions) {
    this.#options = options
  }

  /** Open sessions. */
  get size(): number {
    return this.#sessions.size
  }

  /** Handles one request to `/mcp`; `body` is the parsed POST body (undefined otherwise). */
  handle(req: IncomingMessage, res: ServerResponse, body: unknown): void {
    // Every request, `initialize` included and whatever its session: the specification's
    // "Protocol Version Header" wants 400 for any request naming a version the server does not
    // support, and no session may be opened for a client speaking one.
    const version = header(req, 'mcp-protocol-version')
    if (version !== undefined && !KNOWN_PROTOCOL_VERSIONS.includes(version)) {
      sendRpcError(res, 400, -32000, `Bad Request: Unsupported protocol version: ${version}`)
      return
    }
    switch (req.method) {
      case 'POST':
        this.#post(req, res, body)
        return
      case 'GET':
        this.#get(req, res)
        return
      case 'DELETE':
        this.#delete(req, res)
        return
      default:
        res.writeHead(405, { Allow: 'GET, POST, DELETE' }).end()
    }
  }

  /**
   * Closes sessions nobody uses: no open response, no request in flight, and nothing from the
   * client for `idleMs`. A session with a stream attached is never reaped, however quiet; one
   * that only receives (list changes, logs) is, or abandoned sessions would live for ever.
   */
  reap(now: number, idleMs: number): number {
    let reaped = 0
    for (const session of this.#sessions.values()) {
      const routed = session.routed
      if (routed === undefined || session.openResponses > 0 || routed.busy) continue
      if (now - session.lastSeen < idleMs) continue
      reaped++
      this.#close(session, 'idle')
    }
    return reaped
  }

  /** Closes every session and its open responses. */
  closeAll(): void {
    for (const session of [...this.#sessions.values()]) this.#close(session, 'shutdown')
  }

  #post(req: IncomingMessage, res: ServerResponse, body: unknown): void {
    const accept = acceptHeader(req)
    if (!accept.includes('application/json') || !accept.includes('text/event-stream')) {
      sendRpcError(
        res,
        406,
        -32000,
        'Not Acceptable: Client must accept both application/json and text/event-stream',
      )
      return
    }
    const messages = Array.isArray(body) ? body : [body]
    if (messages.length === 0 || !messages.every(isClientMessage)) {
      sendRpcError(res, 400, -32600, 'Invalid Request: not a JSON-RPC message')
      return
    }
    const initialize = messages.some((m) => m.method === 'initialize')
    const sessionId = header(req, SESSION_HEADER)
    let session: Session | undefined
    if (initialize) {
      if (messages.length > 1) {
        sendRpcError(
          res,
          400,
          -32600,
          'Invalid Request: Only one initialization request is allowed',
        )
        return
      }
      if (sessionId !== undefined) {
        sendRpcError(res, 400, -32600, 'Invalid Request: Server already initialized')
        return
      }
      if (!this.#options.canOpen()) {
        this.#options.log.warn(
          { transport: 'streamable-http' },
          'session refused: too many sessions',
        )
        refuseSession(res)
        return
      }
      session = this.#open()
    } else {
      session = this.#find(res, sessionId)
      if (session === undefined) return
    }
    const routed = session.routed as RoutedSession
    const requests = messages.filter(isRequest)
    // An id must not be reused while its request is in flight: two answers would race for one
    // stream, and the first request could no longer be cancelled when the session ends.
    const ids = new Set(requests.map((r) => r.id))
    if (ids.size < requests.length || requests.some((r) => session.byRequest.has(r.id))) {
      sendRpcError(res, 400, -32600, 'Invalid Request: request id already in use in this session')
      return
    }
    if (!initialize && requests.length > 0 && this.#options.router.childBacklogged()) {
      refuseBacklogged(res)
      return
    }
    if (requests.length === 0) {
      res.writeHead(202, { [SESSION_HEADER]: session.id }).end()
      this.#receive(session, routed, messages)
      return
    }
    const stream = this.#newStream(session, req, new Set(requests.map((r) => r.id)))
    for (const request of requests) session.byRequest.set(request.id, stream)
    this.#attach(session, stream, res)
    // A batch is answered as a stream: its answers arrive one by one.
    if (requests.length > 1) {
      const priming = this.#startStream(session, stream)
      if (priming !== '') res.write(priming)
    } else if (this.#options.streamAfterMs > 0) {
      // The client accepts an event stream (refused above otherwise): switch if the answer is slow.
      stream.switchTimer = setTimeout(
        () => this.#switch(session, stream),
        this.#options.streamAfterMs,
      )
    }
    this.#receive(session, routed, messages)
  }

  /**
   * Routes what the client sent. A request it cancels gets no answer (the child is told to stop,
   * and a late answer is dropped): the session stops waiting for it (its id is free, the session
   * can be idle again), and once no other request of its POST waits, a POST stream that has not
   * given the client an event id ends, instead of staying open, kept alive and holding the session,
   * for ever. One that has is left for the client to close: SDK clients take the end of a stream
   * with an id and no response for a lost connection and reconnect with `Last-Event-ID`, which
   * could only be refused.
   */
  #receive(session: Session, routed: RoutedSession, messages: RpcMessage[]): void {
    for (const message of messages) {
      const cancelled =
        message.method === 'notifications/cancelled' ? message.params?.requestId : undefined
      routed.receive(message)
      if (typeof cancelled === 'string' || typeof cancelled === 'number') {
        this.#cancelled(session, cancelled)
      }
    }
  }

  /** The client cancelled request `id`: its stream stops waiting for it (see `#receive`). */
  #cancelled(session: Session, id: RequestId): void {
    const stream = session.byRequest.get(id)
    if (stream === undefined) return
    session.byRequest.delete(id)
    stream.waiting.delete(id)
    if (stream.waiting.size > 0) return
    clearTimeout(stream.switchTimer)
    // Nothing is left to resume: a Last-Event-ID of this stream now gets 400 like an ended one's.
    session.streams.delete(stream.key)
    if (!connected(stream) || stream.resumable) return
    stream.stopKeepAlive()
    // A POST not yet answered in any form becomes an event stream with no message: the request
    // had no response, and the client accepts event streams (refused with 406 otherwise).
    if (!stream.streaming) {
      stream.res.writeHead(200, { ...EVENT_STREAM_HEADERS, [SESSION_HEADER]: session.id })
    }
    stream.res.end()
  }

  #get(req: IncomingMessage, res: ServerResponse): void {
    if (!acceptHeader(req).includes('text/event-stream')) {
      sendRpcError(res, 406, -32000, 'Not Acceptable: Client must accept text/event-stream')
      return
    }
    const session = this.#find(res, header(req, SESSION_HEADER))
    if (session === undefined) return
    const lastEventId = header(req, 'last-event-id')
    if (lastEventId !== undefined) {
      this.#resume(session, res, lastEventId)
      return
    }
    if (connected(session.standalone)) {
      sendRpcError(res, 409, -32000, 'Conflict: Only one SSE stream is allowed per session')
      return
    }
    // A fresh GET stream replaces one the client left; what that one sent stays replayable.
    if (session.standalone !== undefined) session.streams.delete(session.standalone.key)
    const stream = this.#newStream(session, req, new Set())
    session.standalone = stream
    this.#attach(session, stream, res)
    const priming = this.#startStream(session, stream)
    if (priming !== '') res.write(priming)
    else res.flushHeaders()
    for (const json of session.held.splice(0)) this.#event(session, stream, json, false)
  }

  /**
   * A GET with `Last-Event-ID`: replays the events of that id's stream that came after it, then
   * carries the rest of the stream on this connection (or ends, if the stream has ended). A
   * connection the stream still had is closed: the client has given up on it.
   */
  #resume(session: Session, res: ServerResponse, lastEventId: string): void {
    const cursor = parseEventId(lastEventId)
    const stream = cursor === undefined ? undefined : session.streams.get(cursor.stream)
    const replay = cursor === undefined ? undefined : session.replay?.after(cursor)
    if (stream === undefined && (replay === undefined || replay.frames.length === 0)) {
      sendRpcError(res, 400, -32000, 'Bad Request: Last-Event-ID names no stream to resume')
      return
    }
    if (replay?.gap) {
      this.#options.log.warn(
        { session: session.id.slice(0, 8), lastEventId },
        'resumed stream lost events to the replay limits',
      )
    }
    const frames = replay === undefined ? '' : replay.frames.join('')
    res.writeHead(200, { ...EVENT_STREAM_HEADERS, [SESSION_HEADER]: session.id })
    if (stream === undefined) {
      res.end(frames)
      return
    }
    const previous = stream.res
    stream.stopKeepAlive()
    this.#attach(session, stream, res)
    previous?.end()
    stream.stopKeepAlive = keepAlive(res, this.#options.keepAliveMs)
    if (frames !== '') res.write(frames)
    else res.flushHeaders()
  }

  #delete(req: IncomingMessage, res: ServerResponse): void {
    const session = this.#find(res, header(req, SESSION_HEADER))
    if (session === undefined) return
    this.#close(session, 'deleted')
    res.writeHead(200).end()
  }

  /** The session a request names; answers 400/404 itself when there is none. */
  #find(res: ServerResponse, sessionId: string | undefined): Session | undefined {
    if (sessionId === undefined) {
      sendRpcError(res, 400, -32000, 'Bad Request: Mcp-Session-Id header is required')
      return undefined
    }
    const session = this.#sessions.get(sessionId)
    if (session === undefined) {
      sendRpcError(res, 404, -32001, 'Session not found')
      return undefined
    }
    session.lastSeen = Date.now()
    return session
  }

  #open(): Session {
    const { router, log } = this.#options
    const session: Session = {
      id: randomUUID(),
      routed: undefined,
      byRequest: new Map(),
      streams: new Map(),
      standalone: undefined,
      openResponses: 0,
      nextStream: 0,
      lastSeen: Date.now(),
      replay: undefined,
      held: [],
    }
    session.routed = router.open({
      id: session.id,
      transport: 'streamable-http',
      get listening() {
        return connected(session.standalone)
      },
      send: (message, relatedRequestId) => this.#send(session, message, relatedRequestId),
    })
    this.#sessions.set(session.id, session)
    log.info({ session: session.id.slice(0, 8), transport: 'streamable-http' }, 'session opened')
    return session
  }

  /**
   * A new stream. Its client's protocol version (the request's `MCP-Protocol-Version`, else the
   * one negotiated, else 2025-03-26) decides whether it starts with a priming event.
   */
  #newStream(session: Session, req: IncomingMessage, waiting: Set<RequestId>): Stream {
    const version =
      header(req, 'mcp-protocol-version') ??
      session.routed?.protocolVersion ??
      ASSUMED_PROTOCOL_VERSION
    return {
      key: ++session.nextStream,
      res: undefined,
      waiting,
      streaming: false,
      resumable: false,
      primes: expectsPrimingEvent(version),
      stopKeepAlive: () => {},
      switchTimer: undefined,
    }
  }

  /** Makes `res` the stream's connection; when it closes, the stream waits or is forgotten. */
  #attach(session: Session, stream: Stream, res: ServerResponse): void {
    stream.res = res
    session.openResponses++
    res.once('close', () => {
      session.openResponses--
      session.lastSeen = Date.now()
      if (stream.res !== res) return // a resumed connection took over
      stream.stopKeepAlive()
      clearTimeout(stream.switchTimer)
      stream.res = undefined
      const open = stream === session.standalone || stream.waiting.size > 0
      if (stream.resumable && open) return // the client may come back with Last-Event-ID
      session.streams.delete(stream.key)
      if (stream === session.standalone) session.standalone = undefined
      // Nothing to resume: forget the answers still due (late ones are dropped).
      for (const id of stream.waiting) {
        if (session.byRequest.get(id) === stream) session.byRequest.delete(id)
      }
    })
  }

  /**
   * Sends the stream's headers and starts keep-alives; returns the priming event to write
   * first ('' when the client gets none).
   */
  #startStream(session: Session, stream: Stream): string {
    const res = stream.res as ServerResponse
    clearTimeout(stream.switchTimer)
    stream.streaming = true
    res.writeHead(200, { ...EVENT_STREAM_HEADERS, [SESSION_HEADER]: session.id })
    stream.stopKeepAlive = keepAlive(res, this.#options.keepAliveMs)
    if (!stream.primes) return ''
    this.#resumable(session, stream)
    const seq = (session.replay as ReplayBuffer).reserve()
    return `id: ${eventId(stream.key, seq)}\ndata: \n\n`
  }

  /**
   * `streamAfterMs` went by and the POST is still waiting for its answer: it becomes an event
   * stream now, as it would for a progress notification. The priming event (or, for clients
   * that get none, a keep-alive comment) sends the headers and first bytes at once; keep-alives
   * follow, and the answer comes as an event with an id.
   */
  #switch(session: Session, stream: Stream): void {
    stream.switchTimer = undefined
    if (stream.streaming || stream.waiting.size === 0 || !connected(stream)) return
    const priming = this.#startStream(session, stream)
    stream.res.write(priming !== '' ? priming : KEEP_ALIVE)
  }

  #resumable(session: Session, stream: Stream): ReplayBuffer {
    if (!stream.resumable) {
      stream.resumable = true
      session.streams.set(stream.key, stream)
    }
    session.replay ??= new ReplayBuffer(this.#options.replay ?? DEFAULT_REPLAY_LIMITS)
    return session.replay
  }

  /**
   * Sends `json` as the stream's next event (kept for replay), after `prefix`; `last` ends the
   * stream. Without a connection the event is only kept.
   */
  #event(session: Session, stream: Stream, json: string, last: boolean, prefix = ''): void {
    const frame = prefix + this.#resumable(session, stream).append(stream.key, json)
    if (last) {
      session.streams.delete(stream.key)
      stream.stopKeepAlive()
    }
    if (!connected(stream)) return
    if (last) stream.res.end(frame)
    else stream.res.write(frame)
  }

  /**
   * See {@link ClientSession.send}: false when `message` cannot be serialized, or is a request
   * that can neither be sent nor held (too many held already).
   */
  #send(session: Session, message: RpcMessage, relatedRequestId: RequestId | undefined): boolean {
    if (isResponse(message)) {
      const stream = session.byRequest.get(message.id)
      if (stream === undefined) return true
      const json = serialize(message)
      if (json === undefined) return false
      session.byRequest.delete(message.id)
      stream.waiting.delete(message.id)
      if (stream.streaming) {
        this.#event(session, stream, json, stream.waiting.size === 0)
        return true
      }
      clearTimeout(stream.switchTimer)
      if (!connected(stream)) return true
      // The answer came first: one JSON body, one write.
      stream.res.writeHead(200, {
        'Content-Type': 'application/json',
        'Content-Length': Buffer.byteLength(json),
        [SESSION_HEADER]: session.id,
      })
      stream.res.end(json)
      return true
    }
    // On the stream of the request it relates to while that is connected, else on the GET
    // stream; else kept on whichever of the two the client can resume.
    const related =
      relatedRequestId === undefined ? undefined : session.byRequest.get(relatedRequestId)
    const standalone = session.standalone
    let stream: Stream | undefined
    if (connected(related)) stream = related
    else if (connected(standalone)) stream = standalone
    else if (related?.resumable) stream = related
    else if (standalone?.resumable) stream = standalone
    if (stream === undefined) {
      // Nothing can carry it now. A request waits for the client's next GET stream (the router
      // sends one only to a session that declared the capability); a notification is lost.
      if (!isRequest(message)) return true
      const json = serialize(message)
      if (json === undefined || session.held.length >= MAX_HELD_REQUESTS) return false
      session.held.push(json)
      return true
    }
    const json = serialize(message)
    if (json === undefined) return false
    const prefix = stream.streaming ? '' : this.#startStream(session, stream)
    this.#event(session, stream, json, false, prefix)
    return true
  }

  #close(session: Session, reason: string): void {
    if (!this.#sessions.delete(session.id)) return
    session.routed?.close()
    const streams = new Set([...session.byRequest.values(), ...session.streams.values()])
    if (session.standalone) streams.add(session.standalone)
    for (const stream of streams) {
      stream.stopKeepAlive()
      clearTimeout(stream.switchTimer)
      const res = stream.res
      if (res === undefined) continue
      if (!stream.streaming && !res.headersSent) {
        sendRpcError(res, 404, -32001, 'Session closed')
      } else res.end()
    }
    session.byRequest.clear()
    session.streams.clear()
    session.standalone = undefined
    session.replay = undefined
    session.held = []
    this.#options.log.info(
      { session: session.id.slice(0, 8), transport: 'streamable-http', reason },
      'session closed',
    )
  }
}
