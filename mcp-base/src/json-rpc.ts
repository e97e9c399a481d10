/**
 * The slice of JSON-RPC 2.0 the bridge reads. Messages are forwarded as parsed objects, so the
 * bridge only looks at `id`, `method` and a few `params` fields; everything else passes through.
 */

/** A JSON-RPC request id. */
export type RequestId = string | number

/** Any JSON-RPC message, loosely typed: the bridge forwards what it does not understand. */
export interface RpcMessage {
  jsonrpc: '2.0'
  id?: RequestId | null
  method?: string
  params?: Record<string, unknown>
  result?: unknown
  error?: RpcError
}

/** The `error` member of a JSON-RPC error response. */
export interface RpcError {
  code: number
  message: string
  data?: unknown
}

/** A request: it has a method and an id, and expects one response. */
export interface RpcRequest extends RpcMessage {
  id: RequestId
  method: string
}

/** A notification: a method without an id. */
export interface RpcNotification extends RpcMessage {
  method: string
}

/** A response: an id and a result or an error, no method. */
export interface RpcResponse extends RpcMessage {
  id: RequestId
}

/** JSON-RPC error codes the bridge answers with. */
export const RPC_ERRORS = {
  parseError: -32700,
  invalidRequest: -32600,
  methodNotFound: -32601,
  internalError: -32603,
  /** The MCP server process is not running (exited, restarting or not started yet). */
  serverUnavailable: -32000,
  /** The MCP client behind this session cannot serve a request the MCP server made. */
  clientUnavailable: -32001,
} as const

/** What a client gets instead of an answer of the child's that the bridge cannot forward. */
export const UNFORWARDABLE = 'The MCP server sent a message the bridge cannot forward.'

/**
 * `JSON.stringify(message)`, or undefined when it throws: a message nested a few thousand levels
 * deep parses (`JSON.parse` does not recurse) but overflows the stack when written again.
 */
export function serialize(message: RpcMessage): string | undefined {
  try {
    return JSON.stringify(message)
  } catch {
    return undefined
  }
}

function isId(value: unknown): value is RequestId {
  return typeof value === 'string' || typeof value === 'number'
}

/** True when `message` is a request. */
export function isRequest(message: RpcMessage): message is RpcRequest {
  return typeof message.method === 'string' && isId(message.id)
}

/** True when `message` is a notification. */
export function isNotification(message: RpcMessage): message is RpcNotification {
  return typeof message.method === 'string' && message.id === undefined
}

/** True when `message` is a response (result or error). */
export function isResponse(message: RpcMessage): message is RpcResponse {
  return message.method === undefined && isId(message.id)
}

/**
 * True when `value` is a JSON-RPC message: an object with `jsonrpc: '2.0'` that is a request
 * (method and a string or number id), a notification (method, no id) or a response (a string
 * or number id, or null for an error, with `result` or `error`). Anything else, e.g. an object
 * with only an id, is not.
 */
export function isRpcMessage(value: unknown): value is RpcMessage {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const message = value as { jsonrpc?: unknown; id?: unknown; method?: unknown }
  if (message.jsonrpc !== '2.0') return false
  if (typeof message.method === 'string') return message.id === undefined || isId(message.id)
  if (message.method !== undefined) return false
  if ('error' in message) return isId(message.id) || message.id === null
  return 'result' in message && isId(message.id)
}

const REQUEST_MEMBERS = new Set(['jsonrpc', 'id', 'method', 'params'])
const RESULT_MEMBERS = new Set(['jsonrpc', 'id', 'result'])
const ERROR_MEMBERS = new Set(['jsonrpc', 'id', 'error'])

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function onlyMembers(value: object, allowed: ReadonlySet<string>): boolean {
  for (const key of Object.keys(value)) if (!allowed.has(key)) return false
  return true
}

/**
 * True when `value` is a message a client may send, as MCP's schema has it (and as the SDK
 * servers check it, dropping anything else without an answer): an {@link isRpcMessage} with no
 * members beyond JSON-RPC's, `params` an object whose `_meta` (if any) is an object with a string
 * or number `progressToken` (if any), a `result` that is an object, an `error` with an integer
 * `code` and a string `message`. The bridge refuses the rest with 400 rather than forward what
 * the child would silently drop, leaving the client waiting for ever.
 */
