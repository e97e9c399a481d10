import { type ChildProcess, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { closeSync, mkdirSync, openSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { DeploymentFailedError, McpRemoteError } from '../../errors/index.js'
import type { DeploySpec, Runtime, RuntimeRef, RuntimeStatus } from '../runtime.js'
import { freePort } from './free-port.js'
import { isAlive, isOurBridge } from './process-alive.js'
import { scanBridges } from './process-scan.js'
import { type ProcessRecord, ProcessStateDir } from './process-state.js'
import { waitHealthy } from './wait-healthy.js'

/** Options of {@link LocalRuntime}. */
export interface LocalRuntimeOptions {
  /** Where pid files and bridge logs go (0700). Default: a folder under the OS temp dir. */
  stateDir?: string
  /** The bridge's CLI script. Default: resolved from `@mcp-remote/bridge`. */
  bridgePath?: string
  /** Working directory of the servers; `npx` finds packages installed above it. Default: cwd. */
  cwd?: string
  /** How long a bridge may take to answer `/health`, ms (default 60 000). */
  startTimeoutMs?: number
  /** Time between SIGTERM and SIGKILL on stop, ms (default 5 000). */
  stopGraceMs?: number
  /** Variables of this process passed to servers besides credentials (default below). */
  passEnv?: readonly string[]
}

/** The variables a server process inherits from the platform: nothing user- or secret-bearing. */
export const DEFAULT_PASS_ENV = [
  'PATH',
  'HOME',
  'TMPDIR',
  'LANG',
  'npm_config_cache',
  'NPM_CONFIG_CACHE',
  'npm_config_registry',
  'NPM_CONFIG_REGISTRY',
  'npm_config_prefer_offline',
  'UV_CACHE_DIR',
] as const

function defaultBridgePath(): string {
  const require = createRequire(import.meta.url)
  return join(dirname(require.resolve('@mcp-remote/bridge/package.json')), 'dist', 'cli.js')
}

/** How many times a server may die before it ever initializes, before a deploy gives up. */
export const MAX_START_CRASHES = 3

/** A reason to stop waiting when the bridge's `/health` says its server keeps dying at start. */
function crashLooping(body: unknown): string | undefined {
  const b = body as { child?: unknown; restarts?: unknown } | undefined
  if (
    b?.child === 'restarting' &&
    typeof b.restarts === 'number' &&
    b.restarts >= MAX_START_CRASHES
  ) {
    return `the MCP server exited ${b.restarts} times while starting (its output is in the deployment's bridge log)`
  }
  return undefined
}

function refFor(deploymentId: string, pid: number, port: number): RuntimeRef {
  return {
    runtime: 'local',
    deploymentId,
    baseUrl: `http://127.0.0.1:${port}`,
    details: { pid, port },
  }
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal)
  } catch {
    try {
      process.kill(pid, signal)
    } catch {
      // already gone
    }
  }
}

/**
 * Runs each deployment's bridge as a child process on 127.0.0.1 and a free port (the embedded
 * default). The server's environment is its declared credentials plus {@link DEFAULT_PASS_ENV};
 * nothing else of the platform's. Pid files let a restarted platform find bridges that
 * survived a crash, so the reconciler can adopt or destroy them.
 *
 * @example
 * ```ts
 * const runtime = new LocalRuntime({ stateDir: './.mcp-remote/local' })
 * const ref = await runtime.deploy({ deploymentId: 'dep_1', argv, env: {}, token })
 * await runtime.destroy(ref)
 * ```
 */
export class LocalRuntime implements Runtime {
  readonly name = 'local' as const
  private readonly state: ProcessStateDir
  private readonly bridgePath: string
  private readonly children = new Map<string, ChildProcess>()
  private readonly specs = new Map<string, DeploySpec>()
  private readonly opts: Required<Omit<LocalRuntimeOptions, 'bridgePath' | 'stateDir'>>

  constructor(options: LocalRuntimeOptions = {}) {
    // Without a stateDir each instance gets its own folder: close() ends everything in it.
    const stateDir =
      options.stateDir ??
      join(tmpdir(), `mcp-remote-local-${process.pid}-${randomBytes(4).toString('hex')}`)
    this.state = new ProcessStateDir(resolve(stateDir))
    this.bridgePath = options.bridgePath ?? defaultBridgePath()
    this.opts = {
      cwd: options.cwd ?? process.cwd(),
      startTimeoutMs: options.startTimeoutMs ?? 60_000,
      stopGraceMs: options.stopGraceMs ?? 5_000,
      passEnv: options.passEnv ?? DEFAULT_PASS_ENV,
    }
  }

  /** Live bridges of this state dir: pid files, plus any a crash left without one. */
  private async liveRecords(): Promise<ProcessRecord[]> {
    const byPid = new Map<number, ProcessRecord>()
    for (const record of await this.state.readAll()) {
      if (isOurBridge(record.pid, record.port)) byPid.set(record.pid, record)
      else await this.state.remove(record.deploymentId)
    }
    for (const record of scanBridges(this.state.dir)) {
      if (!byPid.has(record.pid) && isAlive(record.pid)) byPid.set(record.pid, record)
    }
    return [...byPid.values()]
  }

  private async findLive(deploymentId: string): Promise<ProcessRecord[]> {
    return (await this.liveRecords()).filter((r) => r.deploymentId === deploymentId)
  }

