import { useEffect, useRef, useState } from 'preact/hooks'
import type { ApiResult } from '../api/api-client'
import type { ApiFailure } from '../api/api-failure'
import type { ExtensionApi } from '../api/extension-api'
import type { DeploymentView } from '../api/wire-types'
import { CopyButton } from '../ui/copy-button'
import { FailureView } from '../ui/failure-view'
import { shortCost } from '../ui/format-cost'
import { StatusBadge } from '../ui/status-badge'

/** Props of {@link DeploymentRow}. */
export interface DeploymentRowProps {
  api: ExtensionApi
  deployment: DeploymentView
  /** Called with the deployment as an action left it, or null once it is deleted. */
  onChanged: (id: string, next: DeploymentView | null) => void
  onOpenOptions?: () => void
}

/** One deployment in the dashboard: status, cost, endpoint copy, stop/restart/delete. */
export function DeploymentRow({
  api,
  deployment: d,
  onChanged,
  onOpenOptions,
}: DeploymentRowProps) {
  const [busy, setBusy] = useState(false)
  const [confirmingDelete, setConfirmingDelete] = useState(false)
  const [failure, setFailure] = useState<{ failure: ApiFailure; retry: () => void } | null>(null)
  const titleId = `dep-${d.id}-title`
  const rowRef = useRef<HTMLLIElement>(null)
  const deleteRef = useRef<HTMLButtonElement>(null)
  // Set when the row's own control had the focus and is about to go (Stop once stopped, the
  // confirmation once answered): the focus then moves to the row's next control, not the page.
  const keepFocus = useRef<'delete' | 'row' | null>(null)

  useEffect(() => {
    const want = keepFocus.current
    const row = rowRef.current
    if (!want || !row || busy) return
    if (want === 'delete' && deleteRef.current) {
      keepFocus.current = null
      deleteRef.current.focus()
      return
    }
    if (row.contains(document.activeElement)) return
    keepFocus.current = null
    row.querySelector<HTMLButtonElement>('button:not([disabled])')?.focus()
  })

  const cancelDelete = () => {
    keepFocus.current = 'delete'
    setConfirmingDelete(false)
  }

  const act = async (
    run: () => Promise<ApiResult<unknown>>,
    after: (data: unknown) => void,
  ): Promise<void> => {
    if (rowRef.current?.contains(document.activeElement)) keepFocus.current = 'row'
    setBusy(true)
    setFailure(null)
    const result = await run()
    setBusy(false)
    if (result.ok) after(result.data)
    else setFailure({ failure: result.failure, retry: () => void act(run, after) })
  }
  const asView = (data: unknown) =>
    onChanged(
      d.id,
      data && typeof data === 'object' && 'status' in data ? (data as DeploymentView) : d,
    )
  const canStop = d.status === 'running' || d.status === 'unhealthy'
  const canRestart = d.status !== 'deploying'

  return (
    <li ref={rowRef} class="mr-row" aria-labelledby={titleId} data-deployment-id={d.id}>
      <div class="mr-row-head">
        <strong id={titleId}>{d.display_name}</strong> <StatusBadge status={d.status} />
      </div>
      <p class="mr-hint">
        {d.runtime} · {shortCost(d.cost)} · <span title={d.source}>{d.package_name}</span>
      </p>
      {d.status_reason && d.status !== 'running' ? <p class="mr-hint">{d.status_reason}</p> : null}
      <div class="mr-actions">
        {d.endpoints ? (
          <CopyButton
            text={d.endpoints.streamable_http}
            label={`Copy endpoint URL of ${d.display_name}`}
          />
        ) : null}
        {canStop ? (
          <button
            type="button"
            class="mr-btn mr-btn-small"
            disabled={busy}
            aria-label={`Stop ${d.display_name}`}
            onClick={() => void act(() => api.stopDeployment(d.id), asView)}
          >
            Stop
          </button>
        ) : null}
        {canRestart ? (
          <button
            type="button"
            class="mr-btn mr-btn-small"
            disabled={busy}
            aria-label={`Restart ${d.display_name}`}
            onClick={() => void act(() => api.restartDeployment(d.id), asView)}
          >
            Restart
          </button>
        ) : null}
        {!confirmingDelete ? (
          <button
            ref={deleteRef}
            type="button"
            class="mr-btn mr-btn-small mr-btn-danger"
            disabled={busy}
            aria-label={`Delete ${d.display_name}`}
            onClick={() => setConfirmingDelete(true)}
          >
            Delete
          </button>
        ) : null}
      </div>
      {confirmingDelete ? (
        <div
          class="mr-confirm"
          role="alertdialog"
          aria-label={`Delete ${d.display_name}?`}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.stopPropagation()
              cancelDelete()
            }
          }}
        >
          <p>
            Delete <strong>{d.display_name}</strong>? Its runtime and stored credentials are
            destroyed; its endpoint stops working.
          </p>
          <div class="mr-actions">
            <button
              type="button"
              class="mr-btn mr-btn-small mr-btn-danger"
              disabled={busy}
              // biome-ignore lint/a11y/noAutofocus: the confirmation takes focus when it appears
              autoFocus
              onClick={() =>
                void act(
                  () => api.deleteDeployment(d.id),
                  () => onChanged(d.id, null),
                )
              }
            >
              Delete for good
            </button>
            <button type="button" class="mr-btn mr-btn-small" onClick={cancelDelete}>
              Cancel
            </button>
          </div>
        </div>
      ) : null}
      {failure ? (
        <FailureView
          failure={failure.failure}
          onRetry={failure.retry}
          onOpenOptions={onOpenOptions}
        />
      ) : null}
    </li>
  )
}
