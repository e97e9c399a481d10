import type { DeploymentStatus } from '@mcp-remote/core'

/** How often to re-read a deployment while deploying (DESIGN.md §3), in milliseconds. */
export const DEPLOYING_POLL_MS = 2_000
/** How often to re-read a deployment once it has settled, in milliseconds. */
export const SETTLED_POLL_MS = 30_000

/** The delay before the next read of a deployment: 2 s while deploying, 30 s after. */
export function pollDelayMs(status: DeploymentStatus): number {
  return status === 'deploying' ? DEPLOYING_POLL_MS : SETTLED_POLL_MS
}

/** The delay for a list: the fastest any of its deployments needs (30 s when empty). */
export function listPollDelayMs(statuses: readonly DeploymentStatus[]): number {
  return statuses.some((s) => s === 'deploying') ? DEPLOYING_POLL_MS : SETTLED_POLL_MS
}

/**
 * The delay before the next read after a failed one: the usual `delayMs`, or longer when the
 * server asked to wait (`Retry-After`, in seconds) — reading sooner would only be refused.
 */
export function afterFailureDelayMs(
  delayMs: number,
  failure: { retryAfterSeconds?: number | null },
): number {
  return Math.max(delayMs, (failure.retryAfterSeconds ?? 0) * 1000)
}
