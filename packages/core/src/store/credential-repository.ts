import type { Kysely } from 'kysely'
import { NotFoundError } from '../errors/index.js'
import type { SecretBox } from '../fernet/secret-box.js'
import type { Database } from './schema.js'
import { isForeignKeyViolation } from './sql-values.js'
import type { CredentialRepository } from './store.js'

/** Rows re-sealed per read during {@link SqlCredentialRepository.rotateAll}. */
const ROTATE_BATCH = 500

/**
 * {@link CredentialRepository} over kysely: each value is sealed by the `SecretBox` before it
 * reaches SQL, so no plaintext is ever sent to or stored in the database.
 */
export class SqlCredentialRepository implements CredentialRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly box: SecretBox,
  ) {}

  async put(deploymentId: string, values: Readonly<Record<string, string>>): Promise<void> {
    const rows = await Promise.all(
      Object.entries(values).map(async ([name, value]) => ({
        deployment_id: deploymentId,
        name,
        ciphertext: await this.box.seal(value),
      })),
    )
    if (rows.length === 0) return
    try {
      await this.db
        .insertInto('credentials')
        .values(rows)
        .onConflict((oc) =>
          oc
            .columns(['deployment_id', 'name'])
            .doUpdateSet((eb) => ({ ciphertext: eb.ref('excluded.ciphertext') })),
        )
        .execute()
    } catch (err) {
      if (isForeignKeyViolation(err)) throw new NotFoundError('deployment', deploymentId)
      throw err
    }
  }

  async names(deploymentId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('credentials')
      .select('name')
      .where('deployment_id', '=', deploymentId)
      .orderBy('name')
      .execute()
    return rows.map((row) => row.name)
  }

  async open(deploymentId: string): Promise<Record<string, string>> {
    const rows = await this.db
      .selectFrom('credentials')
      .select(['name', 'ciphertext'])
      .where('deployment_id', '=', deploymentId)
      .orderBy('name')
      .execute()
    const values: Record<string, string> = {}
    for (const row of rows) values[row.name] = await this.box.open(row.ciphertext)
    return values
  }

  async rotateAll(): Promise<number> {
    let changed = 0
    let after: { deployment_id: string; name: string } | undefined
    for (;;) {
      let query = this.db
        .selectFrom('credentials')
        .select(['deployment_id', 'name', 'ciphertext'])
        .orderBy('deployment_id')
        .orderBy('name')
        .limit(ROTATE_BATCH)
      if (after) {
        const { deployment_id, name } = after
        query = query.where((eb) =>
          eb(eb.refTuple('deployment_id', 'name'), '>', eb.tuple(deployment_id, name)),
        )
      }
      const batch = await query.execute()
      for (const row of batch) {
        const ciphertext = await this.box.rotate(row.ciphertext)
        // Only if unchanged meanwhile: a concurrent `put` wins over the re-seal.
        const result = await this.db
          .updateTable('credentials')
          .set({ ciphertext })
          .where('deployment_id', '=', row.deployment_id)
          .where('name', '=', row.name)
          .where('ciphertext', '=', row.ciphertext)
          .executeTakeFirst()
        changed += Number(result.numUpdatedRows)
      }
      const last = batch.at(-1)
      if (!last || batch.length < ROTATE_BATCH) return changed
      after = { deployment_id: last.deployment_id, name: last.name }
    }
  }
}