  async deploy(spec: DeploySpec, signal?: AbortSignal): Promise<RuntimeRef> {
    this.specs.set(spec.deploymentId, spec)
    const [existing, ...extra] = await this.findLive(spec.deploymentId)
    // More than one bridge for a deployment can only be a crash's leftover: keep one.
    for (const record of extra) await this.terminate(spec.deploymentId, record.pid)
    if (existing) {
      await this.state.write(existing)
      return refFor(spec.deploymentId, existing.pid, existing.port)
    }
    let lastReason = 'bridge did not start'
    for (let attempt = 0; attempt < 3; attempt++) {
      if (signal?.aborted) break
      const port = await freePort()
      const child = this.spawnBridge(spec, port)
      const pid = child.pid
      if (pid === undefined) throw new DeploymentFailedError('deployment_failed', 'spawn failed')
      await this.state.write({ deploymentId: spec.deploymentId, pid, port, startedAt: Date.now() })
      let exited: string | undefined
      child.once('exit', (code, sig) => {
        exited = `bridge exited (${sig ?? `code ${code}`})`
      })
      const failure = await waitHealthy(`http://127.0.0.1:${port}/health`, {
        timeoutMs: this.opts.startTimeoutMs,
        gaveUp: () => exited,
        judge: crashLooping,
        ...(signal ? { signal } : {}),
      })
      if (failure === undefined) return refFor(spec.deploymentId, pid, port)
      lastReason = failure
      await this.terminate(spec.deploymentId, pid)
      // A quick exit may be a port race: try another port. A timeout will not get better.
      if (exited === undefined) break
    }
    throw new DeploymentFailedError('deployment_failed', `local bridge failed: ${lastReason}`, {
      details: { runtime: 'local', reason: lastReason },
      retryAllowed: true,
    })
  }

  private spawnBridge(spec: DeploySpec, port: number): ChildProcess {
    const env: Record<string, string> = {}
    for (const name of this.opts.passEnv) {
      const value = process.env[name]
      if (value !== undefined) env[name] = value
    }
    Object.assign(env, spec.env, { MCP_BRIDGE_TOKEN: spec.token })
    mkdirSync(this.state.dir, { recursive: true, mode: 0o700 })
    const logFd = openSync(join(this.state.dir, `${spec.deploymentId}.log`), 'a', 0o600)
    try {
      const child = spawn(
        process.execPath,
        [this.bridgePath, '--port', String(port), '--host', '127.0.0.1', '--', ...spec.argv],
        { env, cwd: this.opts.cwd, detached: true, stdio: ['ignore', logFd, logFd] },
      )
      child.unref()
      child.on('error', () => {})
      this.children.set(spec.deploymentId, child)
      child.once('exit', () => {
        if (this.children.get(spec.deploymentId) === child) this.children.delete(spec.deploymentId)
      })
      return child
    } finally {
      closeSync(logFd)
    }
  }

  /** SIGTERM to the bridge's process group, SIGKILL after the grace period. */
  private async terminate(deploymentId: string, pid: number): Promise<void> {
    killGroup(pid, 'SIGTERM')
    const deadline = Date.now() + this.opts.stopGraceMs
    while (isAlive(pid) && Date.now() < deadline) await sleep(25)
    if (isAlive(pid)) killGroup(pid, 'SIGKILL')
    while (isAlive(pid)) await sleep(10)
    // Give the group's stragglers (the server child) the same end.
    killGroup(pid, 'SIGKILL')
    this.children.delete(deploymentId)
    await this.state.remove(deploymentId)
  }

  async status(ref: RuntimeRef): Promise<RuntimeStatus> {
    const [record] = await this.findLive(ref.deploymentId)
    if (!record) return { state: 'gone' }
    return { state: 'running', detail: `pid ${record.pid}` }
  }

  async stop(ref: RuntimeRef): Promise<void> {
    for (const record of await this.findLive(ref.deploymentId)) {
      await this.terminate(ref.deploymentId, record.pid)
    }
    await this.state.remove(ref.deploymentId)
  }

  async start(ref: RuntimeRef, signal?: AbortSignal): Promise<RuntimeRef> {
    const spec = this.specs.get(ref.deploymentId)
    if (!spec) {
      throw new McpRemoteError('invalid_request', 'local deployments restart through deploy()', {
        details: { deploymentId: ref.deploymentId },
      })
    }
    return this.deploy(spec, signal)
  }

  async destroy(ref: RuntimeRef): Promise<void> {
    await this.stop(ref)
    this.specs.delete(ref.deploymentId)
  }

  /** One ref per deployment; a crash's duplicate bridges are ended here. */
  async list(): Promise<RuntimeRef[]> {
    const kept = new Map<string, ProcessRecord>()
    for (const record of await this.liveRecords()) {
      if (kept.has(record.deploymentId)) await this.terminate(record.deploymentId, record.pid)
      else kept.set(record.deploymentId, record)
    }
    for (const record of kept.values()) await this.state.write(record)
    return [...kept.values()].map((r) => refFor(r.deploymentId, r.pid, r.port))
  }

  /**
   * Ends every bridge of this state dir: those this instance started and those it adopted
   * from a crashed platform. Pid files go with them; a later platform redeploys what the
   * store says should run.
   */
  async close(): Promise<void> {
    const started = [...this.children.entries()].flatMap(([id, child]) =>
      child.pid ? [{ deploymentId: id, pid: child.pid }] : [],
    )
    const adopted = await this.liveRecords()
    const all = new Map([...started, ...adopted].map((r) => [r.pid, r.deploymentId]))
    await Promise.all([...all].map(([pid, id]) => this.terminate(id, pid)))
    this.specs.clear()
  }
}
