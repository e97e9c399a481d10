import { afterEach, describe, expect, it } from 'vitest'
import { createTestDatabase } from '../../test/helpers/databases.js'
import type { DeploymentConfig } from '../config/index.js'
import { Fernet, FernetSecretBox } from '../fernet/index.js'
import { createPlatform } from '../platform/create-platform.js'
import type { DeploySpec, Runtime, RuntimeName, RuntimeRef } from '../runtime/runtime.js'
import { createStore } from '../store/create-store.js'
import type { Store } from '../store/store.js'
import { FakeClock } from '../testing/fake-clock.js'

const CONFIG: DeploymentConfig = {
  package_name: 'weather-mcp',
  version: null,
  display_name: 'Weather',
  env_vars: [],
  run_command: 'npx',
  args: ['-y', 'weather-mcp'],
  runtime_kind: 'node',
  transport: 'stdio',
  notes: '',
}

/** A runtime whose resources are plain refs; `onList` runs while it lists (to stage races). */
class ListedRuntime implements Runtime {
  name: RuntimeName = 'local'
  readonly destroyed: string[] = []
  constructor(
    private readonly refs: RuntimeRef[],
    private readonly onList: () => Promise<void> = async () => {},
  ) {}
  readonly deployed: string[] = []
  async deploy(spec: DeploySpec): Promise<RuntimeRef> {
    this.deployed.push(spec.deploymentId)
    return this.ref(spec.deploymentId)
  }
  async status() {
    return { state: 'running' as const }
  }
  async stop() {}
  async start(ref: RuntimeRef) {
    return ref
  }
  async destroy(ref: RuntimeRef) {
    this.destroyed.push(ref.deploymentId)
  }
  async list() {
    await this.onList()
    return this.refs
  }
  async close() {}
  ref(deploymentId: string): RuntimeRef {
    return { runtime: 'local', deploymentId, baseUrl: 'http://127.0.0.1:9', details: {} }
  }
}

function insert(store: Store, id: string, lease?: { owner: string; until: Date }) {
  return store.deployments.insert({
    ...(lease ? { deploy_lease: lease } : {}),
    id,
    source: 'npm:weather-mcp',
    package_name: CONFIG.package_name,
    display_name: CONFIG.display_name,
    runtime: 'local',
    status: 'deploying',
    config: CONFIG,
    cost_estimate: null,
  })
}

describe('reconcile', () => {
  it("destroys resources without a row, but not one whose row appeared while it listed (another replica's deploy)", async () => {
    const store = await createStore({
      dataDir: 'memory://',
      secretBox: new FernetSecretBox(Fernet.generateKey()),
    })
    const racing = 'dep_racing0000000000000000'
    const runtime = new ListedRuntime(
      [
        { runtime: 'local', deploymentId: 'dep_orphan000000000000000', baseUrl: 'x', details: {} },
        { runtime: 'local', deploymentId: racing, baseUrl: 'x', details: {} },
      ],
      async () => {
        await insert(store, racing)
      },
    )
    const platform = await createPlatform({ store, runtimes: [runtime] })
    try {
      const report = await platform.reconcile()
      expect(runtime.destroyed).toEqual(['dep_orphan000000000000000'])
      expect(report.orphansDestroyed).toBe(1)
    } finally {
      await platform.close()
      await store.close()
    }
  })
})

