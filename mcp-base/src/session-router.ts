import {
  errorResponse,
  isNotification,
  isRequest,
  isResponse,
  progressTokenOf,
  type RequestId,
  RPC_ERRORS,
  type RpcMessage,
  type RpcRequest,
  UNFORWARDABLE,
} from './json-rpc.js'
import type { Logger } from './log.js'
import { negotiateVersion } from './protocol-version.js'
import type { ChildInfo, UpstreamState } from './upstream.js'

/** One client session as the router sees it: something that can carry messages to a client. */
export interface ClientSession {
  /** The transport's session id. */
  readonly id: string
  readonly transport: 'sse' | 'streamable-http'
  /**
   * True when the client can receive messages that answer none of its requests right now. A
   * session that is not may still be sent a request: its transport keeps it until it can deliver.
   */
  readonly listening: boolean
  /**
   * Sends a message to the client. `relatedRequestId` (a client request id) places it on that
   * request's response stream where the transport has one (Streamable HTTP). Never throws.
   * Returns false when the message cannot be sent: it cannot be serialized (see `serialize`),
   * or it is a request the transport can neither deliver now nor keep. Then nothing was sent and
   * nothing changed, so the router can send an error in its place.
   */
  send(message: RpcMessage, relatedRequestId?: RequestId): boolean
}

/** The part of {@link Upstream} the router uses. */
export interface RouterUpstream {
  readonly state: UpstreamState
  readonly info: ChildInfo | undefined
  send(message: RpcMessage): boolean
  request(method: string, params: Record<string, unknown>): Promise<RpcMessage>
  whenReady(timeoutMs: number): Promise<boolean>
  /** True while the child's stdin holds more than allowed: new requests must wait. */
  backlogged(): boolean
}

/** What the router needs besides the child. */
export interface SessionRouterOptions {
  log: Logger
  /** How long a client's `initialize` waits for a child that was never ready yet, in ms. */
  readyTimeoutMs: number
  now?: () => number
}

/** A registered session: feed it what the client sends, close it when the client is gone. */
export interface RoutedSession {
  /** Routes one message from the client. */
  receive(message: RpcMessage): void
  /** Unregisters the session: its requests are cancelled upstream, its subscriptions dropped. */
  close(): void
  /** When the session last sent or received a message (ms, from the router's clock). */
  readonly lastActivity: number
  /** True while one of the client's requests waits for the child. */
  readonly busy: boolean
  /** The protocol version the session's `initialize` was answered with, once answered. */
  readonly protocolVersion: string | undefined
}

interface SessionState {
  readonly session: ClientSession
  capabilities: Record<string, unknown> | undefined
  initialized: boolean
  /** Client request id -> child-side id, in the order they were sent. */
  readonly pending: Map<RequestId, number>
  readonly subscriptions: Set<string>
  lastActivity: number
  closed: boolean
  protocolVersion: string | undefined
}

interface ToChild {
  state: SessionState
  id: RequestId
  progressToken: RequestId | undefined
}

interface ToClient {
  state: SessionState
  childId: RequestId
}

const CAPABILITY_FOR: Record<string, string> = {
  'sampling/createMessage': 'sampling',
  'elicitation/create': 'elicitation',
  'roots/list': 'roots',
}

const LIST_CHANGED: ReadonlyArray<[capability: string, method: string]> = [
  ['tools', 'notifications/tools/list_changed'],
  ['prompts', 'notifications/prompts/list_changed'],
  ['resources', 'notifications/resources/list_changed'],
]

/**
 * Multiplexes many client sessions over one child, transparently: messages pass through as
 * JSON-RPC, with request ids (and progress tokens) rewritten so that ids from different
 * sessions never collide at the child, and answers and notifications find their session.
 */
export class SessionRouter {
  readonly #upstream: RouterUpstream
  readonly #log: Logger
  readonly #readyTimeoutMs: number
  readonly #now: () => number
  readonly #sessions = new Set<SessionState>()
  /** Child-side request id -> the client request it stands for. */
  readonly #toChild = new Map<number, ToChild>()
  /** Client-side id of a child's request -> the child's own id. */
  readonly #toClient = new Map<number, ToClient>()
  readonly #subscribers = new Map<string, Set<SessionState>>()
  #nextChildId = 0
  #nextClientId = 0
  #logLevel: string | undefined
  #readyBefore = false

