import type { CostEstimate } from '@mcp-remote/core'
import type { ApiFailure } from '../api/api-failure'

/**
 * The estimate inside a `cost_not_confirmed` refusal (`details.estimate`), which is how the
 * server tells the cost of a deployment before the user confirms it; null for other failures.
 */
export function estimateFromFailure(failure: ApiFailure): CostEstimate | null {
  if (failure.code !== 'cost_not_confirmed') return null
  const e = failure.details.estimate as Partial<CostEstimate> | undefined
  if (!e || typeof e !== 'object' || typeof e.monthly_usd !== 'number') return null
  return {
    runtime: e.runtime === 'fly' ? 'fly' : 'local',
    currency: 'USD',
    monthly_usd: e.monthly_usd,
    hourly_usd: typeof e.hourly_usd === 'number' ? e.hourly_usd : 0,
    idle_monthly_usd: typeof e.idle_monthly_usd === 'number' ? e.idle_monthly_usd : 0,
    breakdown: Array.isArray(e.breakdown) ? e.breakdown : [],
    source: typeof e.source === 'string' ? e.source : '',
    as_of: typeof e.as_of === 'string' ? e.as_of : '',
  }
}

/** Field names a `missing_credentials` refusal blames (`details.missing`), for field errors. */
export function missingFromFailure(failure: ApiFailure): string[] {
  if (failure.code !== 'missing_credentials') return []
  const missing = failure.details.missing
  return Array.isArray(missing) ? missing.filter((m): m is string => typeof m === 'string') : []
}
