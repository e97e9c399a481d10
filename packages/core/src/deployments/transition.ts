import type { DeploymentStatus } from './status.js'

/** What can happen to a deployment (DESIGN.md §3); `create` and `delete` have no row-to-row move. */
export const DEPLOYMENT_EVENTS = [
  'started',
  'start_failed',
  'health_lost',
  'health_back',
  'stop',
  'restart',
] as const

/** An event of the lifecycle, one of {@link DEPLOYMENT_EVENTS}. */
export type DeploymentEvent = (typeof DEPLOYMENT_EVENTS)[number]

/** The outcome of {@link transition}. */
export type Transition =
  | { ok: true; to: DeploymentStatus }
  | { ok: false; error: 'invalid_transition' }

const NEXT: Record<DeploymentStatus, Partial<Record<DeploymentEvent, DeploymentStatus>>> = {
  deploying: { started: 'running', start_failed: 'failed' },
  running: { health_lost: 'unhealthy', stop: 'stopped', restart: 'deploying' },
  unhealthy: { health_back: 'running', stop: 'stopped', restart: 'deploying' },
  stopped: { restart: 'deploying' },
  failed: { restart: 'deploying' },
}

/** The status a deployment moves to on `event`. Pure: no I/O, no clock. */
export function transition(from: DeploymentStatus, event: DeploymentEvent): Transition {
  const to = NEXT[from][event]
  return to ? { ok: true, to } : { ok: false, error: 'invalid_transition' }
}
