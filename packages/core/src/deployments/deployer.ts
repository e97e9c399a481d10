import { randomBytes } from 'node:crypto'
import type { Clock } from '../clock.js'
import { configArgv, type DeploymentConfig } from '../config/index.js'
import type { CostEstimate } from '../cost/cost-estimate.js'
import { withDeadline } from '../deadline.js'
import {
  ConcurrentUpdateError,
  InvalidTransitionError,
  McpRemoteError,
  NotFoundError,
} from '../errors/index.js'
import type { PlatformLogger } from '../platform/platform.js'
import type { Runtime, RuntimeName, RuntimeRef } from '../runtime/runtime.js'
import type { Deployment, DeploymentPatch } from '../store/records.js'
import type { Store } from '../store/store.js'
import { failureReason } from './failure-reason.js'
import { type ProbeResult, probeMcp } from './mcp-probe.js'
import type { DeploymentStatus } from './status.js'
import { type DeploymentEvent, transition } from './transition.js'

/** The credential row that holds a deployment's bridge token (a reserved name). */
export const TOKEN_CREDENTIAL = 'MCP_BRIDGE_TOKEN'

/** A fresh 256-bit bridge token, base64url. */
export function newBridgeToken(): string {
  return randomBytes(32).toString('base64url')
}

/** What the deployer needs; all of it is injected. */
export interface DeployerDeps {
  store: Store
  runtimes: ReadonlyMap<RuntimeName, Runtime>
  clock: Clock
  logger: PlatformLogger
  /** Deadline for runtime start plus probe, ms. */
  startTimeoutMs: number
  /** Health interval, to schedule the first check after `running`. */
  healthIntervalMs: number
  /**
   * This platform instance's id: the owner of the deploy leases it takes. Stable across
   * restarts of the same instance (so it resumes its own interrupted deploys at once), distinct
   * between replicas.
   */
  instanceId: string
  /** How long a deploy lease holds without renewal, ms (renewed every third of it). */
  deployLeaseMs: number
  probe?: (baseUrl: string, token: string, opts: { signal: AbortSignal }) => Promise<ProbeResult>
}

/** What a new deployment needs once validated. */
export interface NewDeploymentInput {
  id: string
  source: string
  runtime: RuntimeName
  config: DeploymentConfig
  env: Record<string, string>
  cost: CostEstimate | null
  /** The client's idempotency key and the request's fingerprint (see `NewDeployment`). */
  idempotency?: { key: string; fingerprint: string }
}

/**
 * Drives deployments through DESIGN.md §3: create, deploy in the background, stop, restart,
 * delete. Every status change goes through {@link transition}, is written with the row's
 * `version` and appends a `deployment_events` row; steps are recorded before and after they run.
 */
export class Deployer {
  private readonly inflight = new Map<
    string,
    { controller: AbortController; done: Promise<void> }
  >()
  private readonly probe: NonNullable<DeployerDeps['probe']>

  constructor(private readonly deps: DeployerDeps) {
    this.probe = deps.probe ?? probeMcp
  }

  private runtime(name: RuntimeName): Runtime {
    const runtime = this.deps.runtimes.get(name)
    if (!runtime) {
      throw new McpRemoteError('invalid_request', `runtime ${name} is not configured`, {
        details: { runtime: name, available: [...this.deps.runtimes.keys()] },
      })
    }
    return runtime
  }

  private now(): Date {
    return new Date(this.deps.clock.now())
  }

  /** A deploy lease for this instance, from now. */
  private lease(): { owner: string; until: Date } {
    return {
      owner: this.deps.instanceId,
      until: new Date(this.deps.clock.now() + this.deps.deployLeaseMs),
    }
  }

  private async load(id: string): Promise<Deployment> {
    const dep = await this.deps.store.deployments.get(id)
    if (!dep) throw new NotFoundError('deployment', id)
    return dep
  }

  /** Appends an event without a status change. */
  private async note(dep: Deployment, reason: string, details: Record<string, unknown> = {}) {
    await this.deps.store.events.append({
      deployment_id: dep.id,
      from_status: dep.status,
      to_status: dep.status,
      reason,
      details,
      at: this.now(),
    })
  }

  /** Moves `dep` on `event`, writing `patch` with its version and appending an event. */
  async move(
    dep: Deployment,
    event: DeploymentEvent,
    reason: string,
    patch: DeploymentPatch = {},
    details: Record<string, unknown> = {},
  ): Promise<Deployment> {
    const next = transition(dep.status, event)
    if (!next.ok) throw new InvalidTransitionError(dep.status, event)
    const updated = await this.deps.store.deployments.update(dep.id, dep.version, {
      ...patch,
      status: next.to,
    })
    await this.deps.store.events.append({
      deployment_id: dep.id,
      from_status: dep.status,
      to_status: next.to,
      reason,
      details,
      at: this.now(),
    })
    this.deps.logger.info({ deploymentId: dep.id, from: dep.status, to: next.to }, reason)
    return updated
  }

