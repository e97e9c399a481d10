import type { ErrorCode } from '@mcp-remote/core'

/** `mcp-deploy` exit codes; docs/server.md lists them. */
export const EXIT_CODES = {
  ok: 0,
  /** Anything unexpected (`internal_error`). */
  failure: 1,
  /** Bad arguments or configuration; nothing was sent. */
  usage: 2,
  notFound: 3,
  /** The lifecycle action is not allowed now (`invalid_transition`). */
  conflict: 4,
  /** The request was refused: invalid input, source or credentials, or no config found. */
  rejected: 5,
  /** The cost was not confirmed (declined, or no `--yes` without a terminal). */
  costNotConfirmed: 6,
  /** The API token is missing or wrong, or the origin is refused. */
  unauthorized: 7,
  /** The server, or something behind it, is unreachable, failing or rate limiting. */
  unavailable: 8,
  /** The deployment ended `failed`. */
  deploymentFailed: 9,
  /** Interrupted (Ctrl-C). */
  interrupted: 130,
} as const

/** One of {@link EXIT_CODES}' values. */
export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES]

const BY_ERROR: Record<ErrorCode, ExitCode> = {
  invalid_request: EXIT_CODES.rejected,
  invalid_source: EXIT_CODES.rejected,
  unauthorized: EXIT_CODES.unauthorized,
  forbidden: EXIT_CODES.unauthorized,
  not_found: EXIT_CODES.notFound,
  invalid_transition: EXIT_CODES.conflict,
  missing_credentials: EXIT_CODES.rejected,
  idempotency_key_reused: EXIT_CODES.rejected,
  cost_not_confirmed: EXIT_CODES.costNotConfirmed,
  rate_limited: EXIT_CODES.unavailable,
  payload_too_large: EXIT_CODES.rejected,
  analysis_failed: EXIT_CODES.rejected,
  deployment_failed: EXIT_CODES.deploymentFailed,
  upstream_error: EXIT_CODES.unavailable,
  internal_error: EXIT_CODES.failure,
}

/** The exit code for an API error code. */
export function exitCodeFor(code: ErrorCode): ExitCode {
  return BY_ERROR[code]
}
