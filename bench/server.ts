/**
 * Server benchmarks (docs/server.md):
 *
 * 1. `GET /api/deployments/{id}` throughput (auth, rate limit, CORS, request log to /dev/null,
 *    zod validation, the platform's read) against a Hono hello-world served the same way in the
 *    same run. Target: at least 0.5× the hello-world rate. Measured with the platform's view
 *    cache (steady state: a client polling a deployment that does not change), and, for
 *    reference, with every read going to the store (`uncached`: the cost of the first read
 *    after a change).
 * 2. The health loop's time to probe 10,000 deployments: rows inserted into the store directly,
 *    their `/health` answered by fake bridges on loopback (one handler on 20 ports), then
 *    `platform.checkHealthOnce()` until every row was probed. Target: under 30 s.
 *
 *   node --import tsx bench/server.ts [seconds-per-round] [memory,pglite,postgres,uncached,health]
 *
 * The load generator runs in a worker thread (node:http, keep-alive) so it does not share the
 * server's event loop. Set DATABASE_URL to also run the health-loop bench on PostgreSQL (in a
 * throwaway database).
 */
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { serve } from '@hono/node-server'
import {
  createPlatform,
  createStore,
  Fernet,
  FernetSecretBox,
  type Platform,
  type SqlStore,
} from '@mcp-remote/core'
import { createTestDatabase } from '@mcp-remote/core/testing'
import { Hono } from 'hono'
import { pino } from 'pino'
import { ApiTokenVerifier, createApp, createLogger } from '../packages/server/src/index.js'
import { createNodeServer } from '../packages/server/src/serve/index.js'

/** One metric: what was measured, its value, and the target it must meet. */
export interface BenchRow {
  name: string
  value: number
  unit: string
  target: string
  pass: boolean
}

/** Options of {@link runServerBench}. */
export interface ServerBenchOptions {
  /** Seconds per throughput round (default 5); two rounds per target, alternating. */
  seconds?: number
  /** Concurrent keep-alive connections (default 16). */
  connections?: number
  /** Deployments for the health-loop bench (default 10 000). */
  deployments?: number
  /** Which parts to run (default all): `memory`, `pglite`, `postgres`, `uncached`, `health`. */
  parts?: ReadonlyArray<'pglite' | 'postgres' | 'memory' | 'uncached' | 'health'>
}

const LOAD_SCRIPT = `
const http = require('node:http')
const { url, headers, connections, ms } = JSON.parse(process.argv[1])
const agent = new http.Agent({ keepAlive: true, maxSockets: connections })
const target = new URL(url)
let done = 0, failed = 0
const end = Date.now() + ms
function one() {
  return new Promise((resolve) => {
    const req = http.request({ host: target.hostname, port: target.port, path: target.pathname, agent, headers }, (res) => {
      res.resume()
      res.on('end', () => { if (res.statusCode === 200) done++; else failed++; resolve() })
    })
    req.on('error', () => { failed++; resolve() })
    req.end()
  })
}
async function loop() { while (Date.now() < end) await one() }
Promise.all(Array.from({ length: connections }, loop)).then(() => {
  agent.destroy()
  process.stdout.write(JSON.stringify({ done, failed }))
})
`

/** What one load run measured. */
interface LoadResult {
  rps: number
  failed: number
  /** CPU time this (server) process spent per request, µs: robust to other load on the box. */
  cpuUsPerRequest: number
}

/**
 * Drives `url` with `connections` keep-alive connections for `ms` from a separate process, so
 * the load generator never shares this process' CPU accounting or event loop.
 */
function load(url: string, headers: Record<string, string>, connections: number, ms: number) {
  return new Promise<LoadResult>((resolve, reject) => {
    const cpu = process.cpuUsage()
    const child = spawn(
      process.execPath,
      ['-e', LOAD_SCRIPT, JSON.stringify({ url, headers, connections, ms })],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    )
    let out = ''
    child.stdout.on('data', (chunk) => {
      out += chunk
    })
    child.once('error', reject)
    child.once('exit', () => {
      const used = process.cpuUsage(cpu)
      const { done, failed } = JSON.parse(out) as { done: number; failed: number }
      resolve({
        rps: done / (ms / 1000),
        failed,
        cpuUsPerRequest: (used.user + used.system) / Math.max(1, done),
      })
    })
  })
}

