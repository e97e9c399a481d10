import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { Duplex } from 'node:stream'
import { getRequestListener, RequestError } from '@hono/node-server'
import type { ErrorBody } from '@mcp-remote/core'
import type { Logger } from 'pino'
import { loggableError } from '../log/index.js'

/** Options of {@link createNodeServer}. */
export interface NodeServerOptions {
  /** The host a request without `Host` is taken to be for (HTTP/1.0 only). */
  hostname: string
  /** Gets one `debug` line per request refused here (never its bytes: they hold headers). */
  logger: Logger
}

/** The app's `fetch` (e.g. `app.fetch` of a Hono app), as `@hono/node-server` calls it. */
type Fetch = Parameters<typeof getRequestListener>[0]

/**
 * The Node HTTP server for the app: `@hono/node-server`'s request listener, plus answers in the
 * API's error shape (`{ error, message, details, retry_allowed }`, JSON) for what Node or the
 * adapter refuse before the app sees a request, where they would otherwise answer an empty
 * 400: bytes that are not HTTP (bad header names or values, duplicate `Content-Length`, a
 * malformed chunk), headers over Node's limit (431), a request target or `Host` that is not a
 * URL, a missing `Host` on HTTP/1.1, and an `Expect` other than `100-continue` (417).
 */
export function createNodeServer(fetch: Fetch, opts: NodeServerOptions): Server {
  const { logger } = opts
  const refused = (reason: string) =>
    logger.debug({ code: 'invalid_request', reason }, 'request refused')
  const listener = getRequestListener(fetch, {
    hostname: opts.hostname,
    errorHandler: (err) => {
      if (err instanceof RequestError) {
        refused('invalid_target')
        return jsonResponse(400, INVALID_TARGET)
      }
      // The app answers its own errors; this is a failure of the adapter itself.
      logger.error({ err: loggableError(err) }, 'request error')
      return jsonResponse(500, INTERNAL)
    },
  })
  // Node would answer a missing Host with an empty 400; this listener answers it instead.
  const server = createServer({ requireHostHeader: false }, (req, res) => {
    if (req.headers.host === undefined && req.httpVersion !== '1.0') {
      refused('missing_host')
      writeJson(res, 400, MISSING_HOST)
      return
    }
    normalizeContentType(req)
    void listener(req, res)
  })
  server.on('checkExpectation', (_req: IncomingMessage, res: ServerResponse) => {
    refused('expectation_failed')
    writeJson(res, 417, EXPECTATION_FAILED)
  })
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    const pending = (socket as Duplex & { _httpMessage?: ServerResponse })._httpMessage
    if (err.code === 'ECONNRESET' || !socket.writable || pending?.headersSent) {
      socket.destroy()
      return
    }
    const [status, body] = clientErrorAnswer(err.code)
    refused(String(body.details.reason))
    const json = JSON.stringify(body)
    socket.end(
      `HTTP/1.1 ${status} ${REASONS[status]}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(json)}\r\nConnection: close\r\n\r\n${json}`,
    )
  })
  return server
}

const error = (message: string, reason: string, retry = false): ErrorBody => ({
  error: 'invalid_request',
  message,
  details: { reason },
  retry_allowed: retry,
})

const MALFORMED = error('the request is not valid HTTP', 'malformed_http')
const HEADERS_TOO_LARGE = error('the request headers are too large', 'headers_too_large')
const CHUNK_EXTENSIONS_TOO_LARGE: ErrorBody = {
  error: 'payload_too_large',
  message: 'the request chunk extensions are too large',
  details: { reason: 'chunk_extensions_too_large' },
  retry_allowed: false,
}
const TIMEOUT = error('the request took too long to arrive', 'request_timeout', true)
const INVALID_TARGET = error('the request target or Host header is not valid', 'invalid_target')
const MISSING_HOST = error('an HTTP/1.1 request needs a Host header', 'missing_host')
const EXPECTATION_FAILED = error('only Expect: 100-continue is supported', 'expectation_failed')
const INTERNAL: ErrorBody = {
  error: 'internal_error',
  message: 'internal error',
  details: {},
  retry_allowed: false,
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  408: 'Request Timeout',
  413: 'Payload Too Large',
  431: 'Request Header Fields Too Large',
}

/** The status and body for a parse error Node reports (the same statuses Node would send). */
function clientErrorAnswer(code: string | undefined): [number, ErrorBody] {
  if (code === 'HPE_HEADER_OVERFLOW') return [431, HEADERS_TOO_LARGE]
  if (code === 'HPE_CHUNK_EXTENSIONS_OVERFLOW') return [413, CHUNK_EXTENSIONS_TOO_LARGE]
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return [408, TIMEOUT]
  return [400, MALFORMED]
}

function jsonResponse(status: number, body: ErrorBody): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  })
}

function writeJson(res: ServerResponse, status: number, body: ErrorBody): void {
  const json = JSON.stringify(body)
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(json),
    Connection: 'close',
  })
  res.end(json)
}

/**
 * Folds the optional white space HTTP allows around a media type's `;` parameters
 * (`application/json ; charset=utf-8`) into the form the route validators match, so a valid
 * header is never answered 415.
 */
function normalizeContentType(req: IncomingMessage): void {
  const value = req.headers['content-type']
  if (value === undefined || !/\s;|;\s{2,}|\s$/.test(value)) return
  const normal = value.trim().replace(/\s*;\s*/g, '; ')
  req.headers['content-type'] = normal
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    if (req.rawHeaders[i]?.toLowerCase() === 'content-type') req.rawHeaders[i + 1] = normal
  }
}
