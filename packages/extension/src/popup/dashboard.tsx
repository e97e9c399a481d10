import { useEffect, useState } from 'preact/hooks'
import type { ApiFailure } from '../api/api-failure'
import type { ExtensionApi } from '../api/extension-api'
import type { DeploymentView } from '../api/wire-types'
import { FailureView } from '../ui/failure-view'
import { afterFailureDelayMs, listPollDelayMs } from '../ui/poll-delay'
import { Spinner } from '../ui/spinner'
import { DeploymentRow } from './deployment-row'

/** Props of {@link Dashboard}. */
export interface DashboardProps {
  api: ExtensionApi
  onOpenOptions: () => void
}

/**
 * Every deployment with its status and cost, and stop/restart/delete; refreshed every 2 s
 * while any is deploying and every 30 s otherwise.
 */
export function Dashboard({ api, onOpenOptions }: DashboardProps) {
  const [deployments, setDeployments] = useState<DeploymentView[] | null>(null)
  const [failure, setFailure] = useState<ApiFailure | null>(null)
  const [tick, setTick] = useState(0)

  useEffect(() => {
    let cancelled = false
    let timer: ReturnType<typeof setTimeout> | undefined
    api.listDeployments().then((result) => {
      if (cancelled) return
      if (result.ok) {
        setDeployments(result.data)
        setFailure(null)
      } else setFailure(result.failure)
      const delay = result.ok
        ? listPollDelayMs(result.data.map((d) => d.status))
        : afterFailureDelayMs(listPollDelayMs([]), result.failure)
      timer = setTimeout(() => setTick((t) => t + 1), delay)
    })
    return () => {
      cancelled = true
      clearTimeout(timer)
    }
  }, [api, tick])

  const changed = (id: string, next: DeploymentView | null) => {
    setDeployments((list) => (list ?? []).flatMap((d) => (d.id !== id ? [d] : next ? [next] : [])))
    setTick((t) => t + 1)
  }

  return (
    <main class="mr-dashboard" aria-labelledby="mr-dashboard-title">
      <header class="mr-dashboard-header">
        <h1 id="mr-dashboard-title" class="mr-h2">
          Deployments
        </h1>
        <button type="button" class="mr-btn mr-btn-small" onClick={onOpenOptions}>
          Options
        </button>
      </header>
      {failure ? (
        <FailureView
          failure={failure}
          onRetry={() => setTick((t) => t + 1)}
          onOpenOptions={onOpenOptions}
        />
      ) : null}
      {deployments === null && !failure ? <Spinner label="Loading deployments…" /> : null}
      {deployments !== null && deployments.length === 0 ? (
        <p class="mr-muted">
          No deployments yet. Open an MCP server’s repository on GitHub and press Deploy to Cloud.
        </p>
      ) : null}
      {deployments && deployments.length > 0 ? (
        <ul class="mr-rows">
          {deployments.map((d) => (
            <DeploymentRow
              key={d.id}
              api={api}
              deployment={d}
              onChanged={changed}
              onOpenOptions={onOpenOptions}
            />
          ))}
        </ul>
      ) : null}
    </main>
  )
}
