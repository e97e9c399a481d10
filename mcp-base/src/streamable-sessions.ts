import { randomUUID } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js'
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js'
import { sendRpcError } from './http-io.js'
import type { RpcMessage } from './json-rpc.js'
import type { Logger } from './log.js'
import type { RoutedSession, SessionRouter } from './session-router.js'

interface StreamableSession {
  transport: StreamableHTTPServerTransport
  routed: RoutedSession | undefined
  /** HTTP responses of this session still open (request streams and the GET stream). */
  openResponses: number
  /** Open standalone GET streams. */
  getStreams: number
}

/** Options of {@link StreamableSessions}. */
export interface StreamableSessionsOptions {
  router: SessionRouter
  log: Logger
  /** Interval of `: keepalive` comments on event streams, in ms (0 disables). */
  keepAliveMs: number
}

function containsInitialize(body: unknown): boolean {
  const isInit = (m: unknown) =>
    typeof m === 'object' && m !== null && (m as { method?: unknown }).method === 'initialize'
  return Array.isArray(body) ? body.some(isInit) : isInit(body)
}

/**
 * The Streamable HTTP transport (`/mcp`: POST, GET, DELETE; sessions by `Mcp-Session-Id`):
 * one {@link StreamableHTTPServerTransport} per session, each a session of the router.
 */
export class StreamableSessions {
  readonly #options: StreamableSessionsOptions
  readonly #sessions = new Map<string, StreamableSession>()

  constructor(options: StreamableSessionsOptions) {
    this.#options = options
  }

  /** Open sessions. */
  get size(): number {
    return this.#sessions.size
  }

  /** Handles one request to `/mcp`; `body` is the parsed POST body (undefined otherwise). */
  async handle(req: IncomingMessage, res: ServerResponse, body: unknown): Promise<void> {
    const header = req.headers['mcp-session-id']
    const sessionId = Array.isArray(header) ? header[0] : header
    let session: StreamableSession | undefined
    if (sessionId !== undefined) {
      session = this.#sessions.get(sessionId)
      if (session === undefined) {
        sendRpcError(res, 404, -32001, 'Session not found')
        return
      }
    } else if (req.method === 'POST' && containsInitialize(body)) {
      session = this.#create()
    } else {
      sendRpcError(res, 400, -32000, 'Bad Request: Mcp-Session-Id header is required')
      return
    }
    const tracked = session
    const isGet = req.method === 'GET'
    tracked.openResponses++
    if (isGet) tracked.getStreams++
    res.once('close', () => {
      tracked.openResponses--
      if (isGet) tracked.getStreams--
    })
    res.socket?.setNoDelay(true)
    await tracked.transport.handleRequest(req, res, body)
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
      void session.transport.close()
    }
    return reaped
  }

  /** Closes every session. */
  async closeAll(): Promise<void> {
    await Promise.all([...this.#sessions.values()].map((s) => s.transport.close()))
  }

  #create(): StreamableSession {
    const { router, log, keepAliveMs } = this.#options
    const session: StreamableSession = {
      transport: new StreamableHTTPServerTransport({
        sessionIdGenerator: randomUUID,
        keepAliveMs: keepAliveMs > 0 ? keepAliveMs : Number.POSITIVE_INFINITY,
        onsessioninitialized: (id) => {
          this.#sessions.set(id, session)
          session.routed = router.open({
            id,
            transport: 'streamable-http',
            get listening() {
              return session.getStreams > 0
            },
            send: (message: RpcMessage, relatedRequestId) => {
              session.transport
                .send(
                  message as JSONRPCMessage,
                  relatedRequestId === undefined ? undefined : { relatedRequestId },
                )
                .catch(() => {})
            },
          })
          log.info({ session: id.slice(0, 8), transport: 'streamable-http' }, 'session opened')
        },
      }),
      routed: undefined,
      openResponses: 0,
      getStreams: 0,
    }
    const transport = session.transport
    transport.onmessage = (message) => session.routed?.receive(message as RpcMessage)
    transport.onclose = () => {
      const id = transport.sessionId
      if (id === undefined || !this.#sessions.delete(id)) return
      session.routed?.close()
      log.info({ session: id.slice(0, 8), transport: 'streamable-http' }, 'session closed')
    }
    return session
  }
}
