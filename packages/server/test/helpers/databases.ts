import { randomBytes } from 'node:crypto'
import pg from 'pg'

/** A throwaway PostgreSQL database for one test file, when `DATABASE_URL` is set. */
export interface TestDatabase {
  url: string
  drop(): Promise<void>
}

/**
 * Creates `mcpr_s_<random>` next to `DATABASE_URL`'s database, so parallel suites never share
 * tables. Returns undefined when `DATABASE_URL` is unset.
 */
export async function createTestDatabase(): Promise<TestDatabase | undefined> {
  const base = process.env.DATABASE_URL
  if (!base) return undefined
  const name = `mcpr_s_${randomBytes(6).toString('hex')}`
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

/** The stores a suite runs on: PGlite always, PostgreSQL when `DATABASE_URL` is set. */
export const STORES = [
  { name: 'PGlite', postgres: false },
  ...(process.env.DATABASE_URL ? [{ name: 'PostgreSQL', postgres: true }] : []),
]
