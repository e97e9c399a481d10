import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, type TestDatabase } from '../../test/helpers/databases.js'
import type { Clock } from '../clock.js'
import { FernetSecretBox } from '../fernet/index.js'
import type { PlatformLogger } from '../platform/platform.js'
import { createStore, newId, type SqlStore } from '../store/index.js'
import { Deployer } from './deployer.js'
import { HealthMonitor, resolveHealthOptions } from './health-monitor.js'

const silent: PlatformLogger = { info() {}, warn() {}, error() {} }
const KEY = 'cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4='
const INTERVAL = 30_000

/** A /health endpoint whose answer a test sets, counting the probes it receives. */
class FakeBridge {
  status = 200
  hits = 0
  private server: Server | undefined
  baseUrl = ''
  async start() {
    this.server = createServer((req, res) => {
      if (req.url === '/health') this.hits++
      res.writeHead(req.url === '/health' ? this.status : 404).end()
    })
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r))
    this.baseUrl = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`
  }
  async stop() {
    await new Promise((r) => this.server?.close(r))
  }
}

class ManualClock implements Clock {
  t = Date.parse('2026-11-25T12:00:00Z')
  now() {
    return this.t
  }
}

async function seedRunning(store: SqlStore, baseUrl: string, count: number): Promise<string[]> {
  const ids: string[] = []
  for (let i = 0; i < count; i++) {
    const id = newId('dep')
    const dep = await store.deployments.insert({
      id,
      source: 'npm:x',
      package_name: 'x',
      display_name: 'x',
      runtime: 'local',
      status: 'running',
      config: {
        package_name: 'x',
        version: null,
        display_name: 'x',
        env_vars: [],
        run_command: 'npx -y x',
        args: [],
        runtime_kind: 'node',
        transport: 'stdio',
        notes: '',
      },
      cost_estimate: null,
    })
    await store.deployments.update(id, dep.version, { endpoint_url: baseUrl })
    ids.push(id)
  }
  return ids
}

let replicas = 0

function monitorFor(store: SqlStore, clock: Clock, batchSize = 1_000) {
  replicas += 1
  const deployer = new Deployer({
    store,
    runtimes: new Map(),
    clock,
    logger: silent,
    startTimeoutMs: 1_000,
    healthIntervalMs: INTERVAL,
    instanceId: `ins_replica${replicas}`,
    deployLeaseMs: 30_000,
  })
  const options = resolveHealthOptions({ intervalMs: INTERVAL, timeoutMs: 2_000, batchSize })
  return new HealthMonitor(store, deployer, clock, silent, options)
}

describe('the health loop on PGlite', () => {
  const clock = new ManualClock()
  const bridge = new FakeBridge()
  let store: SqlStore
  let id: string

  beforeAll(async () => {
    await bridge.start()
    store = await createStore({ dataDir: 'memory://', secretBox: new FernetSecretBox(KEY) })
    ;[id] = (await seedRunning(store, bridge.baseUrl, 1)) as [string]
  })
  afterAll(async () => {
    await store.close()
    await bridge.stop()
  })

  it('probes a due deployment once per interval, not again before it is due', async () => {
    const monitor = monitorFor(store, clock)
    expect(await monitor.tick()).toBe(1)
    expect(await monitor.tick()).toBe(0)
    expect(bridge.hits).toBe(1)
    const dep = await store.deployments.get(id)
    expect(dep?.last_health_at?.getTime()).toBe(clock.t)
    const next = dep!.next_check_at!.getTime() - clock.t
    expect(next).toBeGreaterThanOrEqual(INTERVAL * 0.9)
    expect(next).toBeLessThanOrEqual(INTERVAL * 1.1)
  })

  it('marks a deployment unhealthy after three failed probes, and running after one success', async () => {
    const monitor = monitorFor(store, clock)
    bridge.status = 503
    for (let strike = 1; strike <= 3; strike++) {
      clock.t += INTERVAL * 1.2
      await monitor.tick()
      const dep = await store.deployments.get(id)
      expect(dep?.health_failures).toBe(strike)
      expect(dep?.status).toBe(strike < 3 ? 'running' : 'unhealthy')
    }
    bridge.status = 200
    clock.t += INTERVAL * 1.2
    await monitor.tick()
    const back = await store.deployments.get(id)
    expect(back?.status).toBe('running')
    expect(back?.health_failures).toBe(0)
    const moves = (await store.events.list(id)).map((e) => `${e.from_status}->${e.to_status}`)
    expect(moves).toEqual(['running->unhealthy', 'unhealthy->running'])
  })

  it('leaves stopped deployments alone', async () => {
    const dep = await store.deployments.get(id)
    await store.deployments.update(id, dep!.version, { status: 'stopped' })
    clock.t += INTERVAL * 2
    const before = bridge.hits
    expect(await monitorFor(store, clock).tick()).toBe(0)
    expect(bridge.hits).toBe(before)
  })
})

describe.skipIf(!process.env.DATABASE_URL)('two replicas on one PostgreSQL', () => {
  const clock = new ManualClock()
  const bridge = new FakeBridge()
  let database: TestDatabase
  let a: SqlStore
  let b: SqlStore
  let ids: string[]

  beforeAll(async () => {
    await bridge.start()
    database = (await createTestDatabase()) as TestDatabase
    a = await createStore({ url: database.url, secretBox: new FernetSecretBox(KEY) })
    b = await createStore({ url: database.url, secretBox: new FernetSecretBox(KEY) })
    ids = await seedRunning(a, bridge.baseUrl, 300)
  })
  afterAll(async () => {
    await a?.close()
    await b?.close()
    await database?.drop()
    await bridge.stop()
  })

  it('never probes a deployment twice in one interval', async () => {
    // Small batches make the two replicas interleave their claims.
    const [na, nb] = await Promise.all([
      monitorFor(a, clock, 25).tick(),
      monitorFor(b, clock, 25).tick(),
    ])
    expect(na).toBeGreaterThan(0)
    expect(nb).toBeGreaterThan(0)
    expect(na + nb).toBe(300)
    expect(bridge.hits).toBe(300)
    // 300 probes and 300 distinct rows checked: each row exactly once.
    const checked = await Promise.all(ids.map((id) => a.deployments.get(id)))
    expect(checked.every((d) => d?.last_health_at?.getTime() === clock.t)).toBe(true)
  })

  it("picks up a dead replica's share in the next interval", async () => {
    // Replica A is gone; B alone probes everything once it is due again.
    await a.close()
    clock.t += INTERVAL * 1.2
    bridge.hits = 0
    expect(await monitorFor(b, clock).tick()).toBe(300)
    expect(bridge.hits).toBe(300)
  })
})
