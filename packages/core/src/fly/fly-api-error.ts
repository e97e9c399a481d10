import { McpRemoteError } from '../errors/index.js'

/** Fly's machine-readable error codes (`main.statusCode` in the OpenAPI document). */
export const FLY_ERROR_STATUSES = [
  'unknown',
  'insufficient_capacity',
  'volume_placement_capacity',
  'name_taken',
] as const

/** A Fly error code such as `name_taken` or `insufficient_capacity`. */
export type FlyErrorStatus = (typeof FLY_ERROR_STATUSES)[number]

/** Facts about a failed Fly call; none of them comes from the request. */
export interface FlyApiErrorInit {
  /** HTTP status; undefined when no response arrived (network error, timeout). */
  status?: number
  /** Fly's `status` field from the error body (`name_taken`, `insufficient_capacity`, …). */
  flyStatus?: string
  /** The `fly-request-id` response header, for Fly support. */
  requestId?: string
  /** Fly's `error` text, when it is safe to keep (never for calls whose body holds secrets). */
  flyMessage?: string
  /** What went wrong besides the status: no response (`network`, `timeout`) or a body we could not read. */
  reason?: 'network' | 'timeout' | 'unexpected_response'
  /** Milliseconds the server asked us to wait (`Retry-After`). */
  retryAfterMs?: number
  /** Overrides the default retryability. */
  retryable?: boolean
}

/**
 * Fly.io refused or failed a call. Holds the operation, the HTTP status, Fly's error code and
 * request id, never the request: no token, no body, no secret values.
 *
 * `retryable` is true for network errors, timeouts, 429, 5xx and `insufficient_capacity`;
 * whether a call is actually retried also depends on it being idempotent.
 */
export class FlyApiError extends McpRemoteError {
  /** The Fly operation id from the OpenAPI document, e.g. `Machines_create`. */
  readonly operation: string
  /** HTTP status; undefined when no response arrived. */
  readonly status: number | undefined
  /** Fly's error code from the body (`name_taken`, `insufficient_capacity`, …). */
  readonly flyStatus: string | undefined
  /** The `fly-request-id` response header. */
  readonly requestId: string | undefined
  /** Whether trying again may help (network, timeout, 429, 5xx, `insufficient_capacity`). */
  readonly retryable: boolean
  /** What `Retry-After` asked for, in ms. */
  readonly retryAfterMs: number | undefined

  constructor(operation: string, init: FlyApiErrorInit = {}) {
    const { status, flyStatus, requestId, flyMessage, reason } = init
    const retryable =
      init.retryable ??
      (status === undefined ||
        status === 429 ||
        status >= 500 ||
        flyStatus === 'insufficient_capacity')
    const what = status === undefined ? (reason ?? 'no response') : String(status)
    super(
      'upstream_error',
      `Fly.io ${operation} failed (${what}${flyStatus ? ` ${flyStatus}` : ''})`,
      {
        details: {
          operation,
          status: status ?? null,
          fly_status: flyStatus ?? null,
          fly_request_id: requestId ?? null,
          ...(flyMessage ? { fly_error: flyMessage } : {}),
          ...(reason ? { reason } : {}),
        },
        retryAllowed: retryable,
      },
    )
    this.operation = operation
    this.status = status
    this.flyStatus = flyStatus
    this.requestId = requestId
    this.retryable = retryable
    this.retryAfterMs = init.retryAfterMs
  }

  /** True when Fly answered 404: the app, machine or lease does not exist (any more). */
  get notFound(): boolean {
    return this.status === 404
  }
}

/** True when `err` is a {@link FlyApiError} for a missing resource (HTTP 404). */
export function isFlyNotFound(err: unknown): boolean {
  return err instanceof FlyApiError && err.status === 404
}
