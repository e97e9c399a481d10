import type { ErrorBody, ErrorCode } from './error-code.js'

/** Options shared by every {@link McpRemoteError}. */
export interface McpRemoteErrorOptions {
  details?: Record<string, unknown>
  retryAllowed?: boolean
  cause?: unknown
}

/**
 * Base of every error core throws on purpose; its message is safe to show a user.
 * It never carries credentials, tokens or capability URLs.
 */
export class McpRemoteError extends Error {
  readonly code: ErrorCode
  readonly details: Readonly<Record<string, unknown>>
  readonly retryAllowed: boolean

  constructor(code: ErrorCode, message: string, opts: McpRemoteErrorOptions = {}) {
    super(message, { cause: opts.cause })
    this.name = new.target.name
    this.code = code
    this.details = opts.details ?? {}
    this.retryAllowed = opts.retryAllowed ?? false
  }

  /** The wire shape `{ error, message, details, retry_allowed }`. */
  toJSON(): ErrorBody {
    const { code: error, message, details, retryAllowed: retry_allowed } = this
    return { error, message, details, retry_allowed }
  }
}

/** Input failed validation. `details.issues` names fields and rules, never values. */
export class ValidationError extends McpRemoteError {
  /** Issues listed in `details` at most; `details.issues_total` counts them all. */
  static readonly MAX_ISSUES = 50

  constructor(message: string, issues: ReadonlyArray<{ path: string; message: string }> = []) {
    // A hostile body can hold thousands of wrong fields: the answer stays small and readable.
    const listed = issues.slice(0, ValidationError.MAX_ISSUES).map((issue) => ({
      path: clip(issue.path, 200),
      message: clip(issue.message, 500),
    }))
    super('invalid_request', message, {
      details: {
        issues: listed,
        ...(issues.length > listed.length ? { issues_total: issues.length } : {}),
      },
    })
  }
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`
}

/** The named thing does not exist. */
export class NotFoundError extends McpRemoteError {
  constructor(kind: string, id: string) {
    super('not_found', `${kind} ${id} not found`, { details: { kind, id } })
  }
}

/**
 * A lifecycle action is not allowed from the current status (DESIGN.md §3). From `deploying`,
 * which ends by itself (in `running` or `failed`, from where stop or restart are allowed), the
 * same request may succeed later: `retryAllowed` is true there only.
 */
export class InvalidTransitionError extends McpRemoteError {
  constructor(from: string, event: string) {
    super('invalid_transition', `cannot ${event} a deployment that is ${from}`, {
      details: { from, event },
      retryAllowed: from === 'deploying',
    })
  }
}

/** Required credentials are missing, or names given are undeclared or reserved. */
export class MissingCredentialsError extends McpRemoteError {
  constructor(message: string, details: Record<string, unknown>) {
    super('missing_credentials', message, { details })
  }
}

/** Another writer updated the row first (optimistic concurrency on `version`). */
export class ConcurrentUpdateError extends McpRemoteError {
  constructor(id: string) {
    super('invalid_transition', `deployment ${id} was changed concurrently; reload and retry`, {
      details: { id },
      retryAllowed: true,
    })
  }
}

/** The caller must confirm the estimated cost first (`confirm_cost: true`). */
export class CostNotConfirmedError extends McpRemoteError {
  constructor(estimate: Record<string, unknown>) {
    super('cost_not_confirmed', 'confirm the estimated cost with confirm_cost: true', {
      details: { estimate },
    })
  }
}

/**
 * An `Idempotency-Key` already named a deploy of a different request (another config, runtime,
 * source or set of credential names). Retries must repeat the request they retry.
 */
export class IdempotencyKeyReusedError extends McpRemoteError {
  constructor(deploymentId: string) {
    super(
      'idempotency_key_reused',
      'this idempotency key was used for a different deploy request; use a new key for a new request',
      { details: { deployment_id: deploymentId } },
    )
  }
}

/** A deploy step failed; `retryAllowed` says whether trying again may help. */
export class DeploymentFailedError extends McpRemoteError {}

/** A source (URL, npm spec or path) is not one we can analyze. */
export class InvalidSourceError extends McpRemoteError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('invalid_source', message, { details })
  }
}

/**
 * The embedded PGlite data directory is open in another live process (PGlite is single-process:
 * two on one directory would corrupt it). A configuration problem, not a fault: stop the other
 * process or use another data directory. `details` names the directory, the pid and the lock.
 */
export class DataDirectoryInUseError extends McpRemoteError {
  constructor(dataDir: string, pid: number, lock: string) {
    super(
      'invalid_request',
      `the PGlite data directory is in use by process ${pid} (stop it, or use another DATA_DIR)`,
      { details: { dataDir, pid, lock }, retryAllowed: true },
    )
  }
}

/** Turns anything thrown into an {@link McpRemoteError}; unknown errors become `internal_error`. */
export function toMcpRemoteError(err: unknown): McpRemoteError {
  if (err instanceof McpRemoteError) return err
  return new McpRemoteError('internal_error', 'internal error', { cause: err })
}
