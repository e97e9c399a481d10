import type { PGlite } from '@electric-sql/pglite'
import {
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  CompiledQuery as Query,
  type QueryResult,
  type TransactionSettings,
} from 'kysely'
import { McpRemoteError } from '../errors/index.js'

/**
 * A kysely dialect over one embedded PGlite instance (kysely 0.28 ships none). PGlite is a
 * single connection, so the driver hands it to one user at a time: a transaction holds it
 * from `BEGIN` to `COMMIT`, and every other query waits. Inside `db.transaction()`, query
 * through the transaction object: a query on the outer `Kysely` would wait for the transaction
 * to end, which never comes. Streaming is not supported.
 */
export class PGliteDialect implements Dialect {
  constructor(private readonly pglite: PGlite) {}

  createDriver(): Driver {
    return new PGliteDriver(this.pglite)
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler()
  }
  createAdapter() {
    return new PostgresAdapter()
  }
  createIntrospector(db: Kysely<unknown>) {
    return new PostgresIntrospector(db)
  }
}

class PGliteDriver implements Driver {
  readonly #mutex = new Mutex()
  readonly #connection: PGliteConnection

  constructor(private readonly pglite: PGlite) {
    this.#connection = new PGliteConnection(pglite)
  }

  async init(): Promise<void> {
    await this.pglite.waitReady
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    await this.#mutex.lock()
    return this.#connection
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings) {
    let statement = 'begin'
    if (settings.isolationLevel || settings.accessMode) {
      statement = 'start transaction'
      if (settings.isolationLevel) statement += ` isolation level ${settings.isolationLevel}`
      if (settings.accessMode) statement += ` ${settings.accessMode}`
    }
    await connection.executeQuery(Query.raw(statement))
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const { rows } = await connection.executeQuery<{ command?: string }>(Query.raw('commit'))
    // As kysely's pg driver: COMMIT answers ROLLBACK when an earlier statement failed.
    if (rows[0]?.command === 'ROLLBACK') {
      throw new McpRemoteError(
        'internal_error',
        'transaction rolled back: a statement in it failed',
      )
    }
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(Query.raw('rollback'))
  }

  async releaseConnection(): Promise<void> {
    this.#mutex.unlock()
  }

  async destroy(): Promise<void> {
    await this.#mutex.lock()
    try {
      if (!this.pglite.closed) await this.pglite.close()
    } finally {
      this.#mutex.unlock()
    }
  }
}

class PGliteConnection implements DatabaseConnection {
  constructor(private readonly pglite: PGlite) {}

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.pglite.query<R>(compiled.sql, [...compiled.parameters])
    const command = result.command
    if (command === 'COMMIT' || command === 'ROLLBACK') return { rows: [{ command } as R] }
    const writes = command === 'INSERT' || command === 'UPDATE' || command === 'DELETE'
    return {
      rows: result.rows,
      ...(writes || command === 'MERGE'
        ? { numAffectedRows: BigInt(result.affectedRows ?? 0) }
        : {}),
    }
  }

  // biome-ignore lint/correctness/useYield: refuses before yielding anything
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('the PGlite dialect does not support streaming')
  }
}

/** One holder at a time, first come first served. */
class Mutex {
  #tail: Promise<void> = Promise.resolve()
  #release: (() => void) | undefined

  async lock(): Promise<void> {
    const previous = this.#tail
    let release!: () => void
    this.#tail = new Promise<void>((resolve) => {
      release = resolve
    })
    await previous
    this.#release = release
  }

  unlock(): void {
    const release = this.#release
    this.#release = undefined
    release?.()
  }
}
