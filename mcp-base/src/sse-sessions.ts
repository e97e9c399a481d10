import { randomUUID } from 'node:crypto'
import type { ServerResponse } from 'node:http'
import { refuseBacklogged, refuseSession, sendRpcError } from './http-io.js'
import { isClientMessage, isRequest, serialize } from './json-rpc.js'
import type { Logger } from './log.js'
import type { RoutedSession, SessionRouter } from './session-router.js'
import { EVENT_STREAM_HEADERS, keepAlive, messageEvent } from './sse-writer.js'

interface SseSession {
  readonly id: string
  readonly res: ServerResponse
  routed: RoutedSession | undefined
  stopKeepAlive: () => void
}

/** Options of {@link SseSessions}. */
export interface SseSessionsOptions {
  router: SessionRouter
  log: Logger
  /** Interval of `: keepalive` comments on the event stream, in ms (0 disables). */
  keepAliveMs: number
  /** False when the bridge serves as many sessions as it may: a new stream gets 503. */
  canOpen(): boolean
}

/**
 * The legacy HTTP+SSE transport (protocol 2024-11-05): `GET /sse` opens an event stream whose
 * first event names the endpoint to POST to (`/messages?sessionId=…`); every message to the
 * client is a `message` event on that stream. Each stream is a session of the router.
 */
export class SseSessions {
  readonly #options: SseSessionsOptions
  readonly #sessions = new Map<string, SseSession>()

  constructor(options: SseSessionsOptions) {
    this.#options = options
  }

  /** Open sessions. */
  get size(): number {
    return this.#sessions.size
  }

  /**
   * Opens an event stream. `messagesPath` is what the endpoint event advertises, e.g.
   * `/t/<token>/messages` when the client authenticated by path, so its POSTs authenticate too.
   */
  open(res: ServerResponse, messagesPath: string): void {
    const { router, log, keepAliveMs } = this.#options
    if (!this.#options.canOpen()) {
      log.warn({ transport: 'sse' }, 'session refused: too many sessions')
      refuseSession(res)
      return
    }
    const id = randomUUID()
    const session: SseSession = { id, res, routed: undefined, stopKeepAlive: () => {} }
    session.routed = router.open({
      id,
      transport: 'sse',
      listening: true,
      send: (message) => {
        if (res.writableEnded || res.destroyed) return true
        const json = serialize(message)
        if (json === undefined) return false
        res.write(messageEvent(json))
        return true
      },
    })
    this.#sessions.set(id, session)
    res.once('close', () => this.#close(session))
    res.writeHead(200, EVENT_STREAM_HEADERS)
    res.write(`event: endpoint\ndata: ${messagesPath}?sessionId=${id}\n\n`)
    session.stopKeepAlive = keepAlive(res, keepAliveMs)
    log.info({ session: id.slice(0, 8), transport: 'sse' }, 'session opened')
  }

  /**
   * Takes a client message POSTed to `/messages?sessionId=…` (a message or a batch) and answers
   * 202; the replies travel on the event stream. False when there is no such session.
   */
  post(res: ServerResponse, sessionId: string | undefined, body: unknown): boolean {
    const session = sessionId === undefined ? undefined : this.#sessions.get(sessionId)
    if (session?.routed === undefined) return false
    const messages = Array.isArray(body) ? body : [body]
    if (messages.length === 0 || !messages.every(isClientMessage)) {
      sendRpcError(res, 400, -32600, 'Invalid Request: not a JSON-RPC message')
      return true
    }
    if (this.#options.router.childBacklogged() && messages.some(isRequest)) {
      refuseBacklogged(res)
      return true
    }
    res.writeHead(202, { 'Content-Type': 'text/plain', 'Content-Length': 8 }).end('Accepted')
    for (const message of messages) session.routed.receive(message)
    return true
  }

  /** Closes every session. */
  closeAll(): void {
    for (const session of [...this.#sessions.values()]) session.res.end()
  }

  #close(session: SseSession): void {
    if (!this.#sessions.delete(session.id)) return
    session.stopKeepAlive()
    session.routed?.close()
    this.#options.log.info({ session: session.id.slice(0, 8), transport: 'sse' }, 'session closed')
  }
}