  constructor(upstream: RouterUpstream, options: SessionRouterOptions) {
    this.#upstream = upstream
    this.#log = options.log
    this.#readyTimeoutMs = options.readyTimeoutMs
    this.#now = options.now ?? Date.now
  }

  /** Number of open sessions. */
  get size(): number {
    return this.#sessions.size
  }

  /** Registers a client session. */
  open(session: ClientSession): RoutedSession {
    const state: SessionState = {
      session,
      capabilities: undefined,
      initialized: false,
      pending: new Map(),
      subscriptions: new Set(),
      lastActivity: this.#now(),
      closed: false,
      protocolVersion: undefined,
    }
    this.#sessions.add(state)
    return {
      receive: (message) => this.#fromClient(state, message),
      close: () => this.#close(state),
      get lastActivity() {
        return state.lastActivity
      },
      get busy() {
        return state.pending.size > 0
      },
      get protocolVersion() {
        return state.protocolVersion
      },
    }
  }

  /** True while the child is ready but not reading its input: requests would only queue. */
  childBacklogged(): boolean {
    return this.#upstream.state === 'ready' && this.#upstream.backlogged()
  }

  /** Routes one message the child wrote. */
  fromChild(message: RpcMessage): void {
    if (isResponse(message)) this.#childResponse(message)
    else if (isRequest(message)) this.#childRequest(message)
    else if (isNotification(message)) this.#childNotification(message)
  }

