import { randomUUID } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { sendRpcError } from './http-io.js'
import { isRequest, isResponse, isRpcMessage, type RequestId, type RpcMessage } from './json-rpc.js'
import type { Logger } from './log.js'
import { KNOWN_PROTOCOL_VERSIONS } from './protocol-version.js'
import type { RoutedSession, SessionRouter } from './session-router.js'
import { EVENT_STREAM_HEADERS, keepAlive, messageEvent } from './sse-writer.js'

/** An HTTP response that carries messages: a POST's answer, or the session's GET stream. */
interface Stream {
  readonly res: ServerResponse
  /** Requests of the POST still unanswered (empty for GET streams). */
  readonly waiting: Set<RequestId>
  /** Headers already sent as `text/event-stream`. */
  streaming: boolean
  stopKeepAlive: () => void
}

interface Session {
  readonly id: string
  routed: RoutedSession | undefined
  /** Client request id -> the POST response that must carry its answer. */
  readonly byRequest: Map<RequestId, Stream>
  standalone: Stream | undefined
  /** HTTP responses of this session still open. */
  openResponses: number
}

/** Options of {@link StreamableSessions}. */
export interface StreamableSessionsOptions {
  router: SessionRouter
  log: Logger
  /** Interval of `: keepalive` comments on event streams, in ms (0 disables). */
  keepAliveMs: number
}

const SESSION_HEADER = 'mcp-session-id'

/** A request header's value; an empty header counts as absent. */
function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name]
  const first = Array.isArray(value) ? value[0] : value
  return first === '' ? undefined : first
}

