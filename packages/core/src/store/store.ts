import type { ChangeFeed } from './change-feed.js'
import type {
  AnalysisRecord,
  DeployLease,
  Deployment,
  DeploymentEventRecord,
  DeploymentPatch,
  NewDeployment,
  NewDeploymentEvent,
} from './records.js'

/** Reads and writes `deployments`. Updates are optimistic on `version`. */
export interface DeploymentRepository {
  insert(row: NewDeployment): Promise<Deployment>
  get(id: string): Promise<Deployment | undefined>
  /** The deployment created by the request that carried idempotency key `key`, if any. */
  findByIdempotencyKey(key: string): Promise<Deployment | undefined>
  /** Newest first. */
  list(opts?: { limit?: number }): Promise<Deployment[]>
  /**
   * Applies `patch` if the row is still at `expectedVersion`; returns the new row.
   * @throws `ConcurrentUpdateError` when the version moved, `NotFoundError` when the row is gone.
   */
  update(id: string, expectedVersion: number, patch: DeploymentPatch): Promise<Deployment>
  /** Removes the row (its credentials cascade). Returns whether a row was removed. */
  delete(id: string): Promise<boolean>
  /**
   * Claims up to `limit` `running`/`unhealthy` deployments whose `next_check_at` is due (or
   * null), moving their `next_check_at` to `nextCheckAt` in the same statement
   * (`FOR UPDATE SKIP LOCKED`), so two replicas never claim the same row in one interval.
   */
  claimHealthChecks(now: Date, nextCheckAt: Date, limit: number): Promise<Deployment[]>
  /**
   * Records passed health probes of `running` deployments in one statement: `health_failures`
   * back to 0 and `last_health_at` set to `at`, as `update` would (version and `updated_at`
   * move). A row that is no longer at its expected version or no longer `running` was changed
   * meanwhile and is left alone. Returns the ids updated.
   */
  recordHealthy(rows: ReadonlyArray<{ id: string; version: number }>, at: Date): Promise<string[]>
  /**
   * Takes or renews the deploy lease of a `deploying` row for `lease.owner`, if it is free at
   * `now` (nobody's, expired, or already this owner's). Returns whether the owner holds it.
   * Leases never move `version`: a lease is scheduling, not a change of the deployment.
   */
  leaseDeploy(id: string, lease: DeployLease, now: Date): Promise<boolean>
  /** Gives up the deploy lease of `id` if `owner` holds it. */
  releaseDeploy(id: string, owner: string): Promise<void>
  /**
   * Claims up to `limit` `deploying` rows nobody is deploying at `now` (no lease, or an
   * expired one; with `includeOwn`, also those leased to `lease.owner` by an earlier life of
   * the same instance), leasing them to `lease.owner` (`FOR UPDATE SKIP LOCKED`, so two
   * replicas never take up the same deploy).
   */
  claimStaleDeploys(
    lease: DeployLease,
    now: Date,
    limit: number,
    opts?: { includeOwn?: boolean },
  ): Promise<Deployment[]>
}

/** Credential values, sealed by a `SecretBox`; one row per variable. */
export interface CredentialRepository {
  /** Seals and stores `values` for a deployment, replacing earlier values of the same names. */
  put(deploymentId: string, values: Readonly<Record<string, string>>): Promise<void>
  /** Names stored for a deployment (names are not secret). */
  names(deploymentId: string): Promise<string[]>
  /** Opens every value of a deployment. Plaintext: only for a runtime's environment. */
  open(deploymentId: string): Promise<Record<string, string>>
  /** Re-seals every stored value under the primary key; returns how many rows changed. */
  rotateAll(): Promise<number>
}

/** Appends to and reads `deployment_events`. */
export interface EventRepository {
  append(event: NewDeploymentEvent): Promise<DeploymentEventRecord>
  /** Oldest first, at most `limit` (the most recent ones when limited). */
  list(deploymentId: string, opts?: { limit?: number }): Promise<DeploymentEventRecord[]>
}

/** Reads and writes `analyses` and `analysis_cache`. */
export interface AnalysisRepository {
  insert(row: Omit<AnalysisRecord, 'created_at' | 'updated_at'>): Promise<AnalysisRecord>
  get(id: string): Promise<AnalysisRecord | undefined>
  update(
    id: string,
    patch: Partial<Pick<AnalysisRecord, 'status' | 'config' | 'evidence' | 'warnings' | 'error'>>,
  ): Promise<AnalysisRecord>
  /** The analysis cached under `cacheKey` if its entry has not expired at `now`. */
  getCached(cacheKey: string, now: Date): Promise<AnalysisRecord | undefined>
  putCache(cacheKey: string, analysisId: string, expiresAt: Date): Promise<void>
}

/**
 * The persistence seam: PGlite embedded, or PostgreSQL. Both pass the same contract suite.
 */
export interface Store {
  /** `pglite` or `postgres`. */
  readonly dialect: 'pglite' | 'postgres'
  readonly deployments: DeploymentRepository
  readonly credentials: CredentialRepository
  readonly events: EventRepository
  readonly analyses: AnalysisRepository
  /**
   * Notices of committed changes to deployments, for read-through caches. Optional: without
   * it the platform reads every view from the store.
   */
  readonly changes?: ChangeFeed
  /** Runs pending migrations (forward only). `createStore` calls it. */
  migrate(): Promise<void>
  /** Resolves when the database answers a trivial query. */
  ping(): Promise<void>
  close(): Promise<void>
}
