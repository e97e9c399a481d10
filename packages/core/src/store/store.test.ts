import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createTestDatabase, type TestDatabase } from '../../test/helpers/databases.js'
import type { DeploymentConfig } from '../config/index.js'
import { ConcurrentUpdateError, DataDirectoryInUseError, NotFoundError } from '../errors/index.js'
import { Fernet, FernetSecretBox } from '../fernet/index.js'
import type { SecretBox } from '../fernet/secret-box.js'
import { createStore, type SqlStore } from './create-store.js'
import { newId } from './ids.js'
import { MIGRATIONS } from './migrations.js'
import type { NewDeployment } from './records.js'

/** A SecretBox whose key ring a test can swap, to rotate keys under a live store. */
class SwappableBox implements SecretBox {
  constructor(public inner: SecretBox) {}
  seal(plaintext: string) {
    return this.inner.seal(plaintext)
  }
  open(token: string) {
    return this.inner.open(token)
  }
  rotate(token: string) {
    return this.inner.rotate(token)
  }
}

/** Where a suite's database lives, and how to open more stores on it. */
interface Backend {
  readonly name: 'pglite' | 'postgres'
  /** Opens a store on the suite's database (PGlite: the one open store). */
  open(box: SecretBox): Promise<SqlStore>
  /** Another store on the same database; PGlite has only one, so it closes and reopens. */
  reopen(current: SqlStore, box: SecretBox): Promise<SqlStore>
  /** A store for a concurrent claimer: a second pool on PostgreSQL, the same store on PGlite. */
  peer(current: SqlStore, box: SecretBox): Promise<SqlStore>
  teardown(): Promise<void>
}

async function pgliteBackend(): Promise<Backend> {
  const dir = await mkdtemp(join(tmpdir(), 'mcpr-store-'))
  const dataDir = join(dir, 'pgdata')
  return {
    name: 'pglite',
    open: (secretBox) => createStore({ dataDir, secretBox }),
    async reopen(current, secretBox) {
      await current.close()
      return createStore({ dataDir, secretBox })
    },
    peer: async (current) => current,
    teardown: () => rm(dir, { recursive: true, force: true }),
  }
}

async function postgresBackend(): Promise<Backend> {
  const database = (await createTestDatabase()) as TestDatabase
  const extra: SqlStore[] = []
  const more = async (secretBox: SecretBox) => {
    const store = await createStore({ url: database.url, secretBox })
    extra.push(store)
    return store
  }
  return {
    name: 'postgres',
    open: (secretBox) => createStore({ url: database.url, secretBox }),
    reopen: (_current, secretBox) => more(secretBox),
    peer: (_current, secretBox) => more(secretBox),
    async teardown() {
      await Promise.all(extra.map((s) => s.close()))
      await database.drop()
    },
  }
}

const backends: Array<[string, () => Promise<Backend>]> = [['PGlite', pgliteBackend]]
// PostgreSQL joins when DATABASE_URL is set, as it is in CI (.ci/run).
if (process.env.DATABASE_URL) backends.push(['PostgreSQL', postgresBackend])

const CONFIG: DeploymentConfig = {
  package_name: '@acme/mcp-weather',
  version: '1.2.3',
  display_name: 'Weather',
  env_vars: [{ name: 'API_KEY', description: 'key', required: true, secret: true, default: null }],
  run_command: 'npx',
  args: ['-y', '@acme/mcp-weather@1.2.3'],
  runtime_kind: 'node',
  transport: 'stdio',
  notes: '',
}

function newDeployment(overrides: Partial<NewDeployment> = {}): NewDeployment {
  return {
    id: newId('dep'),
    source: 'https://github.com/acme/mcp-weather',
    package_name: '@acme/mcp-weather',
    display_name: 'Weather',
    runtime: 'local',
    status: 'deploying',
    config: CONFIG,
    cost_estimate: null,
    ...overrides,
  }
}

const CANARY = 'sk-canary-7f3a9c1e5b'

