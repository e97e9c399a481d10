import { mkdir } from 'node:fs/promises'
import { resolve } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { Kysely, Migrator, PostgresDialect, sql } from 'kysely'
import pg from 'pg'
import { McpRemoteError } from '../errors/index.js'
import type { SecretBox } from '../fernet/secret-box.js'
import { SqlAnalysisRepository } from './analysis-repository.js'
import { CHANGE_CHANNEL, type ChangeFeed, ChangeHub } from './change-feed.js'
import { SqlCredentialRepository } from './credential-repository.js'
import { SqlDeploymentRepository } from './deployment-repository.js'
import { lockDirectory } from './dir-lock.js'
import { SqlEventRepository } from './event-repository.js'
import { InCodeMigrationProvider } from './migrations.js'
import { PgChangeListener } from './pg-change-listener.js'
import { PGliteDialect } from './pglite-dialect.js'
import type { Database } from './schema.js'
import type { Store } from './store.js'

/** Where embedded PGlite keeps its files when no `dataDir` is given. */
export const DEFAULT_PGLITE_DATA_DIR = './.mcp-remote/pgdata'

/** Options of {@link createStore}. */
export interface CreateStoreOptions {
  /** Seals credentials before they reach the database (e.g. a `FernetSecretBox`). */
  secretBox: SecretBox
  /** A PostgreSQL connection string. When set, the store uses `pg`; `dataDir` is ignored. */
  url?: string
  /**
   * Embedded PGlite's data directory, created if missing; `memory://` keeps everything in
   * memory. Default {@link DEFAULT_PGLITE_DATA_DIR}. One store per directory at a time.
   */
  dataDir?: string
  /** Largest `pg` pool size (PostgreSQL only). Default 10. */
  maxConnections?: number
}

/** A {@link Store} over SQL, with its kysely instance for tooling and tests. */
export interface SqlStore extends Store {
  /** The kysely instance the repositories use. Raw reads only; writes go through repositories. */
  readonly db: Kysely<Database>
  readonly changes: ChangeFeed
}

const openDataDirs = new Set<string>()

/**
 * Opens the store and runs pending migrations: PostgreSQL through `pg` when `url` is given,
 * else embedded PGlite in `dataDir` (DESIGN.md §2).
 *
 * @example
 * ```ts
 * import { createStore, FernetSecretBox, newId } from '@mcp-remote/core'
 *
 * const store = await createStore({
 *   dataDir: './.mcp-remote/pgdata', // or url: process.env.DATABASE_URL
 *   secretBox: new FernetSecretBox(process.env.MASTER_ENCRYPTION_KEY ?? ''),
 * })
 * const list = await store.deployments.list({ limit: 20 })
 * await store.close()
 * ```
 * @throws `McpRemoteError` (`internal_error`) when the PGlite directory is already open, in this
 *   process or another (`<dataDir>.lock` holds the owner's pid); the driver's error when the
 *   database cannot be reached or migrated.
 */
export async function createStore(options: CreateStoreOptions): Promise<SqlStore> {
  if (options.url) {
    const pool = new pg.Pool({ connectionString: options.url, max: options.maxConnections ?? 10 })
    // An idle client's error (server restart) must not crash the process; the next query fails.
    pool.on('error', () => {})
    const hub = new ChangeHub(false)
    const listener = new PgChangeListener(options.url, hub)
    const store = await open(
      new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }),
      'postgres',
      options,
      hub,
      { beforeDestroy: () => listener.close() },
    )
    // After the migrations, so the channel's triggers exist before anyone relies on them. If
    // notifications can't be proven to arrive (a transaction-mode pooler), the store works
    // uncached while the listener keeps trying.
    await listener.begin()
    return store
  }
  const dataDir = options.dataDir ?? DEFAULT_PGLITE_DATA_DIR
  const inMemory = dataDir.startsWith('memory://')
  const lockKey = inMemory ? undefined : resolve(dataDir)
  if (lockKey !== undefined) {
    if (openDataDirs.has(lockKey)) {
      throw new McpRemoteError('internal_error', 'the PGlite data directory is already open', {
        details: { dataDir: lockKey },
      })
    }
    await mkdir(lockKey, { recursive: true, mode: 0o700 })
  }
  if (lockKey !== undefined) openDataDirs.add(lockKey)
  let unlock: (() => Promise<void>) | undefined
  try {
    if (lockKey !== undefined) unlock = await lockDirectory(lockKey)
    const pglite = await PGlite.create(inMemory ? dataDir : (lockKey as string))
    const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) })
    // One process owns a PGlite directory: its notifications are complete from the start.
    const hub = new ChangeHub(true)
    const store = await open(db, 'pglite', options, hub, {
      afterDestroy: async () => {
        await unlock?.()
        if (lockKey !== undefined) openDataDirs.delete(lockKey)
      },
    })
    // Before anything else can query: LISTEN must not land inside a kysely transaction.
    try {
      await pglite.listen(CHANGE_CHANNEL, (id) => hub.emit(id))
    } catch (err) {
      await store.close()
      throw err
    }
    return store
  } catch (err) {
    await unlock?.()
    if (lockKey !== undefined) openDataDirs.delete(lockKey)
    throw err
  }
}

async function open(
  db: Kysely<Database>,
  dialect: Store['dialect'],
  options: CreateStoreOptions,
  changes: ChangeHub,
  hooks: { beforeDestroy?: () => Promise<void>; afterDestroy?: () => Promise<void> } = {},
): Promise<SqlStore> {
  let closed = false
  const store: SqlStore = {
    dialect,
    db,
    changes,
    deployments: new SqlDeploymentRepository(db, changes),
    credentials: new SqlCredentialRepository(db, options.secretBox),
    events: new SqlEventRepository(db, changes),
    analyses: new SqlAnalysisRepository(db),
    migrate: () => migrate(db),
    async ping() {
      await sql`select 1`.execute(db)
    },
    async close() {
      if (closed) return
      closed = true
      try {
        await hooks.beforeDestroy?.()
        await db.destroy()
      } finally {
        await hooks.afterDestroy?.()
      }
    },
  }
  try {
    await store.migrate()
  } catch (err) {
    await store.close()
    throw err
  }
  return store
}

/** Applies pending migrations; throws the first failure (kysely rolls the batch back). */
async function migrate(db: Kysely<Database>): Promise<void> {
  // The migration tables are typed apart from the store's; kysely only needs any database.
  const migrator = new Migrator({
    db: db as unknown as Kysely<unknown>,
    provider: new InCodeMigrationProvider(),
  })
  const { error, results } = await migrator.migrateToLatest()
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName
    throw new McpRemoteError('internal_error', `database migration ${failed ?? ''} failed`.trim(), {
      details: failed ? { migration: failed } : {},
      cause: error,
    })
  }
}
