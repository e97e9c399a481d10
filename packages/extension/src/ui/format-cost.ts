import type { CostEstimate } from '@mcp-remote/core'

/** `$1.94`: dollars with two decimals (four below one cent, so hourly prices stay visible). */
export function formatUsd(amount: number): string {
  const digits = amount > 0 && amount < 0.01 ? 4 : 2
  return `$${amount.toFixed(digits)}`
}

/** One line for lists: `$1.94/month` or `Free (local)`. */
export function shortCost(cost: CostEstimate | null): string {
  if (!cost) return 'cost unknown'
  if (cost.monthly_usd === 0) return cost.runtime === 'local' ? 'Free (local)' : '$0.00/month'
  return `${formatUsd(cost.monthly_usd)}/month`
}

/** The sentence the confirmation checkbox uses. */
export function costSentence(cost: CostEstimate): string {
  if (cost.monthly_usd === 0) {
    return 'This deployment runs on the server’s own machine and costs nothing.'
  }
  return `This deployment costs about ${formatUsd(cost.monthly_usd)} per month while running (${formatUsd(cost.hourly_usd)} per hour) and ${formatUsd(cost.idle_monthly_usd)} per month while stopped.`
}
