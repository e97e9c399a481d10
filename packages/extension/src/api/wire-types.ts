import type {
  AnalysisStatus,
  CostEstimate,
  DeploymentConfig,
  DeploymentStatus,
  Endpoints,
  ErrorCode,
  Evidence,
  RuntimeName,
} from '@mcp-remote/core'

/** An analysis as `POST /api/analyze` and `GET /api/analysis/{id}` return it. */
export interface AnalysisView {
  id: string
  source: string
  status: AnalysisStatus
  config: DeploymentConfig | null
  evidence: Evidence[]
  warnings: string[]
  /** Why the analysis failed, in the API's error shape; null otherwise. */
  error: { error?: string; message?: string } | null
}

/** One step of a deployment's history, as the progress view shows it. */
export interface DeploymentEventView {
  at: string
  from_status: DeploymentStatus | null
  to_status: DeploymentStatus | null
  reason: string
  details: Record<string, unknown>
}

/** A deployment as `GET /api/deployments[/{id}]` returns it. */
export interface DeploymentView {
  id: string
  source: string
  package_name: string
  display_name: string
  runtime: RuntimeName
  status: DeploymentStatus
  status_reason: string | null
  retry_allowed: boolean
  /** The MCP endpoints, token included; null until the bridge is up. */
  endpoints: Endpoints | null
  tools: string[]
  credential_names: string[]
  cost: CostEstimate | null
  /** Recent events, oldest first (the list view may leave them out). */
  events?: DeploymentEventView[]
  created_at?: string
  updated_at?: string
}

/** The body of `POST /api/deployments`. */
export interface CreateDeploymentBody {
  analysis_id?: string
  source?: string
  config: DeploymentConfig
  credentials: Record<string, string>
  runtime?: RuntimeName
  confirm_cost?: true
}

/** What `GET /api/health` answers (no auth); fields beyond `status` are optional. */
export interface HealthView {
  status?: string
  version?: string
  /** Runtimes this server can deploy to, with their health: `{ local: { ok: true } }`. */
  runtimes?:
    | Record<string, { ok: boolean; error?: string }>
    | Array<RuntimeName | { name: RuntimeName; ok?: boolean; available?: boolean }>
  /** The runtime a deploy uses when it names none. */
  default_runtime?: RuntimeName
}

/** The API's error body (DESIGN.md §7). */
export interface ApiErrorBody {
  error: ErrorCode | string
  message: string
  details: Record<string, unknown>
  retry_allowed: boolean
}
