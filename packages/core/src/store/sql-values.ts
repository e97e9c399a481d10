import { type RawBuilder, sql } from 'kysely'

/**
 * A value for a `jsonb` column. Sent as text and cast, so `pg` never turns an array into a
 * PostgreSQL array literal and PGlite never encodes it twice.
 */
export function jsonb<T>(value: T): RawBuilder<T> {
  return sql<T>`cast(${JSON.stringify(value)}::text as jsonb)`
}

/** {@link jsonb}, or SQL `NULL` for `null` and `undefined`. */
export function nullableJsonb<T>(value: T | null | undefined): RawBuilder<T> | null {
  return value === null || value === undefined ? null : jsonb(value)
}

/** Whether `err` is PostgreSQL's foreign-key violation (SQLSTATE 23503), from `pg` or PGlite. */
export function isForeignKeyViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === '23503'
}
