/**
 * Fly.io prices mcp-remote estimates with, in US dollars per 30 days, dated and sourced.
 *
 * Compute: a shared-cpu-1x Machine with 256 MB is about $1.94 per 30 days always on, which
 * Fly bills per second (≈ $0.0000008/s). Each extra GB of RAM above the 256 MB included per
 * shared CPU is $5 per 30 days (shared-cpu-1x with 512 MB: $3.19; 1 GB: $5.69). Prices differ
 * by region: the figures are those of Fly's cheapest regions, and other regions cost up to about
 * 4% more ($2.02 for the same Machine). Stopped or suspended Machines are billed only for their
 * root filesystem, $0.15 per GB per 30 days. IPv6 and shared IPv4 addresses are free;
 * outbound data transfer is not estimated.
 */
export const FLY_PRICES = {
  /** When these figures were recorded. */
  as_of: '2026-11-25',
  /** Where they come from. */
  source:
    'https://fly.io/docs/about/pricing/ (shared-cpu-1x 256 MB $1.94/30 days, extra RAM $5/GB, ' +
    'regional variation up to $2.02) and https://community.fly.io/t/we-are-going-to-start-collecting-charges-for-stopped-machines-rootfs-starting-april-25th/17825 (stopped Machines: ' +
    '$0.15/GB of root filesystem per 30 days); recorded from DESIGN.md §10, not re-read live',
  /** Per shared vCPU (with its 256 MB of RAM) per 30 days, always on. */
  shared_cpu_monthly_usd: 1.94,
  /** RAM included with each shared vCPU, in MB. */
  shared_cpu_included_memory_mb: 256,
  /** RAM above what the CPUs include, per GB per 30 days. */
  extra_memory_gb_monthly_usd: 5,
  /** Root filesystem of a stopped or suspended Machine, per GB per 30 days. */
  stopped_rootfs_gb_monthly_usd: 0.15,
  /** The most expensive region relative to the figures above (2.02 / 1.94). */
  max_regional_factor: 2.02 / 1.94,
} as const

/** Seconds in the 30-day month Fly's per-month figures use. */
export const SECONDS_PER_30_DAYS = 30 * 24 * 60 * 60

/** Hours in the same month. */
export const HOURS_PER_30_DAYS = 30 * 24
