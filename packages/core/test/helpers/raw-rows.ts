import { sql } from 'kysely'
import type { SqlStore } from '../../src/store/index.js'
import type { Store } from '../../src/store/store.js'

/** Every row of `table`, read with raw SQL (no repository decoding), for leak checks. */
export async function rawRows(
  store: Store,
  table: string,
): Promise<Array<Record<string, unknown>>> {
  const { db } = store as SqlStore
  if (!db) throw new Error('rawRows needs a SQL store')
  const result = await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(table)}`.execute(db)
  return result.rows
}