describe.each(backends)('Store contract on %s', (_, makeBackend) => {
  let backend: Backend
  let store: SqlStore
  const box = new SwappableBox(new FernetSecretBox(Fernet.generateKey()))

  beforeAll(async () => {
    backend = await makeBackend()
    store = await backend.open(box)
  })
  afterAll(async () => {
    await store?.close()
    await backend?.teardown()
  })
  beforeEach(async () => {
    // Tests share one database; each starts from empty tables.
    await sql`TRUNCATE deployments, analyses CASCADE`.execute(store.db)
  })

  async function running(overrides: Partial<NewDeployment> = {}) {
    const row = await store.deployments.insert(newDeployment(overrides))
    return store.deployments.update(row.id, row.version, { status: 'running' })
  }

  describe('deployments', () => {
    it('inserts a deployment and reads it back with its defaults', async () => {
      const cost = {
        runtime: 'fly' as const,
        currency: 'USD' as const,
        monthly_usd: 1.94,
        hourly_usd: 0.0027,
        idle_monthly_usd: 0.15,
        breakdown: [{ item: 'shared-cpu-1x 256MB', monthly_usd: 1.94 }],
        source: 'fly.io/docs/about/pricing',
        as_of: '2025-01-01',
      }
      const inserted = await store.deployments.insert(newDeployment({ cost_estimate: cost }))
      expect(inserted).toMatchObject({
        status: 'deploying',
        status_reason: null,
        retry_allowed: false,
        config: CONFIG,
        runtime_ref: null,
        endpoint_url: null,
        tools: [],
        health_failures: 0,
        last_health_at: null,
        next_check_at: null,
        cost_estimate: cost,
        version: 1,
      })
      expect(inserted.created_at).toBeInstanceOf(Date)
      expect(inserted).not.toHaveProperty('seq')
      expect(await store.deployments.get(inserted.id)).toEqual(inserted)
    })

    it('keeps an idempotency key unique, found by the key, and frees it with the row', async () => {
      const idempotency = { key: 'req-7d41c0de', fingerprint: 'f'.repeat(64) }
      const first = await store.deployments.insert(newDeployment({ idempotency }))
      expect(first).toMatchObject({
        idempotency_key: idempotency.key,
        request_fingerprint: idempotency.fingerprint,
      })
      expect(await store.deployments.findByIdempotencyKey(idempotency.key)).toEqual(first)
      expect(await store.deployments.findByIdempotencyKey('req-other')).toBeUndefined()
      // SQLSTATE 23505 on both backends: the platform turns it into a replay.
      await expect(store.deployments.insert(newDeployment({ idempotency }))).rejects.toMatchObject({
        code: '23505',
      })
      // Rows without a key do not collide.
      await store.deployments.insert(newDeployment())
      await store.deployments.insert(newDeployment())
      await store.deployments.delete(first.id)
      expect(await store.deployments.findByIdempotencyKey(idempotency.key)).toBeUndefined()
      await store.deployments.insert(newDeployment({ idempotency }))
    })

    it('answers undefined for an unknown id', async () => {
      expect(await store.deployments.get('dep_missing')).toBeUndefined()
    })

    it('lists newest first, and honours a limit', async () => {
      const ids: string[] = []
      for (let i = 0; i < 4; i++) ids.push((await store.deployments.insert(newDeployment())).id)
      expect((await store.deployments.list()).map((d) => d.id)).toEqual(ids.toReversed())
      expect((await store.deployments.list({ limit: 2 })).map((d) => d.id)).toEqual(
        ids.toReversed().slice(0, 2),
      )
    })

    it('applies a patch, moves the version and round-trips JSON and times', async () => {
      const row = await store.deployments.insert(newDeployment())
      const at = new Date('2030-05-06T07:08:09.123Z')
      const ref = {
        runtime: 'local' as const,
        deploymentId: row.id,
        baseUrl: 'http://127.0.0.1:41234',
        details: { pid: 4242, port: 41234, alive: true, note: null },
      }
      const updated = await store.deployments.update(row.id, 1, {
        status: 'running',
        status_reason: 'probe passed',
        retry_allowed: true,
        runtime_ref: ref,
        endpoint_url: 'http://127.0.0.1:41234',
        tools: ['get_forecast', 'get_alerts'],
        health_failures: 2,
        last_health_at: at,
        next_check_at: at,
      })
      expect(updated).toMatchObject({
        status: 'running',
        status_reason: 'probe passed',
        retry_allowed: true,
        runtime_ref: ref,
        tools: ['get_forecast', 'get_alerts'],
        health_failures: 2,
        last_health_at: at,
        next_check_at: at,
        version: 2,
      })
      expect(updated.updated_at.getTime()).toBeGreaterThanOrEqual(row.updated_at.getTime())
      expect(await store.deployments.get(row.id)).toEqual(updated)
      const cleared = await store.deployments.update(row.id, 2, { runtime_ref: null, tools: [] })
      expect(cleared).toMatchObject({ runtime_ref: null, tools: [], version: 3 })
    })

    it('ignores fields a patch may not change', async () => {
      const row = await store.deployments.insert(newDeployment())
      const sneaky = { status: 'failed', id: 'dep_other', version: 99, source: 'x' }
      const updated = await store.deployments.update(row.id, 1, sneaky as never)
      expect(updated).toMatchObject({
        id: row.id,
        version: 2,
        source: row.source,
        status: 'failed',
      })
    })

    it('refuses an update at a stale version, and names a missing row', async () => {
      const row = await store.deployments.insert(newDeployment())
      await store.deployments.update(row.id, 1, { status: 'running' })
      await expect(store.deployments.update(row.id, 1, { status: 'failed' })).rejects.toThrow(
        ConcurrentUpdateError,
      )
      expect((await store.deployments.get(row.id))?.status).toBe('running')
      await expect(store.deployments.update('dep_gone', 1, {})).rejects.toThrow(NotFoundError)
    })

    it('lets exactly one of two racing updates at the same version win', async () => {
      const row = await store.deployments.insert(newDeployment())
      const peer = await backend.peer(store, box)
      const results = await Promise.allSettled([
        store.deployments.update(row.id, 1, { status: 'running' }),
        peer.deployments.update(row.id, 1, { status: 'failed' }),
      ])
      const won = results.filter((r) => r.status === 'fulfilled')
      const lost = results.filter((r) => r.status === 'rejected')
      expect(won).toHaveLength(1)
      expect(lost).toHaveLength(1)
      expect((lost[0] as PromiseRejectedResult).reason).toBeInstanceOf(ConcurrentUpdateError)
      expect((await store.deployments.get(row.id))?.version).toBe(2)
    })

    it('deletes a row with its credentials and events', async () => {
      const row = await store.deployments.insert(newDeployment())
      await store.credentials.put(row.id, { API_KEY: CANARY })
      await store.events.append({
        deployment_id: row.id,
        from_status: null,
        to_status: 'deploying',
        reason: 'created',
        details: {},
      })
      expect(await store.deployments.delete(row.id)).toBe(true)
      expect(await store.deployments.delete(row.id)).toBe(false)
      const left = await sql<{ n: number }>`
        SELECT (SELECT count(*) FROM credentials WHERE deployment_id = ${row.id})::int
             + (SELECT count(*) FROM deployment_events WHERE deployment_id = ${row.id})::int AS n`.execute(
        store.db,
      )
      expect(left.rows[0]?.n).toBe(0)
    })
  })

  describe('credentials', () => {
    it('seals values, lists names and opens them again', async () => {
      const row = await store.deployments.insert(newDeployment())
      await store.credentials.put(row.id, { API_KEY: CANARY, REGION: 'eu-west' })
      expect(await store.credentials.names(row.id)).toEqual(['API_KEY', 'REGION'])
      expect(await store.credentials.open(row.id)).toEqual({ API_KEY: CANARY, REGION: 'eu-west' })
      expect(await store.credentials.open('dep_none')).toEqual({})
    })

    it('replaces a value stored under the same name', async () => {
      const row = await store.deployments.insert(newDeployment())
      await store.credentials.put(row.id, { API_KEY: 'first', REGION: 'eu' })
      await store.credentials.put(row.id, { API_KEY: 'second' })
      expect(await store.credentials.open(row.id)).toEqual({ API_KEY: 'second', REGION: 'eu' })
    })

    it('never writes plaintext: raw rows hold only Fernet tokens', async () => {
      const row = await store.deployments.insert(newDeployment())
      await store.credentials.put(row.id, { API_KEY: CANARY })
      const raw = await sql<Record<string, unknown>>`SELECT * FROM credentials`.execute(store.db)
      expect(raw.rows).toHaveLength(1)
      expect(JSON.stringify(raw.rows)).not.toContain(CANARY)
      expect(raw.rows[0]?.ciphertext).toMatch(/^gAAAAA[A-Za-z0-9_-]+=*$/)
      const everything = await sql`SELECT d.*, e.* FROM deployments d
        LEFT JOIN deployment_events e ON e.deployment_id = d.id`.execute(store.db)
      expect(JSON.stringify(everything.rows)).not.toContain(CANARY)
    })

    it('refuses values for a deployment that does not exist', async () => {
      await expect(store.credentials.put('dep_gone', { API_KEY: 'x' })).rejects.toThrow(
        NotFoundError,
      )
    })

    it('re-seals every row under the new primary key on rotateAll', async () => {
      const oldKey = Fernet.generateKey()
      const newKey = Fernet.generateKey()
      const original = box.inner
      try {
        box.inner = new FernetSecretBox(oldKey)
        const a = await store.deployments.insert(newDeployment())
        const b = await store.deployments.insert(newDeployment())
        await store.credentials.put(a.id, { API_KEY: CANARY, REGION: 'eu' })
        await store.credentials.put(b.id, { API_KEY: 'other' })
        box.inner = new FernetSecretBox([newKey, oldKey])
        expect(await store.credentials.rotateAll()).toBe(3)
        box.inner = new FernetSecretBox(newKey)
        expect(await store.credentials.open(a.id)).toEqual({ API_KEY: CANARY, REGION: 'eu' })
        expect(await store.credentials.open(b.id)).toEqual({ API_KEY: 'other' })
      } finally {
        box.inner = original
      }
    })
  })

  describe('events', () => {
    it('appends events and lists them oldest first, the most recent when limited', async () => {
      const row = await store.deployments.insert(newDeployment())
      const at = new Date('2030-01-01T00:00:00.000Z')
      const reasons = ['created', 'app created', 'machine started', 'probe passed']
      for (const reason of reasons) {
        await store.events.append({
          deployment_id: row.id,
          from_status: 'deploying',
          to_status: reason === 'probe passed' ? 'running' : 'deploying',
          reason,
          details: { step: reason, nested: { ok: true } },
          at,
        })
      }
      const all = await store.events.list(row.id)
      expect(all.map((e) => e.reason)).toEqual(reasons)
      expect(all[0]).toMatchObject({ deployment_id: row.id, at, details: { step: 'created' } })
      expect(typeof all[0]?.id).toBe('number')
      expect((await store.events.list(row.id, { limit: 2 })).map((e) => e.reason)).toEqual(
        reasons.slice(2),
      )
    })

    it('stamps an event with the database time when none is given', async () => {
      const row = await store.deployments.insert(newDeployment())
      const event = await store.events.append({
        deployment_id: row.id,
        from_status: null,
        to_status: null,
        reason: 'note',
        details: {},
      })
      expect(event.at).toBeInstanceOf(Date)
      expect(event.from_status).toBeNull()
    })

    it('refuses an event for a deployment that does not exist', async () => {
      const event = { deployment_id: 'dep_gone', from_status: null, to_status: null }
      await expect(store.events.append({ ...event, reason: 'x', details: {} })).rejects.toThrow(
        NotFoundError,
      )
    })
  })

  describe('change feed', () => {
    /** Records what a store's feed announces. */
    function record(on: SqlStore) {
      const seen: string[] = []
      let resets = 0
      const off = on.changes.subscribe({
        changed: (id) => seen.push(id),
        reset: () => {
          resets += 1
        },
      })
      return { seen, resets: () => resets, off }
    }

    /** Waits until `done()` holds (notifications arrive asynchronously), at most 5 s. */
    async function until(done: () => boolean, what: string) {
      const deadline = Date.now() + 5_000
      while (!done()) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
        await new Promise((r) => setTimeout(r, 10))
      }
    }

    it('announces its own inserts, updates, events and deletes as soon as they return', async () => {
      const feed = record(store)
      try {
        expect(store.changes.live).toBe(true)
        const row = await store.deployments.insert(newDeployment())
        expect(feed.seen).toContain(row.id)
        feed.seen.length = 0
        await store.deployments.update(row.id, row.version, { status: 'running' })
        expect(feed.seen).toContain(row.id)
        feed.seen.length = 0
        await store.events.append({
          deployment_id: row.id,
          from_status: null,
          to_status: null,
          reason: 'note',
          details: {},
        })
        expect(feed.seen).toContain(row.id)
        feed.seen.length = 0
        await store.deployments.delete(row.id)
        expect(feed.seen).toContain(row.id)
      } finally {
        feed.off()
      }
    })

    it('announces raw SQL writes (database triggers), and stays silent when a check is claimed', async () => {
      const quiet = await running()
      const loud = await store.deployments.insert(newDeployment())
      const feed = record(store)
      try {
        // The writes above notify too, later than their local announcements: wait for a raw
        // marker written after them (notifications arrive in commit order), then start afresh.
        const marker = newDeployment()
        await sql`INSERT INTO deployments (id, source, package_name, display_name, runtime, status, config)
          VALUES (${marker.id}, 's', 'p', 'd', 'local', 'deploying', '{}'::jsonb)`.execute(store.db)
        await until(() => feed.seen.includes(marker.id), 'the marker')
        feed.seen.length = 0
        await store.deployments.claimHealthChecks(new Date(), new Date(Date.now() + 60_000), 10)
        await sql`UPDATE deployments SET status = 'failed', version = version + 1
          WHERE id = ${loud.id}`.execute(store.db)
        // Notifications arrive in commit order: once the later write is in, the claim's would be.
        await until(() => feed.seen.includes(loud.id), 'the raw update')
        expect(feed.seen).not.toContain(quiet.id)
        const before = feed.resets()
        await sql`TRUNCATE deployments CASCADE`.execute(store.db)
        await until(() => feed.resets() > before, 'the truncate')
      } finally {
        feed.off()
      }
    })

    it("hears another store's writes on the same database", async () => {
      const other = await backend.peer(store, box)
      const feed = record(store)
      try {
        const row = await other.deployments.insert(newDeployment())
        await until(() => feed.seen.includes(row.id), "the peer's insert")
      } finally {
        feed.off()
      }
    })
  })

  describe('analyses', () => {
    const analysis = () => ({
      id: newId('ana'),
      source: 'https://github.com/acme/mcp-weather',
      cache_key: 'k'.repeat(64),
      status: 'analyzing' as const,
      config: null,
      evidence: null,
      warnings: [],
      error: null,
    })

    it('inserts, reads and updates an analysis with JSON fields', async () => {
      const inserted = await store.analyses.insert(analysis())
      expect(inserted).toMatchObject({ status: 'analyzing', config: null, warnings: [] })
      const evidence = [{ detector: 'package.json', file: 'package.json', line: 3 }]
      const updated = await store.analyses.update(inserted.id, {
        status: 'complete',
        config: CONFIG,
        evidence,
      })
      expect(updated).toMatchObject({ status: 'complete', config: CONFIG, evidence, warnings: [] })
      expect(await store.analyses.get(inserted.id)).toEqual(updated)
      expect(await store.analyses.get('ana_missing')).toBeUndefined()
      await expect(store.analyses.update('ana_missing', { status: 'failed' })).rejects.toThrow(
        NotFoundError,
      )
    })

    it('serves a cached analysis until its entry expires', async () => {
      const first = await store.analyses.insert(analysis())
      const expires = new Date('2030-01-02T00:00:00.000Z')
      await store.analyses.putCache('key-1', first.id, expires)
      expect((await store.analyses.getCached('key-1', new Date(expires.getTime() - 1)))?.id).toBe(
        first.id,
      )
      expect(await store.analyses.getCached('key-1', expires)).toBeUndefined()
      expect(await store.analyses.getCached('key-2', new Date(0))).toBeUndefined()
      const second = await store.analyses.insert(analysis())
      const later = new Date('2030-01-03T00:00:00.000Z')
      await store.analyses.putCache('key-1', second.id, later)
      expect((await store.analyses.getCached('key-1', expires))?.id).toBe(second.id)
    })

    it('refuses to cache an analysis that does not exist', async () => {
      await expect(store.analyses.putCache('k', 'ana_gone', new Date())).rejects.toThrow(
        NotFoundError,
      )
    })
  })

  describe('deploy leases', () => {
    const at = (s: number) => new Date(Date.UTC(2030, 0, 1, 0, 0, s))
    const lease = (owner: string, untilS: number) => ({ owner, until: at(untilS) })

    it('lets one owner at a time deploy a row, until its lease expires or is released', async () => {
      const row = await store.deployments.insert(newDeployment({ deploy_lease: lease('a', 30) }))
      expect(row).toMatchObject({ deploy_owner: 'a', deploy_lease_until: at(30) })
      expect(await store.deployments.leaseDeploy(row.id, lease('b', 40), at(10))).toBe(false)
      expect(await store.deployments.leaseDeploy(row.id, lease('a', 40), at(10))).toBe(true)
      expect(await store.deployments.leaseDeploy(row.id, lease('b', 70), at(41))).toBe(true)
      await store.deployments.releaseDeploy(row.id, 'a') // not a's any more: no effect
      expect((await store.deployments.get(row.id))?.deploy_owner).toBe('b')
      await store.deployments.releaseDeploy(row.id, 'b')
      const released = await store.deployments.get(row.id)
      expect(released).toMatchObject({ deploy_owner: null, deploy_lease_until: null })
      expect(released?.version).toBe(row.version)
      expect(await store.deployments.leaseDeploy(row.id, lease('c', 99), at(42))).toBe(true)
    })

    it('never leases a row that is not deploying', async () => {
      const row = await running()
      expect(await store.deployments.leaseDeploy(row.id, lease('a', 30), at(0))).toBe(false)
    })

    it('claims only deploys nobody holds (or, asked, its own from an earlier life)', async () => {
      const free = await store.deployments.insert(newDeployment())
      const expired = await store.deployments.insert(newDeployment({ deploy_lease: lease('x', 5) }))
      const held = await store.deployments.insert(newDeployment({ deploy_lease: lease('x', 60) }))
      const own = await store.deployments.insert(newDeployment({ deploy_lease: lease('me', 60) }))
      await running()
      const ids = async (includeOwn: boolean) =>
        (await store.deployments.claimStaleDeploys(lease('me', 40), at(10), 10, { includeOwn }))
          .map((d) => d.id)
          .sort()
      expect(await ids(false)).toEqual([free.id, expired.id].sort())
      // Now leased to `me` until 40: only `own`'s earlier-life lease is left to claim.
      expect(await ids(true)).toEqual([free.id, expired.id, own.id].sort())
      expect((await store.deployments.get(held.id))?.deploy_owner).toBe('x')
      const peer = await backend.peer(store, box)
      expect(await peer.deployments.claimStaleDeploys(lease('other', 50), at(20), 10)).toEqual([])
    })
  })

  describe('recordHealthy', () => {
    it('records passed probes in one call, leaving rows that moved or stopped running alone', async () => {
      const fresh = await running()
      const failing = await store.deployments.update(fresh.id, fresh.version, {
        health_failures: 2,
      })
      const moved = await running()
      await store.deployments.update(moved.id, moved.version, { status_reason: 'someone else' })
      const stopped = await running()
      const stoppedNow = await store.deployments.update(stopped.id, stopped.version, {
        status: 'stopped',
      })
      const at = new Date('2030-01-01T00:00:30.000Z')
      const seen: string[] = []
      const off = store.changes.subscribe({ changed: (id) => seen.push(id), reset() {} })
      try {
        const updated = await store.deployments.recordHealthy(
          [
            { id: failing.id, version: failing.version },
            { id: moved.id, version: moved.version },
            { id: stopped.id, version: stoppedNow.version },
            { id: 'dep_gone', version: 1 },
          ],
          at,
        )
        expect(updated).toEqual([failing.id])
        // Announced as soon as it returns (earlier writes' notifications may trail in too).
        expect(seen).toContain(failing.id)
      } finally {
        off()
      }
      expect(await store.deployments.get(failing.id)).toMatchObject({
        health_failures: 0,
        last_health_at: at,
        version: failing.version + 1,
      })
      expect((await store.deployments.get(moved.id))?.last_health_at).toBeNull()
      expect((await store.deployments.get(stopped.id))?.last_health_at).toBeNull()
      expect(await store.deployments.recordHealthy([], at)).toEqual([])
    })
  })

  describe('claimHealthChecks', () => {
    const t = (minute: number) => new Date(Date.UTC(2030, 0, 1, 0, minute))

    it('claims only due running and unhealthy rows, never-checked first, then oldest', async () => {
      const never = await running()
      const old = await running()
      await store.deployments.update(old.id, old.version, { next_check_at: t(1) })
      const unhealthy = await running()
      await store.deployments.update(unhealthy.id, unhealthy.version, {
        status: 'unhealthy',
        next_check_at: t(5),
      })
      const future = await running()
      await store.deployments.update(future.id, future.version, { next_check_at: t(30) })
      await store.deployments.insert(newDeployment({ status: 'deploying' }))
      const stopped = await running()
      await store.deployments.update(stopped.id, stopped.version, { status: 'stopped' })

      const first = await store.deployments.claimHealthChecks(t(10), t(20), 2)
      expect(first.map((d) => d.id).sort()).toEqual([never.id, old.id].sort())
      expect(first.every((d) => d.next_check_at?.getTime() === t(20).getTime())).toBe(true)
      const rest = await store.deployments.claimHealthChecks(t(10), t(20), 10)
      expect(rest.map((d) => d.id)).toEqual([unhealthy.id])
      expect(await store.deployments.claimHealthChecks(t(10), t(20), 10)).toEqual([])
      expect((await store.deployments.claimHealthChecks(t(30), t(40), 10)).length).toBe(4)
    })

    it('moves next_check_at without touching version or updated_at', async () => {
      const row = await running()
      const [claimed] = await store.deployments.claimHealthChecks(t(0), t(1), 1)
      expect(claimed).toMatchObject({
        id: row.id,
        version: row.version,
        updated_at: row.updated_at,
      })
      await expect(
        store.deployments.update(row.id, row.version, { health_failures: 1 }),
      ).resolves.toMatchObject({ health_failures: 1, next_check_at: t(1) })
    })

    it('never hands the same row to two concurrent claimers', async () => {
      const ids = new Set<string>()
      for (let i = 0; i < 60; i++) ids.add((await running()).id)
      const peer = await backend.peer(store, box)
      const claimed: string[] = []
      const claimer = async (s: SqlStore) => {
        for (;;) {
          const batch = await s.deployments.claimHealthChecks(t(0), t(1), 7)
          if (batch.length === 0) return
          claimed.push(...batch.map((d) => d.id))
        }
      }
      await Promise.all([claimer(store), claimer(peer), claimer(store), claimer(peer)])
      expect(claimed).toHaveLength(60)
      expect(new Set(claimed)).toEqual(ids)
    })
  })

  describe('lifecycle', () => {
    it('answers ping, and closing a store twice is harmless', async () => {
      await expect(store.ping()).resolves.toBeUndefined()
      const old = store
      store = await backend.reopen(store, box)
      await old.close()
      await expect(old.close()).resolves.toBeUndefined()
      await expect(store.ping()).resolves.toBeUndefined()
    })

    it('migrates once: opening the same database again keeps data and adds no migration', async () => {
      const row = await store.deployments.insert(newDeployment())
      store = await backend.reopen(store, box)
      await store.migrate()
      expect((await store.deployments.get(row.id))?.id).toBe(row.id)
      const applied = await sql<{ name: string }>`SELECT name FROM kysely_migration`.execute(
        store.db,
      )
      expect(applied.rows.map((r) => r.name)).toEqual(Object.keys(MIGRATIONS))
    })

    it('indexes analysis_cache.expires_at with a separate index', async () => {
      const indexes = await sql<{ indexdef: string }>`
        SELECT indexdef FROM pg_indexes WHERE tablename = 'analysis_cache'`.execute(store.db)
      expect(indexes.rows.map((r) => r.indexdef).join('\n')).toMatch(
        /CREATE INDEX analysis_cache_expires_at_idx ON .*analysis_cache USING btree \(expires_at\)/,
      )
    })
  })
})

