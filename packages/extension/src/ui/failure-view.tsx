import { useEffect, useState } from 'preact/hooks'
import type { ApiFailure } from '../api/api-failure'

/** Props of {@link FailureView}. */
export interface FailureViewProps {
  failure: ApiFailure
  /** Shown as a Retry button when the failure allows retrying. */
  onRetry?: () => void
  /** Shown as a link to the options when the problem is the settings. */
  onOpenOptions?: () => void
}

/**
 * Seconds left of the server's `Retry-After`, counting down to 0 once a second; restarts when
 * another failure comes.
 */
function useWait(failure: ApiFailure): number {
  const [left, setLeft] = useState(failure.retryAfterSeconds ?? 0)
  useEffect(() => {
    const total = failure.retryAfterSeconds ?? 0
    setLeft(total)
    if (total <= 0) return
    const started = Date.now()
    const timer = setInterval(() => {
      const remaining = Math.max(0, total - Math.floor((Date.now() - started) / 1000))
      setLeft(remaining)
      if (remaining === 0) clearInterval(timer)
    }, 1000)
    return () => clearInterval(timer)
  }, [failure])
  return left
}

/**
 * An API failure in words, announced to screen readers, with Retry where it may help. When the
 * server said how long to wait (429 with `Retry-After`), Retry stays disabled, counting down,
 * until then: retrying earlier would only be refused again.
 */
export function FailureView({ failure, onRetry, onOpenOptions }: FailureViewProps) {
  const wait = useWait(failure)
  const settingsProblem =
    failure.kind === 'not_configured' || failure.code === 'unauthorized' || failure.kind === 'cors'
  return (
    <div class="mr-failure" role="alert">
      <p class="mr-failure-message">{failure.message}</p>
      {failure.serverMessage ? <p class="mr-hint">Server: {failure.serverMessage}</p> : null}
      <div class="mr-actions">
        {failure.retryAllowed && onRetry ? (
          <button type="button" class="mr-btn" disabled={wait > 0} onClick={onRetry}>
            {wait > 0 ? `Retry in ${wait} s` : 'Retry'}
          </button>
        ) : null}
        {settingsProblem && onOpenOptions ? (
          <button type="button" class="mr-btn" onClick={onOpenOptions}>
            Open options
          </button>
        ) : null}
      </div>
    </div>
  )
}
