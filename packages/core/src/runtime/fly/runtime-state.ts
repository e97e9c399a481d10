import type { Machine } from '../../fly/index.js'
import type { RuntimeStatus } from '../runtime.js'

/**
 * A Machine's state as a runtime status. Pure. `suspended` and `stopped` with autostart on
 * read `running`: fly-proxy wakes them on the next request, so the deployment is up (idle).
 * A Machine stopped by `FlyRuntime.stop` has autostart off and reads `stopped`.
 */
export function runtimeStateOf(
  machine: Pick<Machine, 'state' | 'config' | 'checks'>,
): RuntimeStatus {
  const state = machine.state
  const wakes = (machine.config?.services ?? []).some((s) => s.autostart === true)
  switch (state) {
    case 'started': {
      const failing = (machine.checks ?? []).find((c) => c.status !== 'passing')
      return {
        state: 'running',
        detail: failing ? `fly: started, check ${failing.status}` : 'fly: started',
      }
    }
    case 'created':
    case 'starting':
    case 'replacing':
      return { state: 'starting', detail: `fly: ${state}` }
    case 'stopping':
    case 'stopped':
    case 'suspending':
    case 'suspended':
      return wakes
        ? { state: 'running', detail: `fly: ${state}, wakes on request` }
        : { state: 'stopped', detail: `fly: ${state}` }
    case 'failed':
      return { state: 'failed', detail: 'fly: failed' }
    case 'destroying':
    case 'destroyed':
      return { state: 'gone', detail: `fly: ${state}` }
    default:
      return { state: 'starting', detail: `fly: ${state}` }
  }
}
