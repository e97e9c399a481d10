import { randomBytes } from 'node:crypto'
import pg from 'pg'

/** A throwaway PostgreSQL database, dropped by {@link TestDatabase.drop}. */
export interface TestDatabase {
  /** Connection string of the new database. */
  url: string
  /** Drops the database, ending any connection still open to it. */
  drop(): Promise<void>
}

/**
 * Creates `<prefix>_<random>` on the server of `baseUrl` (default `DATABASE_URL`), so parallel
 * test files and suites never share tables. Resolves `undefined` when no URL is given, so a
 * suite can run on PGlite alone where PostgreSQL is not configured.
 *
 * @example
 * ```ts
 * const db = await createTestDatabase()
 * const store = db ? await createStore({ url: db.url, secretBox }) : await createStore({ dataDir, secretBox })
 * // … tests …
 * await db?.drop()
 * ```
 */
export async function createTestDatabase(
  opts: { baseUrl?: string; prefix?: string } = {},
): Promise<TestDatabase | undefined> {
  const base = opts.baseUrl ?? process.env.DATABASE_URL
  if (!base) return undefined
  const prefix = (opts.prefix ?? 'mcpr_t').replace(/[^a-z0-9_]/g, '_')
  const name = `${prefix}_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: base })
  await admin.connect()
  try {
    await admin.query(`CREATE DATABASE ${name}`)
  } finally {
    await admin.end()
  }
  const url = new URL(base)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: base })
      await c.connect()
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      } finally {
        await c.end()
      }
    },
  }
}
