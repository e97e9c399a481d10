import { useState } from 'preact/hooks'
import type { ApiFailure } from '../api/api-failure'
import type { ExtensionApi } from '../api/extension-api'
import type { DeploymentView } from '../api/wire-types'
import { serverSlug } from '../ui/connect-instructions'
import { EndpointView } from '../ui/endpoint-view'
import { FailureView } from '../ui/failure-view'
import { shortCost } from '../ui/format-cost'
import { ProgressView } from '../ui/progress-view'
import { Spinner } from '../ui/spinner'
import { StatusBadge } from '../ui/status-badge'
import { useDeploymentPoll } from '../ui/use-deployment-poll'

/** Props of {@link DeploymentTracker}. */
export interface DeploymentTrackerProps {
  api: ExtensionApi
  initial: DeploymentView
  onOpenOptions?: () => void
}

/**
 * Follows a deployment: its events while deploying, then its endpoint and how to use it, or
 * why it failed with a Retry when the server allows one.
 */
export function DeploymentTracker({ api, initial, onOpenOptions }: DeploymentTrackerProps) {
  const polled = useDeploymentPoll(api, initial)
  const d = polled.deployment
  const [actionFailure, setActionFailure] = useState<ApiFailure | null>(null)
  const [busy, setBusy] = useState(false)

  const restart = async () => {
    setBusy(true)
    setActionFailure(null)
    const result = await api.restartDeployment(d.id)
    setBusy(false)
    if (result.ok) polled.set(result.data)
    else setActionFailure(result.failure)
    polled.refresh()
  }

  return (
    <section class="mr-tracker" aria-label="Deployment">
      {/* A live region from the start: the change to Running or Failed is announced. */}
      <p class="mr-status-line" role="status">
        <StatusBadge status={d.status} /> <strong>{d.display_name}</strong>{' '}
        <span class="mr-muted">
          on {d.runtime} · {shortCost(d.cost)}
        </span>
      </p>
      {d.status === 'deploying' ? (
        <Spinner label="Deploying… this page updates by itself." />
      ) : null}
      {d.status_reason && d.status !== 'running' ? <p class="mr-hint">{d.status_reason}</p> : null}
      <ProgressView events={d.events ?? []} />
      {d.status === 'failed' ? (
        <div class="mr-failure" role="alert">
          <p class="mr-failure-message">
            The deployment failed{d.status_reason ? `: ${d.status_reason}` : '.'}
          </p>
          {d.retry_allowed ? (
            <button type="button" class="mr-btn" disabled={busy} onClick={() => void restart()}>
              Retry
            </button>
          ) : null}
        </div>
      ) : null}
      {(d.status === 'running' || d.status === 'unhealthy') && d.endpoints ? (
        <EndpointView
          endpoints={d.endpoints}
          name={serverSlug(d.display_name, d.package_name)}
          tools={d.tools}
        />
      ) : null}
      {actionFailure ? (
        <FailureView
          failure={actionFailure}
          onRetry={() => void restart()}
          onOpenOptions={onOpenOptions}
        />
      ) : null}
      {polled.failure ? (
        <FailureView
          failure={polled.failure}
          onRetry={polled.refresh}
          onOpenOptions={onOpenOptions}
        />
      ) : null}
      <p class="mr-hint">
        You can close this panel: the deployment carries on. The extension’s toolbar button lists
        every deployment.
      </p>
    </section>
  )
}
