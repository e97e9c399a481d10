import type { ColumnType, Generated } from 'kysely'
import type { DeploymentConfig } from '../config/index.js'
import type { CostEstimate } from '../cost/cost-estimate.js'
import type { DeploymentStatus } from '../deployments/status.js'
import type { RuntimeName, RuntimeRef } from '../runtime/runtime.js'
import type { AnalysisStatus } from './records.js'

/** `deployments` as kysely sees it. JSON columns are `jsonb`, times `timestamptz`. */
export interface DeploymentsTable {
  id: string
  source: string
  package_name: string
  display_name: string
  runtime: RuntimeName
  status: DeploymentStatus
  status_reason: string | null
  retry_allowed: Generated<boolean>
  config: DeploymentConfig
  runtime_ref: RuntimeRef | null
  endpoint_url: string | null
  tools: Generated<string[]>
  health_failures: Generated<number>
  last_health_at: Date | null
  next_check_at: Date | null
  cost_estimate: CostEstimate | null
  created_at: Generated<Date>
  updated_at: Generated<Date>
  version: Generated<number>
  deploy_owner: string | null
  deploy_lease_until: Date | null
  idempotency_key: string | null
  request_fingerprint: string | null
  /** Insertion order, the tie-break of "newest first" (not part of the record). */
  seq: ColumnType<string | number, never, never>
}

/** `credentials`: one sealed value per variable; primary key (`deployment_id`, `name`). */
export interface CredentialsTable {
  deployment_id: string
  name: string
  /** A Fernet token from the store's `SecretBox`; never plaintext. */
  ciphertext: string
  created_at: Generated<Date>
}

/** `deployment_events`: append-only. `bigserial` ids arrive as strings from `pg`. */
export interface DeploymentEventsTable {
  id: ColumnType<string | number, never, never>
  deployment_id: string
  at: Generated<Date>
  from_status: DeploymentStatus | null
  to_status: DeploymentStatus | null
  reason: string
  details: Record<string, unknown>
}

/** `analyses`. */
export interface AnalysesTable {
  id: string
  source: string
  cache_key: string
  status: AnalysisStatus
  config: unknown
  evidence: unknown
  warnings: unknown
  error: unknown
  created_at: Generated<Date>
  updated_at: Generated<Date>
}

/** `analysis_cache`: which analysis answers a cache key, until when. */
export interface AnalysisCacheTable {
  cache_key: string
  analysis_id: string
  expires_at: Date
}

/** The database the store's migrations create (DESIGN.md §2). */
export interface Database {
  deployments: DeploymentsTable
  credentials: CredentialsTable
  deployment_events: DeploymentEventsTable
  analyses: AnalysesTable
  analysis_cache: AnalysisCacheTable
}
