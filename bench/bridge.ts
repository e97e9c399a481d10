/**
 * Latency and memory of the bridge against its peers: 1,000 sequential `echo` calls to
 * server-everything through each path, with the SDK 1.x client on every path.
 *
 *   node --import tsx bench/bridge.ts [calls]
 *
 * Paths: direct stdio (the floor), our bridge over SSE and Streamable HTTP, mcp-proxy (both
 * transports from one process) and supergateway (one process per transport). Calls are made in
 * interleaved rounds so that load from other processes on the machine spreads over all paths.
 * RSS is the proxy process's own (`VmRSS` in /proc/<pid>/status), never its child's; CPU is the
 * proxy process's user + system time during its path's calls. An "HTTP floor" row (a server
 * answering at once, no child) shows what HTTP and the client cost before any proxy work.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { createServer } from 'node:net'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js'
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js'
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(import.meta.url)
const EVERYTHING = require.resolve('@modelcontextprotocol/server-everything/dist/index.js')
const BRIDGE_CLI = join(ROOT, 'mcp-base/dist/cli.js')
const MCP_PROXY = require.resolve('mcp-proxy/dist/bin/mcp-proxy.mjs')
const SUPERGATEWAY = join(dirname(require.resolve('supergateway/package.json')), 'dist/index.js')
const TOKEN = 'bench-token-4b1f9e2a'

/** One measured path. */
export interface BridgeBenchRow {
  path: string
  calls: number
  p50Ms: number
  p99Ms: number
  /** p50 minus the direct-stdio p50. */
  addedP50Ms: number
  /** p99 minus the direct-stdio p99. */
  addedP99Ms: number
  /** Resident memory of the proxy process after the run (MB); undefined for direct stdio. */
  rssMb: number | undefined
  /** CPU time the proxy process spent per call (µs), from /proc; undefined for direct stdio. */
  proxyCpuUsPerCall: number | undefined
}

/** Options of {@link runBridgeBench}. */
export interface BridgeBenchOptions {
  /** Calls per path. Default 1000. */
  calls?: number
  /** Unmeasured calls per path first. Default 100. */
  warmup?: number
  /** Calls per path per interleaved round. Default 50. */
  roundSize?: number
}

interface Path {
  name: string
  client: Client
  pid: number | undefined
  samples: number[]
  cpuMs: number
}

/**
 * The least an HTTP path can cost: a server that answers every MCP request itself at once, with
 * no child behind it (initialize, notifications, `tools/call` echo), one JSON body per answer.
 */
const HTTP_FLOOR_SERVER = `
const { createServer } = require('node:http')
const server = createServer({ noDelay: true }, (req, res) => {
  if (req.method !== 'POST') return res.writeHead(405).end()
  const chunks = []
  req.on('data', (c) => chunks.push(c))
  req.on('end', () => {
    const m = JSON.parse(Buffer.concat(chunks).toString('utf8'))
    if (m.id === undefined) return res.writeHead(202).end()
    const result = m.method === 'initialize'
      ? { protocolVersion: m.params.protocolVersion, capabilities: { tools: {} }, serverInfo: { name: 'floor', version: '1' } }
      : { content: [{ type: 'text', text: 'Echo: ' + m.params.arguments.message }] }
    const body = JSON.stringify({ jsonrpc: '2.0', id: m.id, result })
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'mcp-session-id': 'floor' })
    res.end(body)
  })
})
server.listen(Number(process.argv[1]), '127.0.0.1')
`

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