/**
 * The Streamable HTTP transport (`/mcp`: POST, GET, DELETE; sessions by `Mcp-Session-Id`), each
 * session a session of the router.
 *
 * Lean on purpose, as it carries every message: a POST's answer is decided when its first
 * message arrives. If that is the final response, it goes out as one `application/json` body in
 * a single write; if notifications or server requests come first, the answer becomes an event
 * stream. Both are what the specification allows, and SDK clients of both generations accept
 * them.
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
   * Closes sessions nobody uses: no open response, no request in flight, and no message for
   * `idleMs`. A session with a stream attached is never reaped, however quiet.
   */
  reap(now: number, idleMs: number): number {
    let reaped = 0
    for (const session of this.#sessions.values()) {
      const routed = session.routed
      if (routed === undefined || session.openResponses > 0 || routed.busy) continue
      if (now - routed.lastActivity < idleMs) continue
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
    const accept = header(req, 'accept') ?? ''
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
    if (messages.length === 0 || !messages.every(isRpcMessage)) {
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
      session = this.#open()
    } else {
      session = this.#find(req, res, sessionId)
      if (session === undefined) return
    }
    const routed = session.routed as RoutedSession
    const requests = messages.filter(isRequest)
    if (requests.length === 0) {
      res.writeHead(202, { [SESSION_HEADER]: session.id }).end()
      for (const message of messages) routed.receive(message)
      return
    }
    const stream: Stream = {
      res,
      waiting: new Set(requests.map((r) => r.id)),
      streaming: false,
      stopKeepAlive: () => {},
    }
    for (const request of requests) session.byRequest.set(request.id, stream)
    this.#track(session, stream, () => {
      // The client went away before all answers: forget them (late answers are dropped).
      for (const id of stream.waiting) {
        if (session.byRequest.get(id) === stream) session.byRequest.delete(id)
      }
    })
    // A batch is answered as a stream: its answers arrive one by one.
    if (requests.length > 1) this.#startStream(session, stream)
    for (const message of messages) routed.receive(message)
  }

  #get(req: IncomingMessage, res: ServerResponse): void {
    if (!(header(req, 'accept') ?? '').includes('text/event-stream')) {
      sendRpcError(res, 406, -32000, 'Not Acceptable: Client must accept text/event-stream')
      return
    }
    const session = this.#find(req, res, header(req, SESSION_HEADER))
    if (session === undefined) return
    if (session.standalone !== undefined) {
      sendRpcError(res, 409, -32000, 'Conflict: Only one SSE stream is allowed per session')
      return
    }
    const stream: Stream = { res, waiting: new Set(), streaming: false, stopKeepAlive: () => {} }
    session.standalone = stream
    this.#track(session, stream, () => {
      if (session.standalone === stream) session.standalone = undefined
    })
    this.#startStream(session, stream)
    res.flushHeaders()
  }

  #delete(req: IncomingMessage, res: ServerResponse): void {
    const session = this.#find(req, res, header(req, SESSION_HEADER))
    if (session === undefined) return
    this.#close(session, 'deleted')
    res.writeHead(200).end()
  }

  /** The session a request names; answers 400/404 itself when there is none. */
  #find(
    req: IncomingMessage,
    res: ServerResponse,
    sessionId: string | undefined,
  ): Session | undefined {
    if (sessionId === undefined) {
      sendRpcError(res, 400, -32000, 'Bad Request: Mcp-Session-Id header is required')
      return undefined
    }
    const session = this.#sessions.get(sessionId)
    if (session === undefined) {
      sendRpcError(res, 404, -32001, 'Session not found')
      return undefined
    }
    const version = header(req, 'mcp-protocol-version')
    if (version !== undefined && !KNOWN_PROTOCOL_VERSIONS.includes(version)) {
      sendRpcError(res, 400, -32000, `Bad Request: Unsupported protocol version: ${version}`)
      return undefined
    }
    return session
  }

  #open(): Session {
    const { router, log } = this.#options
    const session: Session = {
      id: randomUUID(),
      routed: undefined,
      byRequest: new Map(),
      standalone: undefined,
      openResponses: 0,
    }
    session.routed = router.open({
      id: session.id,
      transport: 'streamable-http',
      get listening() {
        return session.standalone !== undefined
      },
      send: (message, relatedRequestId) => this.#send(session, message, relatedRequestId),
    })
    this.#sessions.set(session.id, session)
    log.info({ session: session.id.slice(0, 8), transport: 'streamable-http' }, 'session opened')
    return session
  }

  #track(session: Session, stream: Stream, onClose: () => void): void {
    session.openResponses++
    stream.res.once('close', () => {
      session.openResponses--
      stream.stopKeepAlive()
      onClose()
    })
  }

  #startStream(session: Session, stream: Stream): void {
    stream.streaming = true
    stream.res.writeHead(200, { ...EVENT_STREAM_HEADERS, [SESSION_HEADER]: session.id })
    stream.stopKeepAlive = keepAlive(stream.res, this.#options.keepAliveMs)
  }

  #send(session: Session, message: RpcMessage, relatedRequestId: RequestId | undefined): void {
    if (isResponse(message)) {
      const stream = session.byRequest.get(message.id)
      if (stream === undefined) return
      session.byRequest.delete(message.id)
      stream.waiting.delete(message.id)
      const json = JSON.stringify(message)
      const res = stream.res
      if (res.writableEnded || res.destroyed) return
      if (!stream.streaming) {
        // The answer came first: one JSON body, one write.
        res.writeHead(200, {
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(json),
          [SESSION_HEADER]: session.id,
        })
        res.end(json)
        return
      }
      if (stream.waiting.size === 0) res.end(messageEvent(json))
      else res.write(messageEvent(json))
      return
    }
    let stream =
      relatedRequestId === undefined ? undefined : session.byRequest.get(relatedRequestId)
    if (stream === undefined || stream.res.writableEnded) stream = session.standalone
    if (stream === undefined || stream.res.writableEnded || stream.res.destroyed) return
    if (!stream.streaming) this.#startStream(session, stream)
    stream.res.write(messageEvent(JSON.stringify(message)))
  }

  #close(session: Session, reason: string): void {
    if (!this.#sessions.delete(session.id)) return
    session.routed?.close()
    const streams = new Set([...session.byRequest.values()])
    if (session.standalone) streams.add(session.standalone)
    for (const stream of streams) {
      stream.stopKeepAlive()
      if (!stream.streaming && !stream.res.headersSent) {
        sendRpcError(stream.res, 404, -32001, 'Session closed')
      } else stream.res.end()
    }
    session.byRequest.clear()
    session.standalone = undefined
    this.#options.log.info(
      { session: session.id.slice(0, 8), transport: 'streamable-http', reason },
      'session closed',
    )
  }
}
