import { endpointsFor } from '../runtime/runtime.js'
import type { Deployment, DeploymentEventRecord } from '../store/records.js'
import type { DeploymentView } from './platform.js'

/** Builds the caller's view of a deployment; `token` is only ever passed for authenticated use. */
export function toDeploymentView(
  dep: Deployment,
  token: string | undefined,
  credentialNames: string[],
  events: DeploymentEventRecord[],
): DeploymentView {
  return {
    id: dep.id,
    source: dep.source,
    package_name: dep.package_name,
    display_name: dep.display_name,
    runtime: dep.runtime,
    status: dep.status,
    status_reason: dep.status_reason,
    retry_allowed: dep.retry_allowed,
    endpoints: dep.endpoint_url && token ? endpointsFor(dep.endpoint_url, token) : null,
    tools: dep.tools,
    credential_names: credentialNames,
    cost: dep.cost_estimate,
    health_failures: dep.health_failures,
    last_health_at: dep.last_health_at?.toISOString() ?? null,
    created_at: dep.created_at.toISOString(),
    updated_at: dep.updated_at.toISOString(),
    events: events.map((e) => ({
      at: e.at.toISOString(),
      from_status: e.from_status,
      to_status: e.to_status,
      reason: e.reason,
      details: e.details,
    })),
  }
}

/**
 * Freezes a view and everything in it: views handed out by `Platform.get` may be shared
 * between callers (they are cached), so none of them can change what another one sees.
 */
export function freezeView(view: DeploymentView): DeploymentView {
  deepFreeze(view)
  return view
}

function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return
  for (const child of Object.values(value)) deepFreeze(child)
  Object.freeze(value)
}
