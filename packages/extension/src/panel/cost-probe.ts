import type { CostEstimate } from '@mcp-remote/core'
import type { ApiFailure } from '../api/api-failure'
import { parseEstimate } from '../api/cost-estimate'

/**
 * The estimate inside a `cost_not_confirmed` refusal (`details.estimate`); null for other
 * failures. The panel asks `GET /api/cost` first; this is the fallback for a server that
 * cannot price in advance, which states the cost only when a deploy is refused.
 */
export function estimateFromFailure(failure: ApiFailure): CostEstimate | null {
  if (failure.code !== 'cost_not_confirmed') return null
  return parseEstimate(failure.details.estimate)
}

/** Field names a `missing_credentials` refusal blames (`details.missing`), for field errors. */
export function missingFromFailure(failure: ApiFailure): string[] {
  if (failure.code !== 'missing_credentials') return []
  const missing = failure.details.missing
  return Array.isArray(missing) ? missing.filter((m): m is string => typeof m === 'string') : []
}
