import type { AnalysisResult, Analyzer } from '../analysis/analysis-result.js'
import type { Clock } from '../clock.js'
import type { DeploymentConfigInput } from '../config/index.js'
import type { CostEstimate } from '../cost/cost-estimate.js'
import type { ProbeResult } from '../deployments/mcp-probe.js'
import type { SecretBox } from '../fernet/secret-box.js'
import type { FlyRuntimeOptions } from '../runtime/fly/index.js'
import type { Endpoints, Runtime, RuntimeName } from '../runtime/runtime.js'
import type { AnalysisRecord, Deployment, DeploymentEventRecord } from '../store/records.js'
import type { Store } from '../store/store.js'

/** What `Platform.deploy` takes. */
export interface DeployInput {
  /** The config to deploy; validated by `validateDeploymentConfig`. */
  config: DeploymentConfigInput
  /** Credential values by variable name; validated by `validateCredentials`. */
  credentials?: Record<string, string>
  /** Normalized source (repo URL or npm spec); defaults to `npm:<package_name>`. */
  source?: string
  /** Defaults to the platform's default runtime. */
  runtime?: RuntimeName
  /** Must be true unless the estimate is zero; otherwise `CostNotConfirmedError`. */
  confirmCost?: boolean
  /**
   * Makes the deploy safe to retry (the `Idempotency-Key` header): a second deploy with the same
   * key and the same request (config, runtime, source, credential names) creates nothing and
   * returns the deployment the first one created; with another request it throws
   * `IdempotencyKeyReusedError`. 1 to 255 visible ASCII characters, e.g. a UUID.
   */
  idempotencyKey?: string
}

/** A deployment as shown to an authenticated caller: row facts, endpoints, recent events. */
export interface DeploymentView {
  id: string
  source: string
  package_name: string
  display_name: string
  runtime: RuntimeName
  status: Deployment['status']
  status_reason: string | null
  retry_allowed: boolean
  /** Token-bearing endpoint URLs; null until the runtime has an address. */
  endpoints: Endpoints | null
  tools: string[]
  /** Names of the stored credentials (never values). */
  credential_names: string[]
  cost: CostEstimate | null
  health_failures: number
  last_health_at: string | null
  created_at: string
  updated_at: string
  events: Array<{
    at: string
    from_status: string | null
    to_status: string | null
    reason: string
    details: Record<string, unknown>
  }>
}

/** Options of `createPlatform`; everything has an embedded default. */
export interface PlatformOptions {
  /** A store; default: PGlite in `dataDir`, or PostgreSQL when `databaseUrl` is set. */
  store?: Store
  /** Where embedded state lives (PGlite, generated master key). Default `./.mcp-remote`. */
  dataDir?: string
  /** PostgreSQL connection string; overrides the embedded PGlite. */
  databaseUrl?: string
  /** Fernet keys, comma-separated or a list, primary first. Default: generated in `dataDir`. */
  masterKey?: string | string[]
  /** A SecretBox; overrides `masterKey`. */
  secretBox?: SecretBox
  /** Runtimes to offer; default `[new LocalRuntime()]` plus Fly when configured. */
  runtimes?: Runtime[]
  /** The runtime used when a deploy names none; default the first of `runtimes`. */
  defaultRuntime?: RuntimeName
  /** Default: the static analyzer, plus Claude when `ANTHROPIC_API_KEY` is set in `env`. */
  analyzer?: Analyzer
  /** Whether `analyze` accepts local directories (default true; a networked server sets false). */
  allowLocalSources?: boolean
  /**
   * Where Fly (`FLY_API_TOKEN`, `FLY_ORG`, `FLY_IMAGE`, …) and analysis (`GITHUB_TOKEN`,
   * `GITHUB_API_URL`, `NPM_REGISTRY_URL`, `ANTHROPIC_API_KEY`, `ANTHROPIC_MODEL`) settings are read. Default `process.env`. With
   * Fly configured, FlyRuntime is the default runtime and LocalRuntime stays available.
   */
  env?: Readonly<Record<string, string | undefined>>
  /** Extra FlyRuntime settings (clock, region, timeouts) used when `env` configures Fly. */
  fly?: Partial<Omit<FlyRuntimeOptions, 'token' | 'org'>>
  clock?: Clock
  /** Start deadline for a deploy, in ms (default 60 000). */
  startTimeoutMs?: number
  /**
   * This instance's id, the owner of its deploy leases. Default: kept in `dataDir/instance-id`
   * (created once), so a restarted instance resumes its own interrupted deploys at once while
   * replicas (each with its own `dataDir`) leave each other's in-flight deploys alone.
   */
  instanceId?: string
  /**
   * How long a deploy lease holds without renewal, ms (default 30 000): after a replica dies
   * mid-deploy, another takes the deploy up within this time plus one health tick.
   */
  deployLeaseMs?: number
  /**
   * How "running" is verified (default {@link probeMcp}: MCP `initialize` + `tools/list`
   * through the bridge with the deployment token). Tests reroute it; few others should.
   */
  probe?: (baseUrl: string, token: string, opts: { signal: AbortSignal }) => Promise<ProbeResult>
  /** Health loop settings (DESIGN.md §6). */
  health?: HealthOptions
  /** A logger (pino-compatible subset); default silent. */
  logger?: PlatformLogger
}