/** Serves `fetch` the way `startServer` does (its Node listener, loopback, a free port). */
function listenLikeProduction(fetch: (req: Request) => Response | Promise<Response>) {
  const server = createNodeServer(fetch, {
    hostname: '127.0.0.1',
    logger: pino({ level: 'silent' }),
  })
  return new Promise<{ url: string; close: () => Promise<void> }>((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () => new Promise((done) => server.close(() => done())),
      })
    })
  })
}

/** Serves `fetch` with `@hono/node-server` as it comes: how the hello-world peer runs. */
function listen(fetch: (req: Request) => Response | Promise<Response>) {
  return new Promise<{ url: string; close: () => Promise<void> }>((resolve) => {
    const server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
      resolve({
        url: `http://127.0.0.1:${info.port}`,
        close: () => new Promise((done) => server.close(() => done())),
      })
    })
  })
}

async function seedOneDeployment(platform: Platform): Promise<string> {
  const id = `dep_bench${randomBytes(4).toString('hex')}`
  const config = {
    package_name: '@modelcontextprotocol/server-everything',
    version: null,
    display_name: 'Everything',
    env_vars: [{ name: 'API_KEY', description: '', required: true, secret: true, default: null }],
    run_command: 'npx -y @modelcontextprotocol/server-everything',
    args: [],
    runtime_kind: 'node' as const,
    transport: 'stdio' as const,
    notes: '',
  }
  const dep = await platform.store.deployments.insert({
    id,
    source: 'npm:@modelcontextprotocol/server-everything',
    package_name: config.package_name,
    display_name: config.display_name,
    runtime: 'local',
    status: 'running',
    config,
    cost_estimate: platform.estimateCost('local'),
  })
  await platform.store.deployments.update(id, dep.version, {
    endpoint_url: 'http://127.0.0.1:9',
    tools: ['echo', 'add'],
  })
  await platform.store.credentials.put(id, {
    API_KEY: 'bench-key',
    MCP_BRIDGE_TOKEN: randomBytes(32).toString('base64url'),
  })
  for (const [from, to, reason] of [
    [null, 'deploying', 'created'],
    ['deploying', 'deploying', 'starting runtime'],
    ['deploying', 'deploying', 'runtime started; probing MCP'],
    ['deploying', 'running', 'MCP probe passed'],
  ] as const) {
    await platform.store.events.append({
      deployment_id: id,
      from_status: from,
      to_status: to,
      reason,
      details: {},
    })
  }
  return id
}

/** A platform answering `get` from memory: isolates the server layer's own cost. */
async function memoryPlatform(): Promise<{
  platform: Platform
  id: string
  close(): Promise<void>
}> {
  const dir = await mkdtemp(join(tmpdir(), 'mcpr-bench-'))
  const real = await createPlatform({ dataDir: dir, runtimes: [] })
  const id = await seedOneDeployment(real)
  const view = await real.get(id)
  await real.close()
  await rm(dir, { recursive: true, force: true })
  const platform = { get: async () => view } as unknown as Platform
  return { platform, id, close: async () => {} }
}

async function storePlatform(postgres: boolean, cached = true) {
  const database = postgres ? await throwawayDatabase() : undefined
  const dir = await mkdtemp(join(tmpdir(), 'mcpr-bench-'))
  const secretBox = new FernetSecretBox(Fernet.generateKey())
  const store = await createStore(
    database ? { url: database.url, secretBox } : { dataDir: join(dir, 'pgdata'), secretBox },
  )
  // Without a change feed the platform cannot cache: every read goes to the store.
  const platform = await createPlatform({
    dataDir: dir,
    runtimes: [],
    store: cached ? store : { ...store, changes: undefined },
  })
  const id = await seedOneDeployment(platform)
  return {
    platform,
    id,
    async close() {
      await platform.close()
      await store.close()
      await database?.drop()
      await rm(dir, { recursive: true, force: true })
    },
  }
}