export function isClientMessage(value: unknown): value is RpcMessage {
  if (!isRpcMessage(value)) return false
  const message = value as unknown as Record<string, unknown>
  if (typeof message.method === 'string') {
    if (!onlyMembers(message, REQUEST_MEMBERS)) return false
    if (message.params === undefined) return true
    if (!isObject(message.params)) return false
    const meta = message.params._meta
    if (meta === undefined) return true
    if (!isObject(meta)) return false
    return meta.progressToken === undefined || isId(meta.progressToken)
  }
  if ('error' in message) {
    const error = message.error
    return (
      onlyMembers(message, ERROR_MEMBERS) &&
      isObject(error) &&
      Number.isInteger(error.code) &&
      typeof error.message === 'string'
    )
  }
  return onlyMembers(message, RESULT_MEMBERS) && isObject(message.result)
}

/**
 * True when JSON text nests arrays and objects more than `limit` deep (brackets inside strings
 * do not count). Run on text that parsed: a message nested thousands deep parses, but
 * `JSON.stringify` (every forward to the child) throws on it. Pure; one pass, no allocation.
 */
export function nestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 0x5c) i++
      else if (c === 0x22) inString = false
    } else if (c === 0x22) inString = true
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true
    } else if (c === 0x5d || c === 0x7d) depth--
  }
  return false
}

/** An error response to request `id`. */
export function errorResponse(id: RequestId | null, code: number, message: string): RpcMessage {
  return { jsonrpc: '2.0', id, error: { code, message } }
}

/** The `_meta.progressToken` of a request's params, when it has one. */
export function progressTokenOf(message: RpcMessage): RequestId | undefined {
  const meta = message.params?._meta
  if (typeof meta !== 'object' || meta === null) return undefined
  const token = (meta as { progressToken?: unknown }).progressToken
  return isId(token) ? token : undefined
}

const MAX_SCANNED_TOKEN = 256

/**
 * Reads the text of one JSON-RPC message fed in pieces, without keeping it, for what the bridge
 * needs to answer a message it will not take whole (one too large): the top-level `id` (a string
 * or number) and whether there is a top-level `method`. Brackets and braces inside strings do
 * not count. On text that is no JSON object it finds nothing, or a hint at best.
 */
export class TopLevelIdScanner {
  /** The top-level `id`, once read. */
  id: RequestId | undefined
  /** A top-level `method` was seen (the message is a request or a notification). */
  hasMethod = false
  #depth = 0
  #inString = false
  #escape = false
  /** Raw text of the top-level string or literal being read; undefined when none (or too long). */
  #token: string | undefined
  #tokenIsString = false
  /** The last top-level key read. */
  #key: string | undefined
  /** After the key's `:`, before its value ended. */
  #inValue = false

  /** Feeds the next piece of the message's text. */
  push(text: string): void {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i)
      if (this.#inString) {
        if (this.#escape) this.#escape = false
        else if (c === 0x5c) this.#escape = true
        else if (c === 0x22) {
          this.#inString = false
          if (this.#depth === 1) this.#stringEnded()
          continue
        }
        if (this.#depth === 1) this.#add(text[i] as string)
      } else if (c === 0x22) {
        this.#inString = true
        if (this.#depth === 1) {
          this.#token = ''
          this.#tokenIsString = true
        }
      } else if (c === 0x7b || c === 0x5b) {
        if (this.#depth === 1 && this.#inValue) this.#value(undefined)
        this.#depth++
      } else if (c === 0x7d || c === 0x5d) {
        if (this.#depth === 1) this.#literalEnded()
        this.#depth--
      } else if (this.#depth === 1) {
        if (c === 0x3a) {
          this.#inValue = true
          this.#token = undefined
        } else if (c === 0x2c) this.#literalEnded()
        else if (this.#inValue && c > 0x20) {
          if (this.#token === undefined) {
            this.#token = ''
            this.#tokenIsString = false
          }
          this.#add(text[i] as string)
        }
      }
    }
  }

  #add(char: string): void {
    if (this.#token === undefined) return
    this.#token = this.#token.length < MAX_SCANNED_TOKEN ? this.#token + char : undefined
  }

  #stringEnded(): void {
    const raw = this.#token
    this.#token = undefined
    let text: string | undefined
    try {
      text = raw === undefined ? undefined : (JSON.parse(`"${raw}"`) as string)
    } catch {
      text = undefined
    }
    if (this.#inValue) this.#value(text)
    else this.#key = text
  }

  #literalEnded(): void {
    if (!this.#inValue) return
    const raw = this.#token
    this.#token = undefined
    const number = raw === undefined || this.#tokenIsString ? Number.NaN : Number(raw)
    this.#value(Number.isFinite(number) ? number : undefined)
  }

  /** The current key's value ended: a string or number, or undefined for anything else. */
  #value(value: RequestId | undefined): void {
    this.#inValue = false
    if (this.#key === 'method') this.hasMethod = true
    else if (this.#key === 'id' && value !== undefined) this.id = value
  }
}
