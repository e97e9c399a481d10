import type { ApiErrorBody } from './wire-types'

/**
 * Why a call to the server did not succeed, from the extension's point of view:
 * - `not_configured`: no server URL or token saved yet;
 * - `unreachable`: nothing answered at the server URL (down, wrong port, timeout);
 * - `cors`: the server answered but refused this extension's origin;
 * - `http`: the server answered with an API error body;
 * - `invalid_response`: something answered, but not an mcp-remote server;
 * - `extension`: the extension itself failed (worker gone, message lost).
 */
export type ApiFailureKind =
  | 'not_configured'
  | 'unreachable'
  | 'cors'
  | 'http'
  | 'invalid_response'
  | 'extension'

/** A failed call described for a person: what went wrong, in words, and whether to retry. */
export interface ApiFailure {
  kind: ApiFailureKind
  /** The API's error code (`unauthorized`, `invalid_transition`…) or the kind itself. */
  code: string
  /** HTTP status, when the server answered. */
  status: number | null
  /** One or two sentences saying what is wrong and what to do. */
  message: string
  /** The server's own message, when it sent one. */
  serverMessage: string | null
  details: Record<string, unknown>
  /** True only where the same request may succeed later. */
  retryAllowed: boolean
  /** How long the server asked to wait before retrying (`Retry-After`), in seconds. */
  retryAfterSeconds?: number | null
}

/** Where the failing call went, for messages that tell the user what to change. */
export interface FailureContext {
  serverUrl: string
  /** `chrome-extension://<id>`: the origin a server must allow. */
  extensionOrigin: string
  /** `Retry-After` in seconds, when the server sent one. */
  retryAfterSeconds?: number | null
}

/** True for a value shaped like the API's error body `{ error, message, … }`. */
export function isApiErrorBody(value: unknown): value is ApiErrorBody {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  return typeof v.error === 'string' && typeof v.message === 'string'
}

function namesIn(details: Record<string, unknown>): string[] {
  for (const key of ['missing', 'names', 'fields']) {
    const value = details[key]
    if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value
  }
  return []
}

function leadFor(
  code: string,
  status: number,
  details: Record<string, unknown>,
  ctx: FailureContext,
): string {
  switch (code) {
    case 'unauthorized':
      return 'The server did not accept the API token. Check the token in the extension options.'
    case 'forbidden':
      return `The server refused this extension. If it limits origins, add ${ctx.extensionOrigin} to MCP_REMOTE_CORS_ORIGINS.`
    case 'not_found':
      return 'The server does not know this item any more; it may have been deleted.'
    case 'invalid_transition':
      return 'That action is not possible in the deployment’s current state.'
    case 'missing_credentials': {
      const names = namesIn(details)
      return names.length > 0
        ? `Some required values are missing: ${names.join(', ')}.`
        : 'Some required values are missing.'
    }
    case 'cost_not_confirmed':
      return 'Confirm the cost before deploying.'
    case 'idempotency_key_reused':
      return 'This deploy was already sent with different settings. Deploy again from the form.'
    case 'invalid_source':
      return 'The server cannot read this source.'
    case 'invalid_request':
      return 'The server refused the request as invalid.'
    case 'payload_too_large':
      return 'The request is too large for the server.'
    case 'rate_limited': {
      const wait = ctx.retryAfterSeconds
      return wait
        ? `Too many requests. Try again in ${wait} seconds.`
        : 'Too many requests. Try again shortly.'
    }
    case 'analysis_failed':
      return 'The analysis failed.'
    case 'deployment_failed':
      return 'The deployment failed.'
    case 'upstream_error':
      return 'A service the server depends on failed.'
    case 'internal_error':
      return 'The server hit an internal error.'
    default:
      return status >= 500
        ? 'The server failed.'
        : `The server refused the request (HTTP ${status}).`
  }
}

/**
 * Describes an HTTP answer that is not a success. `body` is the parsed JSON (or `undefined`
 * when the body was not JSON). An answer without the API's error shape is reported as
 * `invalid_response` unless its status says enough on its own (401, 429, 5xx).
 */
