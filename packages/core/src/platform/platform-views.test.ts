import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, type TestDatabase } from '../../test/helpers/databases.js'
import type { DeploymentConfig } from '../config/index.js'
import { NotFoundError } from '../errors/index.js'
import { Fernet } from '../fernet/index.js'
import { newId } from '../store/index.js'
import { createPlatform } from './create-platform.js'
import type { Platform } from './platform.js'

const CONFIG: DeploymentConfig = {
  package_name: '@acme/mcp-weather',
  version: null,
  display_name: 'Weather',
  env_vars: [],
  run_command: 'npx',
  args: ['-y', '@acme/mcp-weather'],
  runtime_kind: 'node',
  transport: 'stdio',
  notes: '',
}

async function seed(platform: Platform): Promise<string> {
  const row = await platform.store.deployments.insert({
    id: newId('dep'),
    source: 'npm:@acme/mcp-weather',
    package_name: CONFIG.package_name,
    display_name: CONFIG.display_name,
    runtime: 'local',
    status: 'running',
    config: CONFIG,
    cost_estimate: null,
  })
  await platform.store.credentials.put(row.id, { MCP_BRIDGE_TOKEN: 'token-of-the-bridge' })
  return row.id
}

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 5_000
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}

describe('Platform.get views (change-notified cache)', () => {
  let dir: string
  let platform: Platform

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mcpr-views-'))
    platform = await createPlatform({ dataDir: dir, runtimes: [] })
  })
  afterAll(async () => {
    await platform?.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('serves a frozen snapshot, and the next read after a write sees the write', async () => {
    const id = await seed(platform)
    const first = await platform.get(id)
    expect(await platform.get(id)).toBe(first)
    expect(Object.isFrozen(first) && Object.isFrozen(first.events)).toBe(true)
    expect(() => {
      ;(first as { status: string }).status = 'stopped'
    }).toThrow(TypeError)

    const row = await platform.store.deployments.get(id)
    await platform.store.deployments.update(id, row?.version ?? 0, {
      status: 'stopped',
      status_reason: 'stopped by the test',
    })
    const after = await platform.get(id)
    expect(after).toMatchObject({ status: 'stopped', status_reason: 'stopped by the test' })

    await platform.store.events.append({
      deployment_id: id,
      from_status: 'stopped',
      to_status: 'stopped',
      reason: 'a note',
      details: {},
    })
    expect((await platform.get(id)).events.map((e) => e.reason)).toContain('a note')

    await platform.store.deployments.delete(id)
    await expect(platform.get(id)).rejects.toThrow(NotFoundError)
  })
})

describe.runIf(process.env.DATABASE_URL)('Platform.get views across replicas on PostgreSQL', () => {
  let database: TestDatabase
  let dir: string
  let a: Platform
  let b: Platform

  beforeAll(async () => {
    database = (await createTestDatabase()) as TestDatabase
    dir = await mkdtemp(join(tmpdir(), 'mcpr-views-'))
    const masterKey = Fernet.generateKey()
    const common = { databaseUrl: database.url, masterKey, runtimes: [] }
    a = await createPlatform({ ...common, dataDir: join(dir, 'a') })
    b = await createPlatform({ ...common, dataDir: join(dir, 'b') })
  })
  afterAll(async () => {
    await a?.close()
    await b?.close()
    await database?.drop()
    await rm(dir, { recursive: true, force: true })
  })

  it('drops a cached view when another replica changes the deployment', async () => {
    const id = await seed(b)
    const cached = await a.get(id)
    expect(await a.get(id)).toBe(cached)
    const row = await b.store.deployments.get(id)
    await b.store.deployments.update(id, row?.version ?? 0, { status: 'unhealthy' })
    await until(async () => (await a.get(id)).status === 'unhealthy', "the other replica's update")
    await b.store.deployments.delete(id)
    await until(
      () =>
        a.get(id).then(
          () => false,
          (err: unknown) => err instanceof NotFoundError,
        ),
      "the other replica's delete",
    )
  })
})