describe('createStore on PGlite', () => {
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mcpr-pglite-'))
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('refuses a data directory another live process holds, and takes over a dead one', async () => {
    const dataDir = join(dir, 'pgdata-locked')
    const secretBox = new FernetSecretBox(Fernet.generateKey())
    const holder = spawn('sleep', ['60'], { stdio: 'ignore' })
    try {
      await mkdir(dir, { recursive: true })
      await writeFile(`${dataDir}.lock`, `${holder.pid}\n`)
      const refused = createStore({ dataDir, secretBox })
      await expect(refused).rejects.toBeInstanceOf(DataDirectoryInUseError)
      await expect(refused).rejects.toThrow(`in use by process ${holder.pid}`)
    } finally {
      holder.kill('SIGKILL')
      await once(holder, 'exit')
    }
    const store = await createStore({ dataDir, secretBox })
    expect(JSON.parse(await readFile(`${dataDir}.lock`, 'utf8'))).toMatchObject({
      pid: process.pid,
      host: hostname(),
    })
    await store.close()
    await expect(readFile(`${dataDir}.lock`, 'utf8')).rejects.toThrow(/ENOENT/)
  })

  it('takes over a lock whose pid now means another process (recycled, or another container)', async () => {
    const dataDir = join(dir, 'pgdata-recycled')
    const secretBox = new FernetSecretBox(Fernet.generateKey())
    const alive = spawn('sleep', ['60'], { stdio: 'ignore' })
    try {
      await mkdir(dir, { recursive: true })
      for (const holder of [
        { pid: alive.pid, start: 1, host: hostname() }, // the pid started at another time
        { pid: alive.pid, start: null, host: 'a-container-long-gone' },
      ]) {
        await writeFile(`${dataDir}.lock`, JSON.stringify(holder))
        const store = await createStore({ dataDir, secretBox })
        await store.close()
      }
    } finally {
      alive.kill('SIGKILL')
      await once(alive, 'exit')
    }
  })

  it('refuses to open a data directory that is already open, and leaves no plaintext on disk', async () => {
    const dataDir = join(dir, 'pgdata')
    const secretBox = new FernetSecretBox(Fernet.generateKey())
    const store = await createStore({ dataDir, secretBox })
    try {
      await expect(createStore({ dataDir, secretBox })).rejects.toThrow(/already open/)
      const row = await store.deployments.insert(newDeployment())
      await store.credentials.put(row.id, { API_KEY: CANARY })
    } finally {
      await store.close()
    }
    await store.close()
    const files = await readdir(dataDir, { recursive: true, withFileTypes: true })
    let scanned = 0
    for (const file of files.filter((f) => f.isFile())) {
      const bytes = await readFile(join(file.parentPath, file.name))
      expect(bytes.includes(CANARY), file.name).toBe(false)
      scanned += bytes.length
    }
    expect(scanned).toBeGreaterThan(1_000_000)
  })
})

