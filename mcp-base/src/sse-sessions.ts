import type { IncomingMessage, ServerResponse } from 'node:http'
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js'
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js'
import type { RpcMessage } from './json-rpc.js'
import type { Logger } from './log.js'
import type { RoutedSession, SessionRouter } from './session-router.js'

interface SseSession {
  transport: SSEServerTransport
  routed: RoutedSession
  keepAlive: NodeJS.Timeout | undefined
}

/** Options of {@link SseSessions}. */
export interface SseSessionsOptions {
  router: SessionRouter
  log: Logger
  /** Interval of `: keepalive` comments on the event stream, in ms (0 disables). */
  keepAliveMs: number
}

/**
 * The legacy HTTP+SSE transport (`GET /sse` + `POST /messages?sessionId=…`): one
 * {@link SSEServerTransport} per event stream, each a session of the router.
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
  async open(res: ServerResponse, messagesPath: string): Promise<void> {
    const { router, log, keepAliveMs } = this.#options
    const transport = new SSEServerTransport(messagesPath, res)
    const id = transport.sessionId
    const routed = router.open({
      id,
      transport: 'sse',
      listening: true,
      send: (message: RpcMessage) => {
        transport.send(message as JSONRPCMessage).catch(() => {})
      },
    })
    const session: SseSession = { transport, routed, keepAlive: undefined }
    this.#sessions.set(id, session)
    transport.onmessage = (message) => routed.receive(message as RpcMessage)
    transport.onclose = () => {
      if (!this.#sessions.delete(id)) return
      clearInterval(session.keepAlive)
      routed.close()
      log.info({ session: id.slice(0, 8), transport: 'sse' }, 'session closed')
    }
    res.socket?.setNoDelay(true)
    await transport.start()
    if (keepAliveMs > 0) {
      session.keepAlive = setInterval(() => {
        if (!res.writableEnded) res.write(': keepalive\n\n')
      }, keepAliveMs)
      session.keepAlive.unref()
    }
    log.info({ session: id.slice(0, 8), transport: 'sse' }, 'session opened')
  }

  /** Handles a client message POSTed to `/messages?sessionId=…`; false when no such session. */
  async post(
    req: IncomingMessage,
    res: ServerResponse,
    sessionId: string | undefined,
    body: unknown,
  ): Promise<boolean> {
    const session = sessionId === undefined ? undefined : this.#sessions.get(sessionId)
    if (session === undefined) return false
    await session.transport.handlePostMessage(req, res, body)
    return true
  }

  /** Closes every session. */
  async closeAll(): Promise<void> {
    await Promise.all([...this.#sessions.values()].map((s) => s.transport.close()))
  }
}
