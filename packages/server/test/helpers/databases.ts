import { createTestDatabase as create, type TestDatabase } from '@mcp-remote/core/testing'

export type { TestDatabase }

/** A throwaway PostgreSQL database for one server suite (`mcpr_s_…`), or undefined without `DATABASE_URL`. */
export function createTestDatabase(): Promise<TestDatabase | undefined> {
  return create({ prefix: 'mcpr_s' })
}

/** The stores a suite runs on: PGlite always, PostgreSQL when `DATABASE_URL` is set. */
export const STORES = [
  { name: 'PGlite', postgres: false },
  ...(process.env.DATABASE_URL ? [{ name: 'PostgreSQL', postgres: true }] : []),
]
