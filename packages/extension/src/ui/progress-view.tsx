import type { DeploymentEventView } from '../api/wire-types'

function time(at: string): string {
  const d = new Date(at)
  return Number.isNaN(d.getTime()) ? at : d.toLocaleTimeString()
}

/** Words for an event: its reason made readable, and the status it moved to. */
export function describeEvent(e: DeploymentEventView): string {
  const reason = e.reason.replace(/[_-]+/g, ' ').trim()
  const step = typeof e.details?.step === 'string' ? ` (${e.details.step})` : ''
  if (e.to_status && e.to_status !== e.from_status) return `${reason}${step} → ${e.to_status}`
  return `${reason}${step}`
}

/** The deployment's events, oldest first, as a live log. */
export function ProgressView({ events }: { events: readonly DeploymentEventView[] }) {
  // Rendered even while empty: a live region inserted along with its first content is not
  // announced by most screen readers.
  return (
    <ol class="mr-progress" aria-label="Progress" aria-live="polite">
      {events.map((e, i) => (
        <li key={i}>
          <time class="mr-muted" dateTime={e.at}>
            {time(e.at)}
          </time>{' '}
          {describeEvent(e)}
        </li>
      ))}
    </ol>
  )
}
