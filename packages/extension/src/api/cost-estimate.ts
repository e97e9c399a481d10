import type { CostEstimate, CostLine } from '@mcp-remote/core'

const num = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? value : null

function lines(value: unknown): CostLine[] {
  if (!Array.isArray(value)) return []
  return value.flatMap((line) => {
    const l = line as Partial<CostLine> | null
    const usd = num(l?.monthly_usd)
    return l && typeof l.item === 'string' && usd !== null
      ? [{ item: l.item, monthly_usd: usd }]
      : []
  })
}

/**
 * Reads a cost estimate from the server (`GET /api/cost`, or a `cost_not_confirmed` refusal's
 * `details.estimate`): null unless it has a runtime and a monthly figure; missing optional
 * figures become 0, and unknown fields are dropped so nothing unexpected reaches the screen.
 */
export function parseEstimate(value: unknown): CostEstimate | null {
  if (typeof value !== 'object' || value === null) return null
  const e = value as Record<string, unknown>
  const monthly = num(e.monthly_usd)
  if (monthly === null || (e.runtime !== 'local' && e.runtime !== 'fly')) return null
  const notes = Array.isArray(e.notes) ? e.notes.filter((n) => typeof n === 'string') : []
  return {
    runtime: e.runtime,
    currency: 'USD',
    monthly_usd: monthly,
    hourly_usd: num(e.hourly_usd) ?? 0,
    idle_monthly_usd: num(e.idle_monthly_usd) ?? 0,
    breakdown: lines(e.breakdown),
    source: typeof e.source === 'string' ? e.source : '',
    as_of: typeof e.as_of === 'string' ? e.as_of : '',
    ...(notes.length > 0 ? { notes } : {}),
  }
}