  /** Inserts a validated deployment in `deploying`, seals its credentials and starts deploying. */
  async create(input: NewDeploymentInput): Promise<Deployment> {
    this.runtime(input.runtime)
    const dep = await this.deps.store.deployments.insert({
      id: input.id,
      source: input.source,
      package_name: input.config.package_name,
      display_name: input.config.display_name,
      runtime: input.runtime,
      status: 'deploying',
      config: input.config,
      cost_estimate: input.cost,
      deploy_lease: this.lease(),
      ...(input.idempotency ? { idempotency: input.idempotency } : {}),
    })
    await this.deps.store.credentials.put(dep.id, {
      ...input.env,
      [TOKEN_CREDENTIAL]: newBridgeToken(),
    })
    await this.deps.store.events.append({
      deployment_id: dep.id,
      from_status: null,
      to_status: 'deploying',
      reason: 'created',
      details: { runtime: input.runtime, credentials: Object.keys(input.env).sort() },
      at: this.now(),
    })
    this.launch(dep.id)
    return dep
  }

  /** Runs the deploy of `id` in the background (at most one per deployment). */
  launch(id: string): void {
    if (this.inflight.has(id)) return
    const controller = new AbortController()
    const done = this.run(id, controller.signal)
      .catch((err) => {
        this.deps.logger.error(
          { deploymentId: id, err: failureReason(err).reason },
          'deploy crashed',
        )
      })
      .finally(() => this.inflight.delete(id))
    this.inflight.set(id, { controller, done })
  }

  /**
   * Deploys `id` while holding its deploy lease: no other replica deploys it meanwhile, and if
   * this one stalls past the lease, whoever takes it up wins (this run then stops quietly).
   */
  private async run(id: string, signal: AbortSignal): Promise<void> {
    const store = this.deps.store.deployments
    if (!(await store.leaseDeploy(id, this.lease(), this.now()))) return
    const lost = new AbortController()
    const renew = setInterval(() => {
      store.leaseDeploy(id, this.lease(), this.now()).then(
        (held) => {
          if (!held) lost.abort()
        },
        () => {}, // the database is unreachable: keep working; the lease may still hold
      )
    }, this.deps.deployLeaseMs / 3)
    renew.unref()
    try {
      await this.deployLeased(id, AbortSignal.any([signal, lost.signal]))
    } finally {
      clearInterval(renew)
      await store.releaseDeploy(id, this.deps.instanceId).catch(() => {})
    }
  }

  private async deployLeased(id: string, signal: AbortSignal): Promise<void> {
    let dep = await this.deps.store.deployments.get(id)
    if (dep?.status !== 'deploying') return
    const runtime = this.runtime(dep.runtime)
    const { [TOKEN_CREDENTIAL]: token, ...env } = await this.deps.store.credentials.open(id)
    if (!token) throw new McpRemoteError('internal_error', 'deployment has no bridge token')
    const start = withDeadline(this.deps.startTimeoutMs, signal)
    const deadline = start.signal
    let ref: RuntimeRef | null = dep.runtime_ref
    try {
      if (ref) {
        // A restart, or a resume after a crash: end what runs before starting afresh.
        await this.note(dep, 'stopping previous instance')
        await runtime.stop(ref)
      }
      await this.note(dep, 'starting runtime', { runtime: runtime.name })
      ref = await runtime.deploy(
        { deploymentId: id, argv: configArgv(dep.config), env, token },
        deadline,
      )
      dep = await this.deps.store.deployments.update(id, dep.version, {
        runtime_ref: ref,
        endpoint_url: ref.baseUrl,
      })
      await this.note(dep, 'runtime started; probing MCP', { base_url: ref.baseUrl })
      const probe = await this.probe(ref.baseUrl, token, { signal: deadline })
      const next = new Date(this.deps.clock.now() + this.deps.healthIntervalMs)
      await this.move(
        dep,
        'started',
        'MCP probe passed',
        {
          tools: probe.tools,
          status_reason: null,
          retry_allowed: false,
          health_failures: 0,
          last_health_at: this.now(),
          next_check_at: next,
        },
        { tool_count: probe.tools.length, server_name: probe.serverName ?? null },
      )
    } catch (err) {
      // Deleted meanwhile (delete() cleans up), or the lease went to another replica.
      if (signal.aborted) return
      const timedOut = start.expired
      const { reason, retryAllowed } = timedOut
        ? {
            reason: `did not start within ${Math.round(this.deps.startTimeoutMs / 1000)} s`,
            retryAllowed: true,
          }
        : failureReason(err)
      const current = await this.deps.store.deployments.get(id)
      // Deleted by another replica while this one deployed: what this run started is an orphan.
      if (ref) await (current ? runtime.stop(ref) : runtime.destroy(ref)).catch(() => {})
      if (current?.status !== 'deploying') return
      if (current.deploy_owner !== null && current.deploy_owner !== this.deps.instanceId) return
      await this.move(current, 'start_failed', reason, {
        status_reason: reason,
        retry_allowed: retryAllowed,
      })
    } finally {
      start.clear()
    }
  }

