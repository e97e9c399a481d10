export type { CostEstimate, CostLine } from './cost-estimate.js'
export type { CostSpec, GuestSpec } from './estimate-cost.js'
export { DEFAULT_FLY_GUEST, DEFAULT_ROOTFS_GB, estimateCost } from './estimate-cost.js'
export { FLY_PRICES, HOURS_PER_30_DAYS, SECONDS_PER_30_DAYS } from './fly-prices.js'
