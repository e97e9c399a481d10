import type { DeploymentStatus } from '@mcp-remote/core'

const LABELS: Record<DeploymentStatus, string> = {
  deploying: 'Deploying',
  running: 'Running',
  unhealthy: 'Unhealthy',
  stopped: 'Stopped',
  failed: 'Failed',
}

/** A deployment's status as a coloured label with its word (colour never carries it alone). */
export function StatusBadge({ status }: { status: DeploymentStatus }) {
  return (
    <span class={`mr-badge mr-badge-${status}`} data-status={status}>
      {LABELS[status] ?? status}
    </span>
  )
}
