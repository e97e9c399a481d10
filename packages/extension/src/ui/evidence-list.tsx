import type { Evidence } from '@mcp-remote/core'

/** Where each finding came from: detector, file and line, and a short note. */
export function EvidenceList({ evidence }: { evidence: readonly Evidence[] }) {
  return (
    <ul class="mr-evidence" aria-label="Evidence">
      {evidence.map((e, i) => (
        <li key={i}>
          <span class="mr-evidence-where">
            {e.file}
            {e.line !== null ? `:${e.line}` : ''}
          </span>{' '}
          <span class="mr-muted">({e.detector})</span>
          {e.note ? <span> — {e.note}</span> : null}
        </li>
      ))}
    </ul>
  )
}
