import type { ErrorCode } from '@mcp-remote/core'

/**
 * The HTTP status each error code answers with (DESIGN.md §7): the one place that maps codes to
 * statuses. An {@link ApiError} may carry a more precise status of the same family (405, 415).
 */
export const HTTP_STATUS_BY_CODE = {
  invalid_request: 400,
  invalid_source: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  invalid_transition: 409,
  missing_credentials: 422,
  idempotency_key_reused: 422,
  cost_not_confirmed: 400,
  rate_limited: 429,
  payload_too_large: 413,
  analysis_failed: 422,
  deployment_failed: 502,
  upstream_error: 502,
  internal_error: 500,
} as const satisfies Record<ErrorCode, number>

/** An HTTP status the API answers errors with. */
export type ErrorStatus = (typeof HTTP_STATUS_BY_CODE)[ErrorCode] | 405 | 415

/** The status for an error code, with an optional override from an {@link ApiError}. */
export function statusForCode(code: ErrorCode, override?: ErrorStatus): ErrorStatus {
  return override ?? HTTP_STATUS_BY_CODE[code]
}
