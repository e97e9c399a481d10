import type { DeploymentConfig } from '../config/index.js'
import type { CostEstimate } from '../cost/cost-estimate.js'
import type { DeploymentStatus } from '../deployments/status.js'
import type { RuntimeName, RuntimeRef } from '../runtime/runtime.js'

/** A row of `deployments`. Timestamps are `Date`s; JSON columns are parsed. */
export interface Deployment {
  id: string
  source: string
  package_name: string
  display_name: string
  runtime: RuntimeName
  status: DeploymentStatus
  status_reason: string | null
  /** Whether retrying a failed deployment may succeed. */
  retry_allowed: boolean
  config: DeploymentConfig
  runtime_ref: RuntimeRef | null
  /** Base URL of the bridge, without its token. */
  endpoint_url: string | null
  /** Tool names the MCP probe found. */
  tools: string[]
  health_failures: number
  last_health_at: Date | null
  next_check_at: Date | null
  cost_estimate: CostEstimate | null
  created_at: Date
  updated_at: Date
  version: number
  /**
   * The platform instance deploying this `deploying` row, and until when its lease holds (it
   * renews while it works). Null when nobody deploys it. Not part of `version`.
   */
  deploy_owner: string | null
  deploy_lease_until: Date | null
  /** The client's `Idempotency-Key` for the request that created the row, if it sent one. */
  idempotency_key: string | null
  /** SHA-256 of that request's config, runtime, source and credential names (never values). */
  request_fingerprint: string | null
}

/** What a new deployment row needs; the rest takes defaults. */
export interface NewDeployment {
  id: string
  source: string
  package_name: string
  display_name: string
  runtime: RuntimeName
  status: DeploymentStatus
  config: DeploymentConfig
  cost_estimate: CostEstimate | null
  /** Who deploys the new row, so no other replica takes it up meanwhile. */
  deploy_lease?: DeployLease
  /** The request's idempotency key and fingerprint; the key is unique among deployments. */
  idempotency?: { key: string; fingerprint: string }
}

/** A deploy lease: `owner` deploys the row until `until` unless it renews. */
export interface DeployLease {
  owner: string
  until: Date
}

/** The fields an update may change. `version` and `updated_at` move by themselves. */
export type DeploymentPatch = Partial<
  Pick<
    Deployment,
    | 'status'
    | 'status_reason'
    | 'retry_allowed'
    | 'runtime_ref'
    | 'endpoint_url'
    | 'tools'
    | 'health_failures'
    | 'last_health_at'
    | 'next_check_at'
    | 'deploy_owner'
    | 'deploy_lease_until'
  >
>

/** A row of `deployment_events`: append-only progress and audit; never holds secrets. */
export interface DeploymentEventRecord {
  id: number
  deployment_id: string
  at: Date
  from_status: DeploymentStatus | null
  to_status: DeploymentStatus | null
  reason: string
  details: Record<string, unknown>
}

/** What appending an event needs. */
export type NewDeploymentEvent = Omit<DeploymentEventRecord, 'id' | 'at'> & { at?: Date }

/** Statuses of an analysis. */
export type AnalysisStatus = 'analyzing' | 'complete' | 'partial' | 'failed'

/** A row of `analyses`. JSON columns are stored as given (the analyzer validates them). */
export interface AnalysisRecord {
  id: string
  source: string
  cache_key: string
  status: AnalysisStatus
  config: unknown
  evidence: unknown
  warnings: unknown
  error: unknown
  created_at: Date
  updated_at: Date
}
