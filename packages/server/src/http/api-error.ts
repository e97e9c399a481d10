import { type ErrorCode, McpRemoteError, type McpRemoteErrorOptions } from '@mcp-remote/core'
import { loggablePath } from '../log/index.js'
import type { ErrorStatus } from './error-status.js'

/**
 * An error raised by the HTTP layer itself (routing, auth, limits). Like every
 * `McpRemoteError` it knows its wire shape; `status` refines the code's default status where
 * HTTP has a more precise one (405 with `Allow`, 415).
 */
export class ApiError extends McpRemoteError {
  readonly status: ErrorStatus | undefined
  readonly headers: Readonly<Record<string, string>>

  constructor(
    code: ErrorCode,
    message: string,
    opts: McpRemoteErrorOptions & { status?: ErrorStatus; headers?: Record<string, string> } = {},
  ) {
    super(code, message, opts)
    this.status = opts.status
    this.headers = opts.headers ?? {}
  }
}

/** No route has this path (shown masked and cut like a logged path: it may hold a token). */
export class RouteNotFoundError extends ApiError {
  constructor(method: string, path: string) {
    const shown = loggablePath(path)
    super('not_found', `no route for ${method} ${shown}`, { details: { method, path: shown } })
  }
}

/** The path exists but not with this method; `Allow` lists the methods it has. */
export class MethodNotAllowedError extends ApiError {
  constructor(method: string, methods: readonly string[]) {
    const allow = [...methods].sort()
    super('invalid_request', `method ${method} is not allowed here`, {
      status: 405,
      details: { method, allow },
      headers: { Allow: allow.join(', ') },
    })
  }
}

const UNAUTHORIZED_MESSAGES = {
  missing: 'an API token is required (Authorization: Bearer <token>)',
  invalid: 'the API token is not valid',
  duplicate: 'send exactly one Authorization header',
} as const

/**
 * The request has no valid API token: none, a wrong one, or several `Authorization` headers
 * (which one counts would be a guess, and a proxy might guess otherwise).
 */
export class UnauthorizedError extends ApiError {
  constructor(reason: keyof typeof UNAUTHORIZED_MESSAGES) {
    super('unauthorized', UNAUTHORIZED_MESSAGES[reason], {
      details: { reason },
      headers: { 'WWW-Authenticate': 'Bearer realm="mcp-remote"' },
    })
  }
}

/** A browser origin that is not allowed asked for access. */
export class OriginForbiddenError extends ApiError {
  constructor() {
    super('forbidden', 'this origin is not allowed', {})
  }
}

/** The client sent more than its share of requests; retry after `retryAfterS` seconds. */
export class RateLimitedError extends ApiError {
  constructor(retryAfterS: number, limit: number) {
    super('rate_limited', `too many requests; retry after ${retryAfterS} s`, {
      retryAllowed: true,
      details: { retry_after_s: retryAfterS, limit_per_minute: limit },
      headers: { 'Retry-After': String(retryAfterS) },
    })
  }
}

/** The request body is larger than the cap. */
export class PayloadTooLargeError extends ApiError {
  constructor(maxBytes: number) {
    super('payload_too_large', `request body exceeds ${maxBytes} bytes`, {
      details: { max_bytes: maxBytes },
    })
  }
}

/** The request body ended before it was complete (the client closed the connection mid-body). */
export class IncompleteBodyError extends ApiError {
  constructor(opts: { cause?: unknown } = {}) {
    super('invalid_request', 'the request body ended before it was complete', {
      ...opts,
      details: { reason: 'incomplete_body' },
    })
  }
}

/** The body is not JSON, or not the media type the route takes. */
export class MalformedBodyError extends ApiError {
  constructor(reason: 'malformed_json' | 'unsupported_media_type') {
    super(
      'invalid_request',
      reason === 'malformed_json'
        ? 'the request body is not valid JSON'
        : 'the request body must be application/json',
      { details: { reason }, ...(reason === 'unsupported_media_type' ? { status: 415 } : {}) },
    )
  }
}
