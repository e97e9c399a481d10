import type { ApiFailure } from '../api/api-failure'

/** Props of {@link FailureView}. */
export interface FailureViewProps {
  failure: ApiFailure
  /** Shown as a Retry button when the failure allows retrying. */
  onRetry?: () => void
  /** Shown as a link to the options when the problem is the settings. */
  onOpenOptions?: () => void
}

/** An API failure in words, announced to screen readers, with Retry where it may help. */
export function FailureView({ failure, onRetry, onOpenOptions }: FailureViewProps) {
  const settingsProblem =
    failure.kind === 'not_configured' || failure.code === 'unauthorized' || failure.kind === 'cors'
  return (
    <div class="mr-failure" role="alert">
      <p class="mr-failure-message">{failure.message}</p>
      {failure.serverMessage ? <p class="mr-hint">Server: {failure.serverMessage}</p> : null}
      <div class="mr-actions">
        {failure.retryAllowed && onRetry ? (
          <button type="button" class="mr-btn" onClick={onRetry}>
            Retry
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
