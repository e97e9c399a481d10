import { McpRemoteError } from '../../errors/index.js'

/** Facts about an upstream failure that are safe to show: never URLs with tokens, never headers. */
export interface SourceUnavailableDetails {
  /** `github` or `npm`. */
  upstream: string
  /** What was being done: `repository`, `tarball`, `contents`, `package`. */
  operation: string
  status: number | undefined
  /** When a rate limit resets (ISO 8601), if the upstream said. */
  reset_at?: string
}

/**
 * GitHub or the npm registry could not be read: rate limited, refused, failing, or out of
 * reach. Code `upstream_error`; `retryAllowed` when waiting may help (rate limits, 5xx,
 * network errors).
 */
export class SourceUnavailableError extends McpRemoteError {
  readonly status: number | undefined

  constructor(
    message: string,
    details: SourceUnavailableDetails,
    retryAllowed: boolean,
    cause?: unknown,
  ) {
    super('upstream_error', message, { details: { ...details }, retryAllowed, cause })
    this.status = details.status
  }
}
