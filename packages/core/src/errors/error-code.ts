/** Every error code the API and the library speak (DESIGN.md §7). */
export const ERROR_CODES = [
  'invalid_request',
  'invalid_source',
  'unauthorized',
  'forbidden',
  'not_found',
  'invalid_transition',
  'missing_credentials',
  'idempotency_key_reused',
  'cost_not_confirmed',
  'rate_limited',
  'payload_too_large',
  'analysis_failed',
  'deployment_failed',
  'upstream_error',
  'internal_error',
] as const

/** A machine-readable error code, one of {@link ERROR_CODES}. */
export type ErrorCode = (typeof ERROR_CODES)[number]

/** The JSON body of every error the API returns. */
export interface ErrorBody {
  error: ErrorCode
  message: string
  details: Readonly<Record<string, unknown>>
  retry_allowed: boolean
}