  /** The child died: every request waiting on it gets an error now, never a hang. */
  childLost(): void {
    for (const [, entry] of this.#toChild) {
      entry.state.pending.delete(entry.id)
      this.#send(
        entry.state,
        errorResponse(
          entry.id,
          RPC_ERRORS.serverUnavailable,
          'The MCP server exited while handling this request; it is being restarted.',
        ),
      )
    }
    this.#toChild.clear()
    for (const [clientId, entry] of this.#toClient) {
      this.#send(entry.state, {
        jsonrpc: '2.0',
        method: 'notifications/cancelled',
        params: { requestId: clientId, reason: 'The MCP server restarted' },
      })
    }
    this.#toClient.clear()
  }

  /** The child is (again) initialized: after a restart, restore what sessions had set up. */
  childReady(info: ChildInfo): void {
    const restarted = this.#readyBefore
    this.#readyBefore = true
    if (!restarted) return
    for (const uri of this.#subscribers.keys()) {
      void this.#upstream.request('resources/subscribe', { uri })
    }
    if (this.#logLevel !== undefined) {
      void this.#upstream.request('logging/setLevel', { level: this.#logLevel })
    }
    if ([...this.#sessions].some((s) => s.initialized && s.capabilities?.roots)) {
      this.#upstream.send({ jsonrpc: '2.0', method: 'notifications/roots/list_changed' })
    }
    // The new process may offer different tools; clients that listen will refetch.
    const capabilities = info.result.capabilities as Record<string, unknown> | undefined
    for (const [capability, method] of LIST_CHANGED) {
      const cap = capabilities?.[capability] as { listChanged?: unknown } | undefined
      if (cap?.listChanged === true) this.#broadcast({ jsonrpc: '2.0', method })
    }
  }

  // ---- client -> child ----

  #fromClient(state: SessionState, message: RpcMessage): void {
    if (state.closed) return
    state.lastActivity = this.#now()
    if (isRequest(message)) this.#clientRequest(state, message)
    else if (isResponse(message)) this.#clientResponse(state, message)
    else if (isNotification(message)) this.#clientNotification(state, message)
  }

  #clientRequest(state: SessionState, request: RpcRequest): void {
    switch (request.method) {
      case 'initialize':
        void this.#initialize(state, request)
        return
      case 'resources/subscribe':
        if (this.#subscribe(state, request)) this.#forward(state, request)
        return
      case 'resources/unsubscribe':
        if (this.#unsubscribe(state, request)) this.#forward(state, request)
        return
      case 'logging/setLevel':
        if (typeof request.params?.level === 'string') this.#logLevel = request.params.level
        this.#forward(state, request)
        return
      default:
        this.#forward(state, request)
    }
  }

  async #initialize(state: SessionState, request: RpcRequest): Promise<void> {
    const params = request.params ?? {}
    const capabilities = params.capabilities
    state.capabilities =
      typeof capabilities === 'object' && capabilities !== null
        ? (capabilities as Record<string, unknown>)
        : {}
    let info = this.#upstream.info
    if (info === undefined) {
      await this.#upstream.whenReady(this.#readyTimeoutMs)
      info = this.#upstream.info
    }
    if (info === undefined) {
      this.#send(
        state,
        errorResponse(request.id, RPC_ERRORS.serverUnavailable, 'The MCP server is not ready yet.'),
      )
      return
    }
    const protocolVersion = negotiateVersion(params.protocolVersion, info.protocolVersion)
    state.protocolVersion = protocolVersion
    const answer = {
      jsonrpc: '2.0' as const,
      id: request.id,
      result: { ...info.result, protocolVersion },
    }
    if (!this.#send(state, answer)) {
      this.#unforwardable(answer)
      this.#send(state, errorResponse(request.id, RPC_ERRORS.internalError, UNFORWARDABLE))
    }
  }

  /** Records a subscription; true when the child must hear of it (first subscriber). */
  #subscribe(state: SessionState, request: RpcRequest): boolean {
    const uri = request.params?.uri
    if (typeof uri !== 'string') return true
    let set = this.#subscribers.get(uri)
    if (set === undefined) {
      set = new Set()
      this.#subscribers.set(uri, set)
    }
    const first = set.size === 0
    set.add(state)
    state.subscriptions.add(uri)
    if (!first) this.#send(state, { jsonrpc: '2.0', id: request.id, result: {} })
    return first
  }

  /** Drops a subscription; true when the child must hear of it (no subscriber left). */
  #unsubscribe(state: SessionState, request: RpcRequest): boolean {
    const uri = request.params?.uri
    if (typeof uri !== 'string') return true
    state.subscriptions.delete(uri)
    const set = this.#subscribers.get(uri)
    if (set === undefined) return true
    set.delete(state)
    if (set.size > 0) {
      this.#send(state, { jsonrpc: '2.0', id: request.id, result: {} })
      return false
    }
    this.#subscribers.delete(uri)
    return true
  }

  #forward(state: SessionState, request: RpcRequest): void {
    if (state.pending.has(request.id)) {
      // Its answer could not be told from the first one's, and the first could no longer be
      // cancelled when the session closes (the child would run it for ever).
      this.#send(
        state,
        errorResponse(
          request.id,
          RPC_ERRORS.invalidRequest,
          'Invalid Request: request id already in use by a request in flight',
        ),
      )
      return
    }
    if (this.#upstream.state !== 'ready') {
      this.#send(
        state,
        errorResponse(
          request.id,
          RPC_ERRORS.serverUnavailable,
          'The MCP server is restarting; retry shortly.',
        ),
      )
      return
    }
    if (this.#upstream.backlogged()) {
      this.#send(
        state,
        errorResponse(
          request.id,
          RPC_ERRORS.serverUnavailable,
          'The MCP server is not reading its input; retry shortly.',
        ),
      )
      return
    }
    const childId = ++this.#nextChildId
    const progressToken = progressTokenOf(request)
    if (progressToken !== undefined) {
      // Clients pick progress tokens (often their own request id), so they collide like ids.
      const meta = request.params?._meta as Record<string, unknown>
      ;(request.params as Record<string, unknown>)._meta = { ...meta, progressToken: childId }
    }
    this.#toChild.set(childId, { state, id: request.id, progressToken })
    state.pending.set(request.id, childId)
    request.id = childId
    this.#upstream.send(request)
  }

  #clientResponse(state: SessionState, response: RpcMessage): void {
    const id = response.id
    const entry = typeof id === 'number' ? this.#toClient.get(id) : undefined
    if (entry === undefined || entry.state !== state) return
    this.#toClient.delete(id as number)
    response.id = entry.childId
    this.#upstream.send(response)
  }

  #clientNotification(state: SessionState, notification: RpcMessage): void {
    switch (notification.method) {
      case 'notifications/initialized':
        // The bridge initialized the child itself; this one only says the client is ready.
        if (!state.initialized) {
          state.initialized = true
          if (state.capabilities?.roots) {
            this.#upstream.send({ jsonrpc: '2.0', method: 'notifications/roots/list_changed' })
          }
        }
        return
      case 'notifications/cancelled': {
        const requestId = notification.params?.requestId
        if (typeof requestId !== 'string' && typeof requestId !== 'number') return
        const childId = state.pending.get(requestId)
        if (childId === undefined) return
        state.pending.delete(requestId)
        this.#toChild.delete(childId)
        this.#upstream.send({
          ...notification,
          params: { ...notification.params, requestId: childId },
        })
        return
      }
      default:
        // Nothing bounds what clients notify: while the child is not reading, it is dropped.
        if (!this.#upstream.backlogged()) this.#upstream.send(notification)
    }
  }

  // ---- child -> client ----

  #childResponse(response: RpcMessage): void {
    const id = response.id
    const entry = typeof id === 'number' ? this.#toChild.get(id) : undefined
    if (entry === undefined) return
    this.#toChild.delete(id as number)
    if (entry.state.pending.get(entry.id) === id) entry.state.pending.delete(entry.id)
    response.id = entry.id
    if (!this.#send(entry.state, response)) {
      this.#unforwardable(response)
      this.#send(entry.state, errorResponse(entry.id, RPC_ERRORS.internalError, UNFORWARDABLE))
    }
  }

  #childRequest(request: RpcRequest): void {
    const target = this.#pickSession(request.method)
    if (target === undefined) {
      this.#upstream.send(localAnswer(request))
      return
    }
    const clientId = ++this.#nextClientId
    const childId = request.id
    this.#toClient.set(clientId, { state: target, childId })
    request.id = clientId
    if (!this.#send(target, request, lastPending(target))) {
      this.#toClient.delete(clientId)
      request.id = childId
      this.#unforwardable(request)
      this.#upstream.send(
        errorResponse(
          childId,
          RPC_ERRORS.internalError,
          'The bridge cannot forward this request to the client.',
        ),
      )
    }
  }

  #childNotification(notification: RpcMessage): void {
    const params = notification.params
    switch (notification.method) {
      case 'notifications/progress': {
        const token = params?.progressToken
        const entry = typeof token === 'number' ? this.#toChild.get(token) : undefined
        if (entry === undefined || entry.progressToken === undefined || params === undefined) {
          return
        }
        params.progressToken = entry.progressToken
        if (!this.#send(entry.state, notification, entry.id)) this.#unforwardable(notification)
        return
      }
      case 'notifications/cancelled': {
        const requestId = params?.requestId
        for (const [clientId, entry] of this.#toClient) {
          if (entry.childId !== requestId) continue
          this.#toClient.delete(clientId)
          const cancelled = { ...notification, params: { ...params, requestId: clientId } }
          if (!this.#send(entry.state, cancelled)) this.#unforwardable(cancelled)
          return
        }
        return
      }
      case 'notifications/tools/list_changed':
      case 'notifications/prompts/list_changed':
      case 'notifications/resources/list_changed':
        if (!this.#broadcast(notification)) this.#unforwardable(notification)
        return
      case 'notifications/resources/updated': {
        const uri = params?.uri
        const set = typeof uri === 'string' ? this.#subscribers.get(uri) : undefined
        let ok = true
        if (set !== undefined && set.size > 0) {
          for (const state of set) ok = this.#send(state, notification) && ok
        } else ok = this.#broadcast(notification)
        if (!ok) this.#unforwardable(notification)
        return
      }
      default: {
        // Logging and the like: to the sessions with a request in flight, else to everyone.
        let sent = false
        let ok = true
        for (const state of this.#sessions) {
          const related = lastPending(state)
          if (related === undefined) continue
          ok = this.#send(state, notification, related) && ok
          sent = true
        }
        if (!sent) ok = this.#broadcast(notification)
        if (!ok) this.#unforwardable(notification)
      }
    }
  }

  /** A message from the child no session could be sent (it cannot be serialized): logged once. */
  #unforwardable(message: RpcMessage): void {
    const method = typeof message.method === 'string' ? message.method.slice(0, 100) : undefined
    this.#log.warn(
      { method, id: typeof message.id === 'number' ? message.id : undefined },
      'message from the child cannot be forwarded; dropped',
    )
  }

  /**
   * The session that should serve a request from the child: among sessions that declared the
   * needed capability, the one whose request reached the child last and is still in flight;
   * else the most recently active one that is listening. A request that needs a capability
   * (sampling, elicitation, roots) goes, failing those, to the most recently active session that
   * declared it, whose transport keeps it until the client listens: a Streamable HTTP client
   * opens its GET stream only after `notifications/initialized`, which is just what makes the
   * child ask for roots. Answering for that client would tell the child it has none.
   */
  #pickSession(method: string): SessionState | undefined {
    const capability = CAPABILITY_FOR[method]
    const able = (state: SessionState) =>
      !state.closed &&
      state.capabilities !== undefined &&
      (capability === undefined || state.capabilities[capability] !== undefined)
    let inFlight: SessionState | undefined
    for (const [, entry] of this.#toChild) if (able(entry.state)) inFlight = entry.state
    if (inFlight !== undefined) return inFlight
    let listening: SessionState | undefined
    let away: SessionState | undefined
    for (const state of this.#sessions) {
      if (!able(state)) continue
      if (state.session.listening) {
        if (listening === undefined || state.lastActivity >= listening.lastActivity) {
          listening = state
        }
      } else if (away === undefined || state.lastActivity >= away.lastActivity) away = state
    }
    return listening ?? (capability === undefined ? undefined : away)
  }

  /** Sends to every initialized session; false when the message cannot be serialized. */
  #broadcast(message: RpcMessage): boolean {
    let ok = true
    for (const state of this.#sessions) {
      if (state.capabilities !== undefined) ok = this.#send(state, message) && ok
    }
    return ok
  }

  /** Sends to one session; false when the message cannot be serialized (nothing was sent). */
  #send(state: SessionState, message: RpcMessage, relatedRequestId?: RequestId): boolean {
    if (state.closed) return true
    state.lastActivity = this.#now()
    return state.session.send(message, relatedRequestId)
  }

  #close(state: SessionState): void {
    if (state.closed) return
    state.closed = true
    this.#sessions.delete(state)
    const ready = this.#upstream.state === 'ready'
    for (const [, childId] of state.pending) {
      this.#toChild.delete(childId)
      if (ready) {
        this.#upstream.send({
          jsonrpc: '2.0',
          method: 'notifications/cancelled',
          params: { requestId: childId, reason: 'The client session closed' },
        })
      }
    }
    state.pending.clear()
    for (const [clientId, entry] of this.#toClient) {
      if (entry.state !== state) continue
      this.#toClient.delete(clientId)
      this.#upstream.send(
        errorResponse(entry.childId, RPC_ERRORS.clientUnavailable, 'The client session closed.'),
      )
    }
    for (const uri of state.subscriptions) {
      const set = this.#subscribers.get(uri)
      set?.delete(state)
      if (set !== undefined && set.size === 0) {
        this.#subscribers.delete(uri)
        if (ready) void this.#upstream.request('resources/unsubscribe', { uri })
      }
    }
    state.subscriptions.clear()
    this.#log.debug({ session: state.session.id.slice(0, 8) }, 'session unrouted')
  }
}

/** The client request id of the session's most recent request still in flight. */
function lastPending(state: SessionState): RequestId | undefined {
  let last: RequestId | undefined
  for (const id of state.pending.keys()) last = id
  return last
}

/** How the bridge answers a child's request when no session can: pings and roots locally. */
function localAnswer(request: RpcRequest): RpcMessage {
  if (request.method === 'ping') return { jsonrpc: '2.0', id: request.id, result: {} }
  if (request.method === 'roots/list')
    return { jsonrpc: '2.0', id: request.id, result: { roots: [] } }
  return errorResponse(
    request.id,
    RPC_ERRORS.clientUnavailable,
    `No connected client can handle ${request.method}.`,
  )
}
