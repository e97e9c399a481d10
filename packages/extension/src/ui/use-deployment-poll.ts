import { useEffect, useState } from 'preact/hooks'
import type { ApiFailure } from '../api/api-failure'
import type { ExtensionApi } from '../api/extension-api'
import type { DeploymentView } from '../api/wire-types'
import { afterFailureDelayMs, pollDelayMs } from './poll-delay'

/** A deployment kept fresh: re-read every 2 s while deploying and every 30 s after. */
export interface PolledDeployment {
  deployment: DeploymentView
  /** The last read's failure; cleared by the next successful read. */
  failure: ApiFailure | null
  /** Re-read now (after a restart, or from a Retry button). */
  refresh: () => void
  /** Replace the view with one an action returned. */
  set: (d: DeploymentView) => void
}

/** Polls one deployment from `initial` on, until the component unmounts. */
export function useDeploymentPoll(api: ExtensionApi, initial: DeploymentView): PolledDeployment {
  const [deployment, setDeployment] = useState(initial)
  const [failure, setFailure] = useState<ApiFailure | null>(null)
  const [tick, setTick] = useState(0)
  const delay = tick === -1 ? 0 : pollDelayMs(deployment.status)

  useEffect(() => {
    let cancelled = false
    const timer = setTimeout(
      async () => {
        const result = await api.getDeployment(deployment.id)
        if (cancelled) return
        if (result.ok) {
          setDeployment(result.data)
          setFailure(null)
          setTick(0)
        } else {
          setFailure(result.failure)
          setTick((t) => (t < 0 ? 1 : t + 1))
        }
      },
      tick > 0 && failure ? afterFailureDelayMs(delay, failure) : delay,
    )
    return () => {
      cancelled = true
      clearTimeout(timer)
    }
  }, [api, deployment, tick])

  return {
    deployment,
    failure,
    refresh: () => setTick(-1),
    set: (d) => {
      setDeployment(d)
      setTick(0)
    },
  }
}
