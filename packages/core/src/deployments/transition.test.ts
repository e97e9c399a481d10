import { describe, expect, it } from 'vitest'
import { DEPLOYMENT_STATUSES, type DeploymentStatus } from './status.js'
import { DEPLOYMENT_EVENTS, type DeploymentEvent, transition } from './transition.js'

// DESIGN.md §3, written out as the expected table: every pair not listed is invalid.
const ALLOWED: Record<string, DeploymentStatus> = {
  'deploying:started': 'running',
  'deploying:start_failed': 'failed',
  'running:health_lost': 'unhealthy',
  'unhealthy:health_back': 'running',
  'running:stop': 'stopped',
  'unhealthy:stop': 'stopped',
  'stopped:restart': 'deploying',
  'failed:restart': 'deploying',
  'running:restart': 'deploying',
  'unhealthy:restart': 'deploying',
}

const pairs = DEPLOYMENT_STATUSES.flatMap((from) =>
  DEPLOYMENT_EVENTS.map((event) => [from, event] as [DeploymentStatus, DeploymentEvent]),
)

describe('transition', () => {
  it('covers all 30 status and event pairs', () => {
    expect(pairs).toHaveLength(30)
  })

  it.each(pairs)('answers %s on %s as DESIGN.md §3 says', (from, event) => {
    const to = ALLOWED[`${from}:${event}`]
    expect(transition(from, event)).toEqual(
      to ? { ok: true, to } : { ok: false, error: 'invalid_transition' },
    )
  })

  it('refuses to stop a deployment that is already stopped', () => {
    expect(transition('stopped', 'stop')).toEqual({ ok: false, error: 'invalid_transition' })
  })

  it('never leaves a failed deployment except by restart', () => {
    const exits = DEPLOYMENT_EVENTS.filter((e) => transition('failed', e).ok)
    expect(exits).toEqual(['restart'])
  })
})