async function throughputBench(
  label: string,
  setup: () => Promise<{ platform: Platform; id: string; close(): Promise<void> }>,
  opts: Required<ServerBenchOptions>,
  target: boolean,
): Promise<BenchRow[]> {
  const { platform, id, close } = await setup()
  const token = 'mcpr_bench-token-0123456789abcdef'
  try {
    const api = createApp({
      platform,
      apiToken: ApiTokenVerifier.forToken(token),
      logger: createLogger({
        level: 'info',
        destination: pino.destination({ dest: '/dev/null', sync: false }),
      }),
      rateLimitPerMinute: 1_000_000_000,
    })
    const helloApp = new Hono().get('/hello', (c) => c.json({ hello: 'world' }))
    const apiServer = await listenLikeProduction(api.fetch)
    const helloServer = await listen(helloApp.fetch)
    const auth = { authorization: `Bearer ${token}` }
    const apiUrl = `${apiServer.url}/api/deployments/${id}`
    const check = await fetch(apiUrl, { headers: auth })
    if (check.status !== 200) throw new Error(`bench deployment answered ${check.status}`)
    const ms = opts.seconds * 1000
    // Warm both up, then alternate so background load hits both alike.
    await load(`${helloServer.url}/hello`, {}, opts.connections, 1000)
    await load(apiUrl, auth, opts.connections, 1000)
    const hello: LoadResult[] = []
    const apiRuns: LoadResult[] = []
    for (let round = 0; round < 2; round += 1) {
      hello.push(await load(`${helloServer.url}/hello`, {}, opts.connections, ms))
      apiRuns.push(await load(apiUrl, auth, opts.connections, ms))
    }
    await apiServer.close()
    await helloServer.close()
    const failures = [...hello, ...apiRuns].reduce((n, r) => n + r.failed, 0)
    const helloRps = Math.max(...hello.map((r) => r.rps))
    const apiRps = Math.max(...apiRuns.map((r) => r.rps))
    const helloCpu = Math.min(...hello.map((r) => r.cpuUsPerRequest))
    const apiCpu = Math.min(...apiRuns.map((r) => r.cpuUsPerRequest))
    const cpuRatio = helloCpu / apiCpu
    const round3 = (n: number) => Math.round(n * 1000) / 1000
    return [
      {
        name: `GET /api/deployments/{id}, ${label}`,
        value: Math.round(apiRps),
        unit: 'req/s',
        target: `hello ${Math.round(helloRps)}`,
        pass: failures === 0,
      },
      {
        name: `  throughput / hello-world, ${label}`,
        value: round3(apiRps / helloRps),
        unit: '×',
        target: target ? '>= 0.5' : 'reference',
        pass: !target || apiRps / helloRps >= 0.5,
      },
      {
        name: `  server CPU per request, ${label}`,
        value: Math.round(apiCpu),
        unit: 'µs',
        target: `hello ${Math.round(helloCpu)}`,
        pass: true,
      },
      {
        name: `  hello CPU / server CPU per request, ${label}`,
        value: round3(cpuRatio),
        unit: '×',
        target: 'reference',
        pass: true,
      },
    ]
  } finally {
    await close()
  }
}

/** Fake bridges: one handler answering `/health` on `ports` loopback ports, counting probes. */
async function fakeBridges(ports: number) {
  let probes = 0
  const servers: Server[] = []
  for (let i = 0; i < ports; i += 1) {
    const server = createServer((req, res) => {
      if (req.url === '/health') probes += 1
      res.writeHead(req.url === '/health' ? 200 : 404, { 'content-type': 'application/json' })
      res.end('{"status":"ok"}')
    })
    server.keepAliveTimeout = 60_000
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    servers.push(server)
  }
  return {
    urls: servers.map((s) => `http://127.0.0.1:${(s.address() as AddressInfo).port}`),
    probes: () => probes,
    close: () => Promise.all(servers.map((s) => new Promise((done) => s.close(done)))),
  }
}

function throwawayDatabase() {
  return createTestDatabase({ prefix: 'mcpr_bench' })
}

