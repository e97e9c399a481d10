import {
  ERROR_CODES,
  type ErrorCode,
  McpRemoteError,
  toMcpRemoteError,
  ValidationError,
  zodIssues,
} from '@mcp-remote/core'
import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { ZodError } from 'zod'
import { loggableError, loggablePath } from '../log/index.js'
import {
  ApiError,
  IncompleteBodyError,
  MalformedBodyError,
  PayloadTooLargeError,
  RouteNotFoundError,
} from './api-error.js'
import type { AppEnv } from './app-env.js'
import { statusForCode } from './error-status.js'
import { MAX_BODY_BYTES } from './middleware/body-limit.js'

const CODES: ReadonlySet<string> = new Set(ERROR_CODES)

/** Matches on the code as well as the class, in case two copies of core are loaded. */
function isMcpRemoteError(err: unknown): err is McpRemoteError {
  if (err instanceof McpRemoteError) return true
  if (!(err instanceof Error)) return false
  const { code, toJSON } = err as Error & { code?: unknown; toJSON?: unknown }
  return typeof code === 'string' && CODES.has(code as ErrorCode) && typeof toJSON === 'function'
}

/**
 * Turns anything a handler threw into an {@link McpRemoteError}: ours pass through, hono's
 * `HTTPException`s (malformed JSON, wrong media type, oversized body) and zod errors become
 * `invalid_request` and friends, and anything else is `internal_error`.
 */
export function normalizeError(err: unknown, c: Context<AppEnv>): McpRemoteError {
  if (isMcpRemoteError(err)) return err
  if (err instanceof HTTPException) {
    if (err.status === 413) return new PayloadTooLargeError(MAX_BODY_BYTES)
    if (err.status === 415) return new MalformedBodyError('unsupported_media_type')
    if (err.status === 404) return new RouteNotFoundError(c.req.method, c.req.path)
    if (err.status === 400 && /json/i.test(err.message))
      return new MalformedBodyError('malformed_json')
    if (err.status < 500) {
      return new ApiError('invalid_request', 'the request is not valid', {
        details: { status: err.status },
      })
    }
  }
  if (err instanceof ZodError) return new ValidationError('invalid request', zodIssues(err))
  if (clientAbortedBody(c)) return new IncompleteBodyError({ cause: err })
  return toMcpRemoteError(err)
}

/**
 * Whether the client closed the connection before its request body was complete: reading
 * the body then fails, and that failure is the client's, not a server bug.
 */
function clientAbortedBody(c: Context<AppEnv>): boolean {
  const incoming = c.env?.incoming
  return incoming !== undefined && !incoming.complete && incoming.destroyed
}

/**
 * The app's error handler: answers `{ error, message, details, retry_allowed }` with the code's
 * status (see {@link statusForCode}) and logs what went wrong. Only server-side failures (5xx)
 * log the original error, through the redacting logger; client errors log their code.
 */
export function errorResponse(err: unknown, c: Context<AppEnv>): Response {
  const error = normalizeError(err, c)
  const status = statusForCode(error.code, error instanceof ApiError ? error.status : undefined)
  const log = c.get('log')
  const fields = { req_id: c.get('requestId'), code: error.code, path: loggablePath(c.req.path) }
  if (status >= 500) {
    log?.error({ ...fields, err: loggableError(error.cause ?? error) }, 'request error')
  } else log?.debug(fields, 'request refused')
  const headers = error instanceof ApiError ? error.headers : {}
  return c.json(error.toJSON(), status, { ...headers })
}