async function waitHttp(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) })
      await res.body?.cancel()
      if (res.status < 500) return
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not come up`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

function startProcess(args: string[], env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'ignore'],
  })
}

/** User + system CPU time of a process so far, in ms (clock ticks of 10 ms). */
function cpuMs(pid: number | undefined): number {
  if (pid === undefined) return 0
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
    return (Number(fields[11]) + Number(fields[12])) * 10
  } catch {
    return 0
  }
}

function rssMb(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1]
    return kb === undefined ? undefined : Number(kb) / 1024
  } catch {
    return undefined
  }
}

async function connect(name: string, transport: Transport, pid: number | undefined): Promise<Path> {
  const client = new Client({ name: 'bench', version: '1.0.0' })
  await client.connect(transport)
  return { name, client, pid, samples: [], cpuMs: 0 }
}

function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[index] ?? Number.NaN
}

async function echo(client: Client): Promise<void> {
  const result = await client.callTool({ name: 'echo', arguments: { message: 'ping' } })
  if ((result.content as Array<{ text?: string }>)[0]?.text !== 'Echo: ping') {
    throw new Error('unexpected echo result')
  }
}

/**
 * Runs the benchmark and returns one row per path (direct stdio first). Builds the bridge if
 * `mcp-base/dist/cli.js` is missing. Leaves no process behind.
 */
export async function runBridgeBench(options: BridgeBenchOptions = {}): Promise<BridgeBenchRow[]> {
  const calls = options.calls ?? 1000
  const warmup = options.warmup ?? 100
  const roundSize = options.roundSize ?? 50
  if (!existsSync(BRIDGE_CLI)) {
    spawnSync('npm', ['run', 'build', '--workspace', '@mcp-remote/bridge'], {
      cwd: ROOT,
      stdio: 'inherit',
    })
  }
  const procs: ChildProcess[] = []
  const paths: Path[] = []
  try {
    const child = ['node', EVERYTHING, 'stdio']
    paths.push(
      await connect(
        'direct stdio (floor)',
        new StdioClientTransport({
          command: process.execPath,
          args: [EVERYTHING, 'stdio'],
          stderr: 'ignore',
        }),
        undefined,
      ),
    )

    const floorPort = await freePort()
    const floorServer = spawn(process.execPath, ['-e', HTTP_FLOOR_SERVER, String(floorPort)], {
      stdio: 'ignore',
    })
    procs.push(floorServer)
    await waitHttp(`http://127.0.0.1:${floorPort}/`)
    paths.push(
      await connect(
        'HTTP floor (no child, no work)',
        new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${floorPort}/mcp`)),
        floorServer.pid,
      ),
    )

    const bridgePort = await freePort()
    const bridge = startProcess(
      [BRIDGE_CLI, '--port', String(bridgePort), '--allow-any-command', '--', ...child],
      { MCP_BRIDGE_TOKEN: TOKEN, MCP_BRIDGE_LOG_LEVEL: 'warn' },
    )
    procs.push(bridge)
    const bridgeBase = `http://127.0.0.1:${bridgePort}`
    await waitHttp(`${bridgeBase}/health`)
    for (let i = 0; i < 300 && (await fetch(`${bridgeBase}/health`)).status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 100))
    }
    paths.push(
      await connect(
        'mcp-remote-bridge SSE',
        new SSEClientTransport(new URL(`${bridgeBase}/t/${TOKEN}/sse`)),
        bridge.pid,
      ),
      await connect(
        'mcp-remote-bridge Streamable HTTP',
        new StreamableHTTPClientTransport(new URL(`${bridgeBase}/t/${TOKEN}/mcp`)),
        bridge.pid,
      ),
    )

    const proxyPort = await freePort()
    const proxy = startProcess([
      MCP_PROXY,
      '--port',
      String(proxyPort),
      '--host',
      '127.0.0.1',
      '--',
      ...child,
    ])
    procs.push(proxy)
    await waitHttp(`http://127.0.0.1:${proxyPort}/ping`)
    paths.push(
      await connect(
        'mcp-proxy SSE',
        new SSEClientTransport(new URL(`http://127.0.0.1:${proxyPort}/sse`)),
        proxy.pid,
      ),
      await connect(
        'mcp-proxy Streamable HTTP',
        new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${proxyPort}/mcp`)),
        proxy.pid,
      ),
    )

    const gatewaySsePort = await freePort()
    const gatewaySse = startProcess([
      SUPERGATEWAY,
      '--stdio',
      `${process.execPath} ${EVERYTHING} stdio`,
      '--port',
      String(gatewaySsePort),
      '--logLevel',
      'none',
      '--healthEndpoint',
      '/healthz',
    ])
    procs.push(gatewaySse)
    await waitHttp(`http://127.0.0.1:${gatewaySsePort}/healthz`)
    paths.push(
      await connect(
        'supergateway SSE',
        new SSEClientTransport(new URL(`http://127.0.0.1:${gatewaySsePort}/sse`)),
        gatewaySse.pid,
      ),
    )

    const gatewayHttpPort = await freePort()
    const gatewayHttp = startProcess([
      SUPERGATEWAY,
      '--stdio',
      `${process.execPath} ${EVERYTHING} stdio`,
      '--outputTransport',
      'streamableHttp',
      '--stateful',
      '--port',
      String(gatewayHttpPort),
      '--logLevel',
      'none',
      '--healthEndpoint',
      '/healthz',
    ])
    procs.push(gatewayHttp)
    await waitHttp(`http://127.0.0.1:${gatewayHttpPort}/healthz`)
    paths.push(
      await connect(
        'supergateway Streamable HTTP',
        new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${gatewayHttpPort}/mcp`)),
        gatewayHttp.pid,
      ),
    )

    for (const path of paths) for (let i = 0; i < warmup; i++) await echo(path.client)
    for (let done = 0; done < calls; done += roundSize) {
      const n = Math.min(roundSize, calls - done)
      for (const path of paths) {
        const cpuBefore = cpuMs(path.pid)
        for (let i = 0; i < n; i++) {
          const start = performance.now()
          await echo(path.client)
          path.samples.push(performance.now() - start)
        }
        path.cpuMs += cpuMs(path.pid) - cpuBefore
      }
    }

    const floor = paths[0] as Path
    const floorSorted = [...floor.samples].sort((a, b) => a - b)
    const floorP50 = percentile(floorSorted, 50)
    const floorP99 = percentile(floorSorted, 99)
    return paths.map((path) => {
      const sorted = [...path.samples].sort((a, b) => a - b)
      const p50 = percentile(sorted, 50)
      const p99 = percentile(sorted, 99)
      return {
        path: path.name,
        calls: path.samples.length,
        p50Ms: p50,
        p99Ms: p99,
        addedP50Ms: p50 - floorP50,
        addedP99Ms: p99 - floorP99,
        rssMb: rssMb(path.pid),
        proxyCpuUsPerCall:
          path.pid === undefined ? undefined : (path.cpuMs * 1000) / path.samples.length,
      }
    })
  } finally {
    await Promise.all(paths.map((p) => p.client.close().catch(() => {})))
    for (const proc of procs) proc.kill('SIGTERM')
    await Promise.all(
      procs.map(
        (proc) =>
          new Promise<void>((resolve) => {
            if (proc.exitCode !== null || proc.signalCode !== null) resolve()
            else proc.once('exit', () => resolve())
          }),
      ),
    )
  }
}

/** The rows as a fixed-width table. */
export function formatBridgeBench(rows: BridgeBenchRow[]): string {
  const ms = (v: number) => v.toFixed(3).padStart(8)
  const lines = [
    `${'path'.padEnd(34)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'+p50'.padStart(8)} ${'+p99'.padStart(8)} ${'RSS MB'.padStart(7)} ${'CPU us/call'.padStart(11)}`,
  ]
  for (const row of rows) {
    const rss = row.rssMb === undefined ? '-' : row.rssMb.toFixed(1)
    const cpu = row.proxyCpuUsPerCall === undefined ? '-' : row.proxyCpuUsPerCall.toFixed(0)
    lines.push(
      `${row.path.padEnd(34)} ${ms(row.p50Ms)} ${ms(row.p99Ms)} ${ms(row.addedP50Ms)} ${ms(row.addedP99Ms)} ${rss.padStart(7)} ${cpu.padStart(11)}`,
    )
  }
  return lines.join('\n')
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // The SDK clients leak abort listeners over many calls; the warnings would bury the table.
  process.removeAllListeners('warning')
  const calls = Number(process.argv[2] ?? 1000)
  const rows = await runBridgeBench({ calls })
  process.stdout.write(`${formatBridgeBench(rows)}\n`)
}