export function failureFromResponse(
  status: number,
  body: unknown,
  ctx: FailureContext,
): ApiFailure {
  if (isApiErrorBody(body)) {
    const details =
      typeof body.details === 'object' && body.details !== null ? { ...body.details } : {}
    return {
      kind: 'http',
      code: body.error,
      status,
      message: leadFor(body.error, status, details, ctx),
      serverMessage: body.message || null,
      details,
      retryAllowed: body.retry_allowed === true,
      retryAfterSeconds: ctx.retryAfterSeconds ?? null,
    }
  }
  const byStatus: Record<number, string> = {
    401: 'unauthorized',
    403: 'forbidden',
    429: 'rate_limited',
  }
  const code = byStatus[status] ?? (status >= 500 ? 'internal_error' : null)
  if (code) {
    return {
      kind: 'http',
      code,
      status,
      message: leadFor(code, status, {}, ctx),
      serverMessage: null,
      details: {},
      retryAllowed: status === 429 || status >= 500,
      retryAfterSeconds: ctx.retryAfterSeconds ?? null,
    }
  }
  return {
    kind: 'invalid_response',
    code: 'invalid_response',
    status,
    message: `${ctx.serverUrl} answered HTTP ${status} without an API error. Is it an mcp-remote server?`,
    serverMessage: null,
    details: {},
    retryAllowed: false,
  }
}

/** The server could not be reached at all (refused, DNS, timeout). */
export function unreachableFailure(ctx: FailureContext, timedOut = false): ApiFailure {
  return {
    kind: 'unreachable',
    code: 'unreachable',
    status: null,
    message: timedOut
      ? `The server at ${ctx.serverUrl} did not answer in time.`
      : `Cannot reach the server at ${ctx.serverUrl}. Is it running (npm start), and is the URL right?`,
    serverMessage: null,
    // A request that timed out may have been carried out: callers of creating requests check
    // this to tell the user whether sending it again is safe.
    details: timedOut ? { timed_out: true } : {},
    retryAllowed: true,
  }
}

/** The server is reachable but the browser refused its answer to this extension (CORS). */
export function corsFailure(ctx: FailureContext): ApiFailure {
  return {
    kind: 'cors',
    code: 'cors',
    status: null,
    message: `The server at ${ctx.serverUrl} is reachable but does not allow this extension (CORS). Save the options again to grant access to it, or start the server with MCP_REMOTE_CORS_ORIGINS=${ctx.extensionOrigin}.`,
    serverMessage: null,
    details: {},
    retryAllowed: false,
  }
}

/** No server URL or token is configured yet. */
export function notConfiguredFailure(): ApiFailure {
  return {
    kind: 'not_configured',
    code: 'not_configured',
    status: null,
    message: 'Set the mcp-remote server URL and API token in the extension options first.',
    serverMessage: null,
    details: {},
    retryAllowed: false,
  }
}

/** The extension's own plumbing failed (the background worker did not answer). */
export function extensionFailure(reason: string): ApiFailure {
  return {
    kind: 'extension',
    code: 'extension',
    status: null,
    message: `The extension could not complete the call: ${reason}. Reload the page and try again.`,
    serverMessage: null,
    details: {},
    retryAllowed: true,
  }
}

/** The server answered with success, but not with what the call expects (e.g. an estimate). */
export function unreadableAnswerFailure(what: string, status: number): ApiFailure {
  return {
    kind: 'invalid_response',
    code: 'invalid_response',
    status,
    message: `The server's answer did not contain ${what}. Is it an mcp-remote server of this version?`,
    serverMessage: null,
    details: {},
    retryAllowed: false,
  }
}

/**
 * True when a failed request may nevertheless have been carried out by the server: it timed
 * out waiting for the answer, the connection failed (perhaps after the request went out), or
 * the extension lost the answer on the way back. A create is sent again after one of these
 * only with the same `Idempotency-Key`, so the server cannot carry it out twice.
 */
export function outcomeUnknown(failure: ApiFailure): boolean {
  return (
    failure.details.timed_out === true ||
    failure.kind === 'unreachable' ||
    failure.kind === 'extension'
  )
}
