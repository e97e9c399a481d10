import type { IncomingMessage, ServerResponse } from 'node:http'
import { RPC_ERRORS } from './json-rpc.js'

/** The body the bridge answers its own HTTP errors with (DESIGN.md's error shape). */
export interface ErrorBody {
  error: 'unauthorized' | 'forbidden' | 'not_found' | 'payload_too_large' | 'invalid_request'
  message: string
  details: Record<string, unknown>
  retry_allowed: boolean
}

/** Writes a JSON response. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    ...headers,
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
  })
  res.end(text)
}

/** Writes an {@link ErrorBody}. */
export function sendError(
  res: ServerResponse,
  status: number,
  error: ErrorBody['error'],
  message: string,
  headers: Record<string, string> = {},
): void {
  const body: ErrorBody = { error, message, details: {}, retry_allowed: status >= 500 }
  sendJson(res, status, body, headers)
}

/** Writes a JSON-RPC error with `id: null`, the shape MCP clients expect from transports. */
export function sendRpcError(
  res: ServerResponse,
  status: number,
  code: number,
  message: string,
): void {
  sendJson(res, status, { jsonrpc: '2.0', error: { code, message }, id: null })
}

/**
 * Answers `503 Service Unavailable` with `Retry-After: <seconds>` and a JSON-RPC error body
 * (`id: null`): the bridge is at a limit that frees up by itself (sessions, the child's input).
 */
export function sendBusy(
  res: ServerResponse,
  retryAfterSeconds: number,
  code: number,
  message: string,
): void {
  sendJson(
    res,
    503,
    { jsonrpc: '2.0', error: { code, message }, id: null },
    { 'Retry-After': String(retryAfterSeconds) },
  )
}

/** Seconds a client refused for the session limit is told to wait. */
const SESSION_RETRY_AFTER_S = 5
/** Seconds a client refused while the child is not reading is told to wait. */
const BACKLOG_RETRY_AFTER_S = 1

/** Answers a new session over the limit: 503, Retry-After, a JSON-RPC error. */
export function refuseSession(res: ServerResponse): void {
  sendBusy(
    res,
    SESSION_RETRY_AFTER_S,
    RPC_ERRORS.serverUnavailable,
    'Too many sessions: the bridge serves no more at once; close one or retry later.',
  )
}

/** Answers requests while the child is not reading its input: 503, Retry-After, an error. */
export function refuseBacklogged(res: ServerResponse): void {
  sendBusy(
    res,
    BACKLOG_RETRY_AFTER_S,
    RPC_ERRORS.serverUnavailable,
    'The MCP server is not reading its input; retry shortly.',
  )
}

/** The outcome of {@link readBody}. */
export type BodyResult = { ok: true; text: string } | { ok: false; reason: 'too_large' | 'aborted' }

/**
 * Reads a request body as UTF-8, refusing more than `maxBytes`: a declared `Content-Length`
 * over the limit is refused before reading, a stream that grows past it is cut off.
 */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<BodyResult> {
  const declared = Number(req.headers['content-length'])
  if (declared > maxBytes) return Promise.resolve({ ok: false, reason: 'too_large' })
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    let size = 0
    let done = false
    const finish = (result: BodyResult) => {
      if (done) return
      done = true
      req.off('data', onData)
      resolve(result)
    }
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size > maxBytes) {
        finish({ ok: false, reason: 'too_large' })
        return
      }
      chunks.push(chunk)
    }
    req.on('data', onData)
    req.once('end', () =>
      finish({
        ok: true,
        text:
          chunks.length === 1
            ? (chunks[0] as Buffer).toString('utf8')
            : Buffer.concat(chunks).toString('utf8'),
      }),
    )
    req.once('error', () => finish({ ok: false, reason: 'aborted' }))
    req.once('close', () => finish({ ok: false, reason: 'aborted' }))
  })
}

/**
 * Answers 413 and ends the exchange: the rest of the body is drained (up to a bound) so the
 * client reads the status instead of a connection reset.
 */
export function refuseTooLarge(req: IncomingMessage, res: ServerResponse, maxBytes: number): void {
  sendError(res, 413, 'payload_too_large', `request body exceeds ${maxBytes} bytes`, {
    Connection: 'close',
  })
  let drained = 0
  req.on('data', (chunk: Buffer) => {
    drained += chunk.length
    if (drained > maxBytes * 4) req.destroy()
  })
  req.resume()
}
