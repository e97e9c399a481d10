import { type Kysely, type Selectable, sql } from 'kysely'
import { ConcurrentUpdateError, NotFoundError } from '../errors/index.js'
import type { ChangeHub } from './change-feed.js'
import type { DeployLease, Deployment, DeploymentPatch, NewDeployment } from './records.js'
import type { Database, DeploymentsTable } from './schema.js'
import { jsonb, nullableJsonb } from './sql-values.js'
import type { DeploymentRepository } from './store.js'

/** Columns an update may set; anything else in a patch is ignored. */
const PATCHABLE = [
  'status',
  'status_reason',
  'retry_allowed',
  'runtime_ref',
  'endpoint_url',
  'tools',
  'health_failures',
  'last_health_at',
  'next_check_at',
  'deploy_owner',
  'deploy_lease_until',
] as const satisfies ReadonlyArray<keyof DeploymentPatch>

/**
 * {@link DeploymentRepository} over kysely (PostgreSQL or PGlite). Every write that changes
 * what a caller sees is announced on `changes` once it has committed.
 */
export class SqlDeploymentRepository implements DeploymentRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly changes: ChangeHub,
  ) {}

  async insert(row: NewDeployment): Promise<Deployment> {
    const inserted = await this.db
      .insertInto('deployments')
      .values({
        id: row.id,
        source: row.source,
        package_name: row.package_name,
        display_name: row.display_name,
        runtime: row.runtime,
        status: row.status,
        config: jsonb(row.config),
        cost_estimate: nullableJsonb(row.cost_estimate),
        deploy_owner: row.deploy_lease?.owner ?? null,
        deploy_lease_until: row.deploy_lease?.until ?? null,
        idempotency_key: row.idempotency?.key ?? null,
        request_fingerprint: row.idempotency?.fingerprint ?? null,
      })
      .returningAll()
      .executeTakeFirstOrThrow()
    this.changes.emit(row.id)
    return toDeployment(inserted)
  }

  get(id: string): Promise<Deployment | undefined> {
    return this.#findBy('id', id)
  }

  findByIdempotencyKey(key: string): Promise<Deployment | undefined> {
    return this.#findBy('idempotency_key', key)
  }

  /** The row whose unique `column` holds `value`. */
  async #findBy(column: 'id' | 'idempotency_key', value: string): Promise<Deployment | undefined> {
    const row = await this.db
      .selectFrom('deployments')
      .selectAll()
      .where(column, '=', value)
      .executeTakeFirst()
    return row && toDeployment(row)
  }

  async list(opts: { limit?: number } = {}): Promise<Deployment[]> {
    let query = this.db
      .selectFrom('deployments')
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('seq', 'desc')
    if (opts.limit !== undefined) query = query.limit(opts.limit)
    return (await query.execute()).map(toDeployment)
  }

  async update(id: string, expectedVersion: number, patch: DeploymentPatch): Promise<Deployment> {
    const { tools, runtime_ref, ...plain } = pickPatch(patch)
    const updated = await this.db
      .updateTable('deployments')
      .set({
        ...plain,
        ...(tools === undefined ? {} : { tools: jsonb(tools) }),
        ...(runtime_ref === undefined ? {} : { runtime_ref: nullableJsonb(runtime_ref) }),
        version: sql`version + 1`,
        updated_at: sql`now()`,
      })
      .where('id', '=', id)
      .where('version', '=', expectedVersion)
      .returningAll()
      .executeTakeFirst()
    if (updated) {
      this.changes.emit(id)
      return toDeployment(updated)
    }
    const exists = await this.db
      .selectFrom('deployments')
      .select('id')
      .where('id', '=', id)
      .executeTakeFirst()
    throw exists ? new ConcurrentUpdateError(id) : new NotFoundError('deployment', id)
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('deployments').where('id', '=', id).executeTakeFirst()
    this.changes.emit(id)
    return result.numDeletedRows > 0n
  }

  async claimHealthChecks(now: Date, nextCheckAt: Date, limit: number): Promise<Deployment[]> {
    // One statement: rows locked by another claimer are skipped, and a row another claimer
    // just moved is re-checked against `next_check_at <= now` and dropped. Claiming is
    // scheduling, not a change of the deployment: `version` and `updated_at` stay.
    const rows = await this.db
      .updateTable('deployments')
      .set({ next_check_at: nextCheckAt })
      .where('id', 'in', (qb) =>
        qb
          .selectFrom('deployments')
          .select('id')
          .where('status', 'in', ['running', 'unhealthy'])
          .where((eb) => eb.or([eb('next_check_at', 'is', null), eb('next_check_at', '<=', now)]))
          .orderBy(sql`next_check_at asc nulls first`)
          .limit(limit)
          .forUpdate()
          .skipLocked(),
      )
      .returningAll()
      .execute()
    return rows.map(toDeployment)
  }

  async leaseDeploy(id: string, lease: DeployLease, now: Date): Promise<boolean> {
    const leased = await this.db
      .updateTable('deployments')
      .set({ deploy_owner: lease.owner, deploy_lease_until: lease.until })
      .where('id', '=', id)
      .where('status', '=', 'deploying')
      .where((eb) =>
        eb.or([
          eb('deploy_owner', 'is', null),
          eb('deploy_owner', '=', lease.owner),
          eb('deploy_lease_until', 'is', null),
          eb('deploy_lease_until', '<', now),
        ]),
      )
      .returning('id')
      .executeTakeFirst()
    return leased !== undefined
  }

  async releaseDeploy(id: string, owner: string): Promise<void> {
    await this.db
      .updateTable('deployments')
      .set({ deploy_owner: null, deploy_lease_until: null })
      .where('id', '=', id)
      .where('deploy_owner', '=', owner)
      .execute()
  }

  async claimStaleDeploys(
    lease: DeployLease,
    now: Date,
    limit: number,
    opts: { includeOwn?: boolean } = {},
  ): Promise<Deployment[]> {
    // As claimHealthChecks: one statement, rows another claimer holds are skipped. A lease is
    // scheduling, not a change of the deployment: `version` and `updated_at` stay.
    const rows = await this.db
      .updateTable('deployments')
      .set({ deploy_owner: lease.owner, deploy_lease_until: lease.until })
      .where('id', 'in', (qb) =>
        qb
          .selectFrom('deployments')
          .select('id')
          .where('status', '=', 'deploying')
          .where((eb) =>
            eb.or([
              eb('deploy_owner', 'is', null),
              eb('deploy_lease_until', 'is', null),
              eb('deploy_lease_until', '<', now),
              ...(opts.includeOwn ? [eb('deploy_owner', '=', lease.owner)] : []),
            ]),
          )
          .orderBy('created_at')
          .limit(limit)
          .forUpdate()
          .skipLocked(),
      )
      .returningAll()
      .execute()
    return rows.map(toDeployment)
  }

  async recordHealthy(
    rows: ReadonlyArray<{ id: string; version: number }>,
    at: Date,
  ): Promise<string[]> {
    const updated: string[] = []
    for (let start = 0; start < rows.length; start += HEALTHY_BATCH) {
      const batch = rows.slice(start, start + HEALTHY_BATCH)
      const values = sql.join(batch.map((r) => sql`(${r.id}::text, ${r.version}::integer)`))
      const result = await sql<{ id: string }>`
        UPDATE deployments AS d
        SET health_failures = 0, last_health_at = ${at}, version = d.version + 1,
            updated_at = now()
        FROM (VALUES ${values}) AS probed (id, version)
        WHERE d.id = probed.id AND d.version = probed.version AND d.status = 'running'
        RETURNING d.id`.execute(this.db)
      for (const { id } of result.rows) {
        updated.push(id)
        this.changes.emit(id)
      }
    }
    return updated
  }
}

/** Rows per statement in `recordHealthy` (two parameters each, far below PostgreSQL's 65 535). */
const HEALTHY_BATCH = 1_000

/** The patchable, defined fields of `patch` (a caller's extra keys never reach SQL). */
function pickPatch(patch: DeploymentPatch): DeploymentPatch {
  const picked: Record<string, unknown> = {}
  for (const key of PATCHABLE) if (patch[key] !== undefined) picked[key] = patch[key]
  return picked as DeploymentPatch
}

/** A `deployments` row as the record callers see (without the internal `seq`). */
export function toDeployment(row: Selectable<DeploymentsTable>): Deployment {
  const { seq: _seq, ...record } = row
  return record
}
