/** One line of a cost estimate. */
export interface CostLine {
  item: string
  monthly_usd: number
}

/** What a deployment is expected to cost, in US dollars, from a dated price table. */
export interface CostEstimate {
  runtime: 'local' | 'fly'
  currency: 'USD'
  /** Always-on cost per 30 days. */
  monthly_usd: number
  hourly_usd: number
  /** Cost per 30 days while stopped or suspended. */
  idle_monthly_usd: number
  breakdown: CostLine[]
  /** Where the prices come from and when they were read. */
  source: string
  as_of: string
  /** Caveats a user should read with the figures (regional prices, what is not included). */
  notes?: string[]
}