  /** Stops a `running` or `unhealthy` deployment. */
  async stop(id: string): Promise<Deployment> {
    const dep = await this.load(id)
    if (!transition(dep.status, 'stop').ok) throw new InvalidTransitionError(dep.status, 'stop')
    await this.note(dep, 'stopping')
    if (dep.runtime_ref) await this.runtime(dep.runtime).stop(dep.runtime_ref)
    return this.move(await this.load(id), 'stop', 'stopped by request', {
      status_reason: null,
      health_failures: 0,
    })
  }

  /** Moves a deployment back to `deploying` and redeploys it in the background. */
  async restart(id: string): Promise<Deployment> {
    const dep = await this.load(id)
    const lease = this.lease()
    const moved = await this.move(dep, 'restart', 'restart requested', {
      status_reason: null,
      retry_allowed: false,
      health_failures: 0,
      deploy_owner: lease.owner,
      deploy_lease_until: lease.until,
    })
    this.launch(id)
    return moved
  }

  /** Resumes a deployment found in `deploying` (after a crash): deploy is idempotent. */
  resume(id: string): void {
    this.launch(id)
  }

  /**
   * Takes up deploys nobody is working on (no lease, or an expired one: the replica deploying
   * them died) and resumes them here. With `includeOwn` (at start-up), also those this
   * instance leased in an earlier life. Returns the ids taken up.
   */
  async resumeStale(opts: { includeOwn?: boolean; limit?: number } = {}): Promise<string[]> {
    const claimed = await this.deps.store.deployments.claimStaleDeploys(
      this.lease(),
      this.now(),
      opts.limit ?? 1_000,
      { includeOwn: opts.includeOwn ?? false },
    )
    const ids: string[] = []
    for (const dep of claimed) {
      if (this.inflight.has(dep.id)) continue
      if (!this.deps.runtimes.has(dep.runtime)) {
        // Not deployable here: leave it to a replica that offers its runtime.
        await this.deps.store.deployments.releaseDeploy(dep.id, this.deps.instanceId)
        continue
      }
      this.launch(dep.id)
      ids.push(dep.id)
    }
    return ids
  }

  /** Destroys runtime resources, then the row; credentials and events cascade. */
  async delete(id: string): Promise<void> {
    const running = this.inflight.get(id)
    if (running) {
      running.controller.abort()
      await running.done
    }
    const dep = await this.load(id)
    await this.note(dep, 'deleting')
    const ref: RuntimeRef = dep.runtime_ref ?? {
      runtime: dep.runtime,
      deploymentId: id,
      baseUrl: '',
      details: {},
    }
    await this.runtime(dep.runtime).destroy(ref)
    await this.deps.store.deployments.delete(id)
    this.deps.logger.info({ deploymentId: id }, 'deployment deleted')
  }

  /** Records a health outcome; moves `running`⇄`unhealthy` per the strike rule. */
  async recordHealth(dep: Deployment, healthy: boolean, strikes: number): Promise<void> {
    try {
      if (healthy) {
        const patch = { health_failures: 0, last_health_at: this.now() }
        if (dep.status === 'unhealthy')
          await this.move(dep, 'health_back', 'health probe passed', patch)
        else await this.deps.store.deployments.update(dep.id, dep.version, patch)
        return
      }
      const failures = dep.health_failures + 1
      if (dep.status === 'running' && failures >= strikes) {
        await this.move(dep, 'health_lost', `${failures} health probes failed`, {
          health_failures: failures,
          status_reason: `${failures} consecutive health probes failed`,
        })
      } else {
        await this.deps.store.deployments.update(dep.id, dep.version, { health_failures: failures })
      }
    } catch (err) {
      // Someone else moved the row meanwhile (stop, delete, a restart): their word wins.
      if (err instanceof ConcurrentUpdateError || err instanceof NotFoundError) return
      if (err instanceof InvalidTransitionError) return
      throw err
    }
  }

  /** True when a deploy of `id` runs in this process. */
  isDeploying(id: string): boolean {
    return this.inflight.has(id)
  }

  /** Aborts nothing; waits for every background deploy to settle. */
  async idle(): Promise<void> {
    await Promise.all([...this.inflight.values()].map((i) => i.done))
  }

  /** Aborts every background deploy and waits for them. */
  async abortAll(): Promise<void> {
    for (const i of this.inflight.values()) i.controller.abort()
    await this.idle()
  }
}

export type { DeploymentStatus }
