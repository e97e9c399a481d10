import { ValidationError } from '../errors/index.js'
import type { CostEstimate, CostLine } from './cost-estimate.js'
import { FLY_PRICES, HOURS_PER_30_DAYS } from './fly-prices.js'

/** The guest (VM size) of a Fly Machine, as in `fly.MachineGuest`. */
export interface GuestSpec {
  cpu_kind: 'shared' | 'performance'
  cpus: number
  memory_mb: number
}

/** The Machine size mcp-remote deploys: shared-cpu-1x with 256 MB. */
export const DEFAULT_FLY_GUEST: Readonly<GuestSpec> = {
  cpu_kind: 'shared',
  cpus: 1,
  memory_mb: 256,
}

/** Root filesystem size assumed for the mcp-base image, in GB (Node, Python, uv and a server). */
export const DEFAULT_ROOTFS_GB = 1

/** What to estimate: a local deployment, or a Fly Machine of some size. */
export type CostSpec =
  | { runtime: 'local' }
  | {
      runtime: 'fly'
      /** Default {@link DEFAULT_FLY_GUEST}. */
      guest?: GuestSpec
      /** Root filesystem size billed while stopped, in GB (default {@link DEFAULT_ROOTFS_GB}). */
      rootfsGb?: number
      /** A Fly region code; prices differ by region (see the estimate's notes). */
      region?: string
    }

const round = (value: number, digits: number): number => {
  const f = 10 ** digits
  return Math.round(value * f) / f
}

/**
 * What a deployment is expected to cost: always-on per 30 days and per hour, and while stopped
 * or suspended, with a breakdown, from the dated price table {@link FLY_PRICES}. A local
 * deployment costs nothing. Pure.
 * @throws {@link ValidationError} for a guest we have no price for (performance CPUs) or sizes
 * Fly does not offer.
 */
export function estimateCost(spec: CostSpec): CostEstimate {
  if (spec.runtime === 'local') {
    return {
      runtime: 'local',
      currency: 'USD',
      monthly_usd: 0,
      hourly_usd: 0,
      idle_monthly_usd: 0,
      breakdown: [],
      source: 'runs on this machine: no hosting charges',
      as_of: FLY_PRICES.as_of,
      notes: [],
    }
  }
  const guest = spec.guest ?? DEFAULT_FLY_GUEST
  const rootfsGb = spec.rootfsGb ?? DEFAULT_ROOTFS_GB
  checkGuest(guest, rootfsGb)
  const breakdown: CostLine[] = [
    {
      item: `shared-cpu-${guest.cpus}x compute with ${guest.cpus * FLY_PRICES.shared_cpu_included_memory_mb} MB, always on`,
      monthly_usd: round(guest.cpus * FLY_PRICES.shared_cpu_monthly_usd, 4),
    },
  ]
  const extraMb = guest.memory_mb - guest.cpus * FLY_PRICES.shared_cpu_included_memory_mb
  if (extraMb > 0) {
    breakdown.push({
      item: `${extraMb} MB additional RAM`,
      monthly_usd: round((extraMb / 1024) * FLY_PRICES.extra_memory_gb_monthly_usd, 4),
    })
  }
  const monthly = breakdown.reduce((sum, line) => sum + line.monthly_usd, 0)
  const idle = rootfsGb * FLY_PRICES.stopped_rootfs_gb_monthly_usd
  const notes = [
    `prices differ by region; these are Fly's base-region prices, up to ${pct(FLY_PRICES.max_regional_factor)} more elsewhere (about $${round(monthly * FLY_PRICES.max_regional_factor, 2).toFixed(2)} per 30 days)${spec.region ? `; region ${spec.region} not priced individually` : ''}`,
    `stopped or suspended: only the ${rootfsGb} GB root filesystem is billed`,
    'outbound data transfer is not included',
  ]
  return {
    runtime: 'fly',
    currency: 'USD',
    monthly_usd: round(monthly, 2),
    hourly_usd: round(monthly / HOURS_PER_30_DAYS, 6),
    idle_monthly_usd: round(idle, 2),
    breakdown,
    source: FLY_PRICES.source,
    as_of: FLY_PRICES.as_of,
    notes,
  }
}

function pct(factor: number): string {
  return `${Math.round((factor - 1) * 100)}%`
}

function checkGuest(guest: GuestSpec, rootfsGb: number): void {
  const issues: Array<{ path: string; message: string }> = []
  if (guest.cpu_kind !== 'shared') {
    issues.push({ path: 'guest.cpu_kind', message: 'only shared CPUs are priced' })
  }
  if (!Number.isInteger(guest.cpus) || guest.cpus < 1 || guest.cpus > 16) {
    issues.push({ path: 'guest.cpus', message: 'must be an integer from 1 to 16' })
  }
  const min = guest.cpus * 256
  if (!Number.isInteger(guest.memory_mb) || guest.memory_mb < min || guest.memory_mb % 256 !== 0) {
    issues.push({
      path: 'guest.memory_mb',
      message: 'must be a multiple of 256 of at least 256 per CPU',
    })
  }
  if (!(rootfsGb >= 0) || !Number.isFinite(rootfsGb)) {
    issues.push({ path: 'rootfsGb', message: 'must be a non-negative number' })
  }
  if (issues.length > 0) throw new ValidationError('cannot estimate this machine', issues)
}
