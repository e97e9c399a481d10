import type { Kysely, Selectable } from 'kysely'
import { NotFoundError } from '../errors/index.js'
import type { ChangeHub } from './change-feed.js'
import type { DeploymentEventRecord, NewDeploymentEvent } from './records.js'
import type { Database, DeploymentEventsTable } from './schema.js'
import { isForeignKeyViolation, jsonb } from './sql-values.js'
import type { EventRepository } from './store.js'

/** {@link EventRepository} over kysely. Events cascade away with their deployment. */
export class SqlEventRepository implements EventRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly changes: ChangeHub,
  ) {}

  async append(event: NewDeploymentEvent): Promise<DeploymentEventRecord> {
    try {
      const row = await this.db
        .insertInto('deployment_events')
        .values({
          deployment_id: event.deployment_id,
          ...(event.at ? { at: event.at } : {}),
          from_status: event.from_status,
          to_status: event.to_status,
          reason: event.reason,
          details: jsonb(event.details ?? {}),
        })
        .returningAll()
        .executeTakeFirstOrThrow()
      this.changes.emit(event.deployment_id)
      return toEvent(row)
    } catch (err) {
      if (isForeignKeyViolation(err)) throw new NotFoundError('deployment', event.deployment_id)
      throw err
    }
  }

  async list(
    deploymentId: string,
    opts: { limit?: number } = {},
  ): Promise<DeploymentEventRecord[]> {
    let query = this.db
      .selectFrom('deployment_events')
      .selectAll()
      .where('deployment_id', '=', deploymentId)
      .orderBy('id', 'desc')
    if (opts.limit !== undefined) query = query.limit(opts.limit)
    return (await query.execute()).map(toEvent).reverse()
  }
}

function toEvent(row: Selectable<DeploymentEventsTable>): DeploymentEventRecord {
  // `pg` returns bigserial as a string; ids stay far below 2^53.
  return { ...row, id: Number(row.id) }
}