describe('reconcile with a runtime that cannot be listed', () => {
  it("reconciles the others, leaves that runtime's deployments to the health loop, and says so", async () => {
    const store = await createStore({
      dataDir: 'memory://',
      secretBox: new FernetSecretBox(Fernet.generateKey()),
    })
    const local = new ListedRuntime([
      { runtime: 'local', deploymentId: 'dep_orphan000000000000000', baseUrl: 'x', details: {} },
    ])
    const down = new ListedRuntime([])
    down.name = 'fly'
    down.list = async () => {
      throw new Error('connect ECONNREFUSED api.machines.dev')
    }
    const warnings: string[] = []
    const logger = {
      info() {},
      warn: (_: Record<string, unknown>, msg: string) => void warnings.push(msg),
      error() {},
    }
    const onFly = 'dep_onfly00000000000000000'
    await store.deployments.insert({
      id: onFly,
      source: 'npm:weather-mcp',
      package_name: CONFIG.package_name,
      display_name: CONFIG.display_name,
      runtime: 'fly',
      status: 'running',
      config: CONFIG,
      cost_estimate: null,
    })
    const platform = await createPlatform({ store, runtimes: [local, down], logger })
    try {
      const report = await platform.reconcile()
      expect(report.unlistedRuntimes).toEqual(['fly'])
      expect(local.destroyed).toEqual(['dep_orphan000000000000000'])
      // Not redeployed blind: it may well be running on Fly.
      expect(report.restarted).toEqual([])
      expect(down.deployed).toEqual([])
      expect((await store.deployments.get(onFly))?.status).toBe('running')
      expect(warnings).toContain('runtime not reconciled: it could not be listed')
    } finally {
      await platform.close()
      await store.close()
    }
  })
})

const backends = [
  { name: 'PGlite (one store shared)', postgres: false },
  ...(process.env.DATABASE_URL ? [{ name: 'PostgreSQL (a store each)', postgres: true }] : []),
]

describe.each(backends)('deploys in flight across replicas on $name', ({ postgres }) => {
  const probe = async () => ({ tools: ['echo'], serverName: 'fake' })
  const cleanup: Array<() => Promise<void>> = []
  afterEach(async () => {
    for (const done of cleanup.splice(0).reverse()) await done()
  })

  async function replicas() {
    const secretBox = new FernetSecretBox(Fernet.generateKey())
    const database = postgres ? await createTestDatabase() : undefined
    if (database) cleanup.push(() => database.drop())
    const open = async () => {
      const store = await createStore(
        database ? { url: database.url, secretBox } : { dataDir: 'memory://', secretBox },
      )
      cleanup.push(() => store.close())
      return store
    }
    const store = await open()
    const start = Date.UTC(2030, 0, 1)
    const make = async (instanceId: string) => {
      const clock = new FakeClock(start)
      const runtime = new ListedRuntime([])
      const platform = await createPlatform({
        store: database ? await open() : store,
        runtimes: [runtime],
        clock,
        probe,
        instanceId,
        deployLeaseMs: 30_000,
      })
      cleanup.push(() => platform.close())
      return { clock, runtime, platform }
    }
    return { store, start, make }
  }

  it("leaves another live replica's deploy alone, and takes it up once that replica's lease expires", async () => {
    const { store, start, make } = await replicas()
    const a = await make('ins_a')
    const b = await make('ins_b')
    const id = 'dep_inflight0000000000000'
    await insert(store, id, { owner: 'ins_a', until: new Date(start + 30_000) })
    await store.credentials.put(id, { MCP_BRIDGE_TOKEN: 'token' })

    expect((await b.platform.reconcile()).resumed).toEqual([])
    await b.platform.checkHealthOnce()
    expect(b.runtime.deployed).toEqual([])

    // Replica a went away without renewing: past its lease, b's next tick takes the deploy up.
    b.clock.advance(31_000)
    await b.platform.checkHealthOnce()
    const done = await b.platform.waitFor(id, ['running', 'failed'], { timeoutMs: 5_000 })
    expect(done.status).toBe('running')
    expect(b.runtime.deployed).toEqual([id])
    expect(a.runtime.deployed).toEqual([])
    expect((await store.deployments.get(id))?.deploy_owner).toBeNull()
  })

  it('resumes its own interrupted deploy at start-up without waiting for the lease', async () => {
    const { store, start, make } = await replicas()
    const id = 'dep_mine00000000000000000'
    // Leased by this instance in an earlier life, still "valid": it crashed mid-deploy.
    await insert(store, id, { owner: 'ins_a', until: new Date(start + 30_000) })
    await store.credentials.put(id, { MCP_BRIDGE_TOKEN: 'token' })
    const a = await make('ins_a')
    expect((await a.platform.reconcile()).resumed).toEqual([id])
    expect((await a.platform.waitFor(id, ['running', 'failed'], { timeoutMs: 5_000 })).status).toBe(
      'running',
    )
  })
})