/** Health loop settings; defaults from DESIGN.md §6. */
export interface HealthOptions {
  /** Time between probes of one deployment, ms (default 30 000). */
  intervalMs?: number
  /** Per-probe timeout, ms (default 5 000). */
  timeoutMs?: number
  /** Consecutive failures before `unhealthy` (default 3). */
  strikes?: number
  /** Probes in flight at once (default 200). */
  concurrency?: number
  /** How many deployments one tick claims (default 1 000). */
  batchSize?: number
}

/** What `reconcile()` did. */
export interface ReconcileReport {
  resumed: string[]
  failed: string[]
  restarted: string[]
  /** Runtime resources with no deployment row, destroyed. */
  orphansDestroyed: number
  /**
   * Runtimes whose `list()` failed (e.g. Fly's API unreachable): skipped this time, their
   * deployments left to the health loop.
   */
  unlistedRuntimes: RuntimeName[]
}

/** The logger subset the platform uses: a fixed message plus secret-free fields. */
export interface PlatformLogger {
  info(fields: Record<string, unknown>, msg: string): void
  warn(fields: Record<string, unknown>, msg: string): void
  error(fields: Record<string, unknown>, msg: string): void
}

/** The facade the server, the CLI and library users call. */
export interface Platform {
  readonly store: Store
  readonly runtimes: ReadonlyMap<RuntimeName, Runtime>
  readonly defaultRuntime: RuntimeName
  /** Creates a deployment and starts deploying it in the background; resolves in `deploying`. */
  deploy(input: DeployInput): Promise<DeploymentView>
  /**
   * One deployment with its 50 most recent events. The view is a frozen snapshot, served from
   * memory until the store's change feed reports a change of the deployment (in this process
   * at once; from other replicas on PostgreSQL when the notification arrives, normally within
   * milliseconds).
   * @throws `NotFoundError`
   */
  get(id: string): Promise<DeploymentView>
  list(opts?: { limit?: number }): Promise<DeploymentView[]>
  events(id: string, opts?: { limit?: number }): Promise<DeploymentEventRecord[]>
  stop(id: string): Promise<DeploymentView>
  /** Moves to `deploying` and redeploys in the background. */
  restart(id: string): Promise<DeploymentView>
  /** Destroys runtime resources, then the row and its credentials. */
  delete(id: string): Promise<void>
  /** Resolves when the deployment reaches one of `statuses` (or rejects after `timeoutMs`). */
  waitFor(
    id: string,
    statuses: ReadonlyArray<Deployment['status']>,
    opts?: { timeoutMs?: number },
  ): Promise<DeploymentView>
  estimateCost(runtime?: RuntimeName): CostEstimate
  /** Analyzes a source, cached by the store (needs an analyzer). */
  analyze(source: string, opts?: { refresh?: boolean }): Promise<AnalysisRecord>
  getAnalysis(id: string): Promise<AnalysisRecord>
  /** Checks a deployment's bridge `/health` once and records the outcome. */
  probeHealth(id: string): Promise<DeploymentView>
  /**
   * Compares the store with every runtime's `list()` (DESIGN.md §3): deployments left in
   * `deploying` are resumed or failed, resources without a row are destroyed, `running` ones
   * whose process is gone are restarted. Call once at start-up.
   */
  reconcile(): Promise<ReconcileReport>
  /** Claims due deployments and probes them once (one health-loop tick); returns how many. */
  checkHealthOnce(): Promise<number>
  /** Starts the periodic health loop (DESIGN.md §6); `close()` stops it. */
  startHealthLoop(): void
  stopHealthLoop(): void
  /** Re-encrypts every credential under the primary key; returns the count. */
  rotateKeys(): Promise<number>
  /** Stops background work, ends local processes, closes the store. */
  close(): Promise<void>
}

export type { AnalysisResult }
