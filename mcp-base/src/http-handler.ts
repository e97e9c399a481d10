import type { IncomingMessage, ServerResponse } from 'node:http'
import { presentedToken, type TokenVerifier } from './auth.js'
import { readBody, refuseTooLarge, sendError, sendJson, sendRpcError } from './http-io.js'
import { nestsDeeperThan } from './json-rpc.js'
import type { Logger } from './log.js'
import { isHostAllowed, isOriginAllowed } from './request-guard.js'
import { parseRequestTarget, queryParam } from './request-target.js'
import type { SseSessions } from './sse-sessions.js'
import type { StreamableSessions } from './streamable-sessions.js'

/** What the HTTP handler routes to and checks against. */
export interface HttpHandlerOptions {
  /** Undefined when auth is off (`--no-auth`). */
  verifier: TokenVerifier | undefined
  allowedHosts: readonly string[]
  allowedOrigins: readonly string[]
  maxBodyBytes: number
  sse: SseSessions
  streamable: StreamableSessions
  /** True while the child is alive and initialized. */
  healthy(): boolean
  /** Extra, secret-free facts for the `/health` body (child state, restart count). */
  healthDetails?(): Record<string, string | number | boolean>
  log: Logger
}

/**
 * Deepest nesting of a request body. Deeper JSON parses, but writing it again for the child
 * (`JSON.stringify`, recursive) overflows the stack near 4000 levels, and Python's `json` gives up
 * near 1000: no MCP message comes close.
 */
const MAX_JSON_DEPTH = 1000

const CORS_ALLOW_HEADERS =
  'Authorization, Content-Type, Accept, Mcp-Session-Id, Mcp-Protocol-Version, Last-Event-ID, X-API-Key'

/** The bridge's `(req, res)` handler: guards first, then the transports. */
export function createHttpHandler(
  options: HttpHandlerOptions,
): (req: IncomingMessage, res: ServerResponse) => void {
  const { log } = options
  return (req, res) => {
    handle(options, req, res).catch((error: unknown) => {
      log.error(
        { path: logPath(req), error: error instanceof Error ? error.message : 'unknown' },
        'request failed',
      )
      if (!res.headersSent) sendRpcError(res, 500, -32603, 'Internal error')
      else res.end()
    })
  }
}

async function handle(
  options: HttpHandlerOptions,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const { log } = options
  const method = req.method ?? 'GET'
  const target = parseRequestTarget(req.url ?? '/')

  if (target.path === '/health' && target.pathToken === undefined) {
    if (method !== 'GET' && method !== 'HEAD') {
      sendError(res, 405, 'invalid_request', 'method not allowed', { Allow: 'GET, HEAD' })
      return
    }
    const ok = options.healthy()
    sendJson(
      res,
      ok ? 200 : 503,
      { status: ok ? 'ok' : 'unavailable', ...options.healthDetails?.() },
      {
        'Cache-Control': 'no-store',
      },
    )
    return
  }

  if (!isHostAllowed(req.headers.host, options.allowedHosts)) {
    log.warn({ path: logPath(req), host: req.headers.host }, 'host refused')
    sendError(res, 403, 'forbidden', 'Host header not allowed')
    return
  }
  const origin = req.headers.origin
  if (!isOriginAllowed(origin, options.allowedOrigins, options.allowedHosts)) {
    log.warn({ path: logPath(req), origin }, 'origin refused')
    sendError(res, 403, 'forbidden', 'Origin not allowed')
    return
  }
  if (origin !== undefined) {
    res.setHeader('Access-Control-Allow-Origin', origin)
    res.setHeader('Access-Control-Expose-Headers', 'Mcp-Session-Id')
    res.setHeader('Vary', 'Origin')
  }
  if (method === 'OPTIONS') {
    res.writeHead(204, {
      'Access-Control-Allow-Methods': 'GET, POST, DELETE, OPTIONS',
      'Access-Control-Allow-Headers': CORS_ALLOW_HEADERS,
      'Access-Control-Max-Age': '600',
    })
    res.end()
    return
  }

  if (options.verifier !== undefined) {
    const token = presentedToken(target.pathToken, req.headers)
    if (token === undefined || !options.verifier.verify(token.value)) {
      log.warn({ path: logPath(req), presented: token?.source ?? 'none' }, 'unauthorized')
      sendError(res, 401, 'unauthorized', 'missing or invalid token', {
        'WWW-Authenticate': 'Bearer',
      })
      return
    }
  }
  const prefix = target.pathToken === undefined ? '' : `/t/${encodeURIComponent(target.pathToken)}`

  switch (target.path) {
    case '/sse':
      if (method !== 'GET') return notAllowed(res, 'GET')
      options.sse.open(res, `${prefix}/messages`)
      return
    case '/messages': {
      if (method !== 'POST') return notAllowed(res, 'POST')
      const body = await readJson(options, req, res)
      if (body === undefined) return
      const found = options.sse.post(res, queryParam(target.query, 'sessionId'), body)
      if (!found) sendError(res, 404, 'not_found', 'session not found')
      return
    }
    case '/mcp': {
      if (method !== 'POST' && method !== 'GET' && method !== 'DELETE') {
        return notAllowed(res, 'GET, POST, DELETE')
      }
      let body: unknown
      if (method === 'POST') {
        body = await readJson(options, req, res)
        if (body === undefined) return
      }
      options.streamable.handle(req, res, body)
      return
    }
    default:
      sendError(res, 404, 'not_found', 'no such endpoint')
  }
}

/**
 * The request target as logged. Not masked here: the logger hides secrets (raw or
 * percent-encoded) first and masks `/t/<token>` after, whereas masking first cuts a token that
 * holds a `/` at its first slash and leaves the rest of it in the line.
 */
function logPath(req: IncomingMessage): string {
  return req.url ?? ''
}

/** True for `application/json`, with or without parameters such as `charset`. */
function isJsonContentType(value: string | undefined): boolean {
  if (value === undefined) return false
  const type = value.split(';', 1)[0]?.trim().toLowerCase()
  return type === 'application/json'
}

function notAllowed(res: ServerResponse, allow: string): void {
  sendError(res, 405, 'invalid_request', 'method not allowed', { Allow: allow })
}

/**
 * Reads and parses a JSON body (Content-Type must be JSON); answers the error itself and
 * returns undefined on failure.
 */
async function readJson(
  options: HttpHandlerOptions,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<unknown> {
  if (!isJsonContentType(req.headers['content-type'])) {
    sendRpcError(res, 415, -32000, 'Unsupported Media Type: Content-Type must be application/json')
    return undefined
  }
  const body = await readBody(req, options.maxBodyBytes)
  if (!body.ok) {
    if (body.reason === 'too_large') {
      options.log.warn({ path: logPath(req) }, 'request body too large')
      refuseTooLarge(req, res, options.maxBodyBytes)
    } else res.destroy()
    return undefined
  }
  let value: unknown
  try {
    value = JSON.parse(body.text)
  } catch {
    sendRpcError(res, 400, -32700, 'Parse error: Invalid JSON')
    return undefined
  }
  if (typeof value === 'object' && value !== null && nestsDeeperThan(body.text, MAX_JSON_DEPTH)) {
    sendRpcError(
      res,
      400,
      -32600,
      `Invalid Request: JSON nested more than ${MAX_JSON_DEPTH} levels deep`,
    )
    return undefined
  }
  return value
}