describe.runIf(process.env.DATABASE_URL)('change feed on PostgreSQL', () => {
  it('goes not-live when its LISTEN connection dies, and comes back live by itself', async () => {
    const database = (await createTestDatabase()) as TestDatabase
    const secretBox = new FernetSecretBox(Fernet.generateKey())
    const store = await createStore({ url: database.url, secretBox })
    try {
      const states: boolean[] = []
      store.changes.subscribe({ changed() {}, reset: () => states.push(store.changes.live) })
      expect(store.changes.live).toBe(true)
      const killed = await sql<{ n: number }>`
        SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid()
          AND (query LIKE 'LISTEN %' OR query LIKE 'SELECT pg_notify(%')`.execute(store.db)
      expect(killed.rows[0]?.n).toBe(1)
      const deadline = Date.now() + 10_000
      while (!(states.includes(false) && store.changes.live)) {
        if (Date.now() > deadline) throw new Error(`feed did not recover: ${states.join(',')}`)
        await new Promise((r) => setTimeout(r, 20))
      }
      expect(states[0]).toBe(false)
      // Listening again: a write from elsewhere is heard.
      const seen: string[] = []
      store.changes.subscribe({ changed: (id) => seen.push(id), reset() {} })
      const row = newDeployment()
      await sql`INSERT INTO deployments (id, source, package_name, display_name, runtime, status, config)
        VALUES (${row.id}, 's', 'p', 'd', 'local', 'deploying', '{}'::jsonb)`.execute(store.db)
      while (!seen.includes(row.id)) {
        if (Date.now() > deadline) throw new Error('no notice after reconnecting')
        await new Promise((r) => setTimeout(r, 20))
      }
    } finally {
      await store.close()
      await database.drop()
    }
  })
})
