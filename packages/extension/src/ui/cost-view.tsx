import type { CostEstimate } from '@mcp-remote/core'
import { costSentence, formatUsd } from './format-cost'

/** The estimate: the sentence, its breakdown, its caveats and where the prices come from. */
export function CostView({ cost }: { cost: CostEstimate }) {
  const notes = cost.notes ?? []
  return (
    <div class="mr-cost">
      <p>{costSentence(cost)}</p>
      {cost.breakdown.length > 0 ? (
        <ul class="mr-cost-lines">
          {cost.breakdown.map((line) => (
            <li key={line.item}>
              {line.item}: {formatUsd(line.monthly_usd)}/month
            </li>
          ))}
        </ul>
      ) : null}
      {notes.length > 0 ? (
        <ul class="mr-cost-lines mr-hint" aria-label="Notes on the estimate">
          {notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      ) : null}
      <p class="mr-hint">
        Prices as of {cost.as_of}
        {cost.source ? ` (${cost.source})` : ''}.
      </p>
    </div>
  )
}