async function healthLoopBench(count: number, postgres: boolean): Promise<BenchRow[]> {
  const database = postgres ? await throwawayDatabase() : undefined
  if (postgres && !database) return []
  const dir = await mkdtemp(join(tmpdir(), 'mcpr-bench-'))
  const secretBox = new FernetSecretBox(Fernet.generateKey())
  const store: SqlStore = await createStore(
    database ? { url: database.url, secretBox } : { dataDir: join(dir, 'pgdata'), secretBox },
  )
  const bridges = await fakeBridges(20)
  const platform = await createPlatform({ store, runtimes: [], health: { intervalMs: 30_000 } })
  try {
    const config = {
      package_name: 'bench-server',
      version: null,
      display_name: 'Bench',
      env_vars: [],
      run_command: 'npx -y bench-server',
      args: [],
      runtime_kind: 'node' as const,
      transport: 'stdio' as const,
      notes: '',
    }
    for (let start = 0; start < count; start += 500) {
      const rows = Array.from({ length: Math.min(500, count - start) }, (_, i) => ({
        id: `dep_h${String(start + i).padStart(6, '0')}`,
        source: 'npm:bench-server',
        package_name: 'bench-server',
        display_name: 'Bench',
        runtime: 'local' as const,
        status: 'running' as const,
        config: JSON.stringify(config) as unknown as typeof config,
        endpoint_url: bridges.urls[(start + i) % bridges.urls.length]!,
        next_check_at: null,
        cost_estimate: null,
      }))
      await store.db.insertInto('deployments').values(rows).execute()
    }
    const started = performance.now()
    let probed = 0
    while (probed < count) {
      const n = await platform.checkHealthOnce()
      if (n === 0) break
      probed += n
    }
    const seconds = (performance.now() - started) / 1000
    const recorded = await store.db
      .selectFrom('deployments')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('last_health_at', 'is not', null)
      .executeTakeFirstOrThrow()
    const label = postgres ? 'PostgreSQL' : 'PGlite'
    return [
      {
        name: `health loop: probe ${count} deployments (${label})`,
        value: Math.round(seconds * 100) / 100,
        unit: 's',
        target: '< 30',
        pass: seconds < 30 && bridges.probes() >= count && Number(recorded.n) === count,
      },
      {
        name: `health loop: probes per second (${label})`,
        value: Math.round(count / seconds),
        unit: 'probes/s',
        target: `${bridges.probes()} probes, ${recorded.n} rows recorded`,
        pass: bridges.probes() >= count,
      },
    ]
  } finally {
    await platform.close()
    await store.close()
    await bridges.close()
    await database?.drop()
    await rm(dir, { recursive: true, force: true })
  }
}

/** Runs both server benchmarks and returns their rows. */
export async function runServerBench(options: ServerBenchOptions = {}): Promise<BenchRow[]> {
  const opts: Required<ServerBenchOptions> = {
    seconds: options.seconds ?? 5,
    connections: options.connections ?? 16,
    deployments: options.deployments ?? 10_000,
    parts: options.parts ?? ['memory', 'pglite', 'postgres', 'uncached', 'health'],
  }
  const run = (part: (typeof opts.parts)[number]) => opts.parts.includes(part)
  const postgres = Boolean(process.env.DATABASE_URL)
  const rows: BenchRow[] = []
  if (run('memory')) {
    rows.push(
      ...(await throughputBench('server layer, platform in memory', memoryPlatform, opts, true)),
    )
  }
  if (run('pglite')) {
    rows.push(...(await throughputBench('PGlite', () => storePlatform(false), opts, true)))
  }
  if (run('postgres') && postgres) {
    rows.push(...(await throughputBench('PostgreSQL', () => storePlatform(true), opts, true)))
  }
  if (run('uncached')) {
    const uncached = (pg: boolean) => () => storePlatform(pg, false)
    rows.push(...(await throughputBench('PGlite, uncached', uncached(false), opts, false)))
    if (postgres) {
      rows.push(...(await throughputBench('PostgreSQL, uncached', uncached(true), opts, false)))
    }
  }
  if (run('health')) {
    rows.push(...(await healthLoopBench(opts.deployments, false)))
    if (postgres) rows.push(...(await healthLoopBench(opts.deployments, true)))
  }
  return rows
}

/** The rows as a fixed-width table. */
export function formatServerBench(rows: BenchRow[]): string {
  const lines = [
    `${'metric'.padEnd(60)} ${'value'.padStart(10)} ${'unit'.padEnd(9)} ${'target'.padEnd(14)} pass`,
  ]
  for (const r of rows) {
    lines.push(
      `${r.name.padEnd(60)} ${String(r.value).padStart(10)} ${r.unit.padEnd(9)} ${r.target.padEnd(14)} ${r.pass ? 'yes' : 'NO'}`,
    )
  }
  return lines.join('\n')
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const seconds = Number(process.argv[2] ?? 5)
  const parts = process.argv[3]?.split(',') as ServerBenchOptions['parts']
  const rows = await runServerBench({ seconds, ...(parts ? { parts } : {}) })
  process.stdout.write(`${formatServerBench(rows)}\n`)
}
