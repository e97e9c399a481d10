/**
 * Runs the official MCP conformance suite's server scenarios twice: (a) against the conformance
 * fixture served directly over Streamable HTTP, (b) through the bridge wrapping the same fixture
 * over stdio. Every scenario that passes directly must pass through the bridge.
 *
 * Standalone: `node --import tsx test/conformance-run.ts` (or `test/conformance.sh`) prints the
 * table. The suite needs Node >= 22, fetched by npx (`-p node@22`), and is cached in ~/.npm.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { startBridge } from '../src/bridge.js'
import { BRIDGE_ROOT } from './helpers.js'

/** The suite version this repository is checked against. */
export const CONFORMANCE_VERSION = '0.1.16'

const NPX_ARGS = [
  '-y',
  '-p',
  'node@22',
  '-p',
  `@modelcontextprotocol/conformance@${CONFORMANCE_VERSION}`,
]
const FIXTURE = 'test/fixtures/conformance-server.mjs'
const TOKEN = 'conformance-token-7c1d'

/** Check counts of one scenario. */
export interface ScenarioResult {
  scenario: string
  passed: number
  failed: number
  warnings: number
}

/** Both runs side by side, and the scenarios that passed directly but not through the bridge. */
export interface ConformanceReport {
  direct: ScenarioResult[]
  bridge: ScenarioResult[]
  regressions: string[]
}

function run(
  command: string,
  args: string[],
  cwd: string,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const proc = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    proc.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8')
    })
    proc.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8')
    })
    proc.on('error', (error) => resolve({ code: null, output: String(error) }))
    proc.on('exit', (code) => resolve({ code, output }))
  })
}

/**
 * Fetches (or finds in the npx cache) Node 22 and the suite. Returns why not when it can't,
 * e.g. without registry access.
 */
export async function fetchConformance(): Promise<{ ok: true } | { ok: false; reason: string }> {
  const result = await run('npx', [...NPX_ARGS, 'conformance', '--version'], tmpdir())
  if (result.code === 0) return { ok: true }
  const last = result.output.trim().split('\n').slice(-3).join(' | ')
  return { ok: false, reason: `npx could not fetch node@22 and the suite: ${last}` }
}

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

async function startDirect(port: number): Promise<ChildProcess> {
  const proc = spawn(process.execPath, [FIXTURE, 'http', String(port)], {
    cwd: BRIDGE_ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  await new Promise<void>((resolve, reject) => {
    proc.stderr?.on('data', (chunk: Buffer) => {
      if (chunk.toString('utf8').includes('listening')) resolve()
    })
    proc.once('exit', () => reject(new Error('the direct conformance fixture exited')))
  })
  return proc
}

async function runSuite(url: string, outDir: string): Promise<ScenarioResult[]> {
  await run(
    'npx',
    [...NPX_ARGS, 'conformance', 'server', '--url', url, '--suite', 'all', '-o', outDir],
    outDir,
  )
  const results: ScenarioResult[] = []
  for (const entry of await readdir(outDir)) {
    const match = /^server-(.+)-\d{4}-\d\d-\d\dT[\d-]+Z$/.exec(entry)
    if (!match?.[1]) continue
    const checks = JSON.parse(await readFile(join(outDir, entry, 'checks.json'), 'utf8')) as Array<{
      status: string
    }>
    results.push({
      scenario: match[1],
      passed: checks.filter((c) => c.status === 'SUCCESS').length,
      failed: checks.filter((c) => c.status === 'FAILURE').length,
      warnings: checks.filter((c) => c.status === 'WARNING').length,
    })
  }
  return results.sort((a, b) => a.scenario.localeCompare(b.scenario))
}

/**
 * Scenarios that pass directly (no failure) but fail or gain warnings through the bridge.
 * Fewer SUCCESS checks alone is no regression: a check the suite reports as INFO instead (the
 * bridge answering a request with one JSON body where the fixture streams) passes either way.
 */
export function regressions(direct: ScenarioResult[], bridge: ScenarioResult[]): string[] {
  const out: string[] = []
  for (const d of direct) {
    if (d.failed > 0) continue
    const b = bridge.find((r) => r.scenario === d.scenario)
    if (b === undefined || b.failed > 0 || b.warnings > d.warnings) out.push(d.scenario)
  }
  return out
}

/** Runs both suites; see the module comment. */
export async function runConformance(): Promise<ConformanceReport> {
  const work = await mkdtemp(join(tmpdir(), 'bridge-conformance-'))
  const port = await freePort()
  const direct = await startDirect(port)
  const bridge = await startBridge({
    command: ['node', FIXTURE, 'stdio'],
    port: 0,
    token: TOKEN,
    cwd: BRIDGE_ROOT,
    logSink: () => {},
  })
  try {
    if (!(await bridge.whenReady(30_000))) throw new Error('the bridged fixture never became ready')
    const [directResults, bridgeResults] = [
      await runSuite(`http://127.0.0.1:${port}/mcp`, await mkdtemp(join(work, 'direct-'))),
      await runSuite(`${bridge.url}/t/${TOKEN}/mcp`, await mkdtemp(join(work, 'bridge-'))),
    ]
    return {
      direct: directResults,
      bridge: bridgeResults,
      regressions: regressions(directResults, bridgeResults),
    }
  } finally {
    direct.kill()
    await bridge.close()
    await rm(work, { recursive: true, force: true })
  }
}

/** The report as a fixed-width table. */
export function formatReport(report: ConformanceReport): string {
  const cell = (r: ScenarioResult | undefined) =>
    r ? `${r.passed} ok ${r.failed} fail ${r.warnings} warn` : 'missing'
  const lines = [`${'scenario'.padEnd(32)} ${'direct'.padEnd(22)} bridge`]
  for (const d of report.direct) {
    const b = report.bridge.find((r) => r.scenario === d.scenario)
    lines.push(`${d.scenario.padEnd(32)} ${cell(d).padEnd(22)} ${cell(b)}`)
  }
  const total = (rs: ScenarioResult[]) => rs.reduce((n, r) => n + r.passed, 0)
  const clean = (rs: ScenarioResult[]) => rs.filter((r) => r.failed === 0).length
  lines.push(
    `scenarios without failure: direct ${clean(report.direct)}/${report.direct.length}, ` +
      `bridge ${clean(report.bridge)}/${report.bridge.length}; ` +
      `checks passed: direct ${total(report.direct)}, bridge ${total(report.bridge)}`,
  )
  lines.push(
    report.regressions.length === 0
      ? 'every scenario passing directly passes through the bridge'
      : `regressions through the bridge: ${report.regressions.join(', ')}`,
  )
  return lines.join('\n')
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const fetched = await fetchConformance()
  if (!fetched.ok) {
    process.stderr.write(`${fetched.reason}\n`)
    process.exit(2)
  }
  const report = await runConformance()
  process.stdout.write(`${formatReport(report)}\n`)
  process.exit(report.regressions.length === 0 ? 0 : 1)
}
