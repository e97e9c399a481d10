import type { DeployInput, DeploymentView, Platform } from '@mcp-remote/core'
import {
  type AnalysisRecord,
  type CostEstimate,
  CostNotConfirmedError,
  type DeploymentStatus,
  endpointsFor,
  InvalidTransitionError,
  NotFoundError,
  type Runtime,
  type RuntimeName,
  type Store,
  validateCredentials,
  validateDeploymentConfig,
} from '@mcp-remote/core'

/** A cost table shaped like core's: local is free, Fly is not. */
export function fakeEstimate(runtime: RuntimeName): CostEstimate {
  const monthly = runtime === 'fly' ? 1.94 : 0
  return {
    runtime,
    currency: 'USD',
    monthly_usd: monthly,
    hourly_usd: monthly / 720,
    idle_monthly_usd: runtime === 'fly' ? 0.15 : 0,
    breakdown: [
      { item: runtime === 'fly' ? 'shared-cpu-1x 256 MB' : 'local process', monthly_usd: monthly },
    ],
    source: 'test price table',
    as_of: '2025-01-01',
  }
}

function fakeRuntime(name: RuntimeName): Runtime {
  return {
    name,
    deploy: async () => {
      throw new Error('not used')
    },
    status: async () => ({ state: 'running' }),
    stop: async () => {},
    start: async () => {
      throw new Error('not used')
    },
    destroy: async () => {},
    list: async () => [],
    close: async () => {},
  }
}

/**
 * An in-memory {@link Platform} with core's rules (validation, transitions, cost confirmation,
 * not-found) and no processes: deploys stay `deploying` until {@link FakePlatform.settle}.
 */
export class FakePlatform implements Platform {
  readonly runtimes: ReadonlyMap<RuntimeName, Runtime>
  readonly defaultRuntime: RuntimeName = 'local'
  readonly deployments = new Map<string, DeploymentView>()
  readonly analyses = new Map<string, AnalysisRecord>()
  readonly deployInputs: DeployInput[] = []
  storeUp = true
  #seq = 0
  #tick = Date.parse('2025-01-01T00:00:00Z')

  constructor(runtimeNames: RuntimeName[] = ['local']) {
    this.runtimes = new Map(runtimeNames.map((n) => [n, fakeRuntime(n)]))
  }

  readonly store = {
    dialect: 'pglite',
    ping: async () => {
      if (!this.storeUp) throw new Error('connection refused (postgres://user:secret@db)')
    },
  } as unknown as Store

  #now(): string {
    this.#tick += 1000
    return new Date(this.#tick).toISOString()
  }

  #view(id: string): DeploymentView {
    const view = this.deployments.get(id)
    if (!view) throw new NotFoundError('deployment', id)
    return view
  }

  #move(id: string, to: DeploymentStatus, reason: string): DeploymentView {
    const view = this.#view(id)
    const at = this.#now()
    const next: DeploymentView = {
      ...view,
      status: to,
      updated_at: at,
      events: [
        ...view.events,
        { at, from_status: view.status, to_status: to, reason, details: {} },
      ],
    }
    this.deployments.set(id, next)
    return next
  }

  async deploy(input: DeployInput): Promise<DeploymentView> {
    const config = validateDeploymentConfig(input.config)
    validateCredentials(config, input.credentials ?? {})
    const runtime = input.runtime ?? this.defaultRuntime
    const cost = fakeEstimate(runtime)
    if (!input.confirmCost && cost.monthly_usd > 0) throw new CostNotConfirmedError({ ...cost })
    this.deployInputs.push(input)
    this.#seq += 1
    const id = `dep_${String(this.#seq).padStart(4, '0')}`
    const at = this.#now()
    const view: DeploymentView = {
      id,
      source: input.source ?? `npm:${config.package_name}`,
      package_name: config.package_name,
      display_name: config.display_name,
      runtime,
      status: 'deploying',
      status_reason: null,
      retry_allowed: false,
      endpoints: null,
      tools: [],
      credential_names: Object.keys(input.credentials ?? {}),
      cost,
      health_failures: 0,
      last_health_at: null,
      created_at: at,
      updated_at: at,
      events: [{ at, from_status: null, to_status: 'deploying', reason: 'created', details: {} }],
    }
    this.deployments.set(id, view)
    return view
  }

  /** Finishes a deploy: `running` with endpoints and tools, or `failed`. */
  settle(id: string, to: 'running' | 'failed'): DeploymentView {
    const view = this.#move(id, to, to === 'running' ? 'probe passed' : 'start failed')
    const next: DeploymentView =
      to === 'running'
        ? {
            ...view,
            endpoints: endpointsFor('http://127.0.0.1:40000', `tok_${id}`),
            tools: ['echo'],
          }
        : { ...view, status_reason: 'start failed', retry_allowed: true }
    this.deployments.set(id, next)
    return next
  }

  async get(id: string) {
    return this.#view(id)
  }

  async list(opts: { limit?: number } = {}) {
    const all = [...this.deployments.values()].reverse()
    return opts.limit === undefined ? all : all.slice(0, opts.limit)
  }

  async events() {
    return []
  }

  async stop(id: string) {
    const { status } = this.#view(id)
    if (status !== 'running' && status !== 'unhealthy')
      throw new InvalidTransitionError(status, 'stop')
    return this.#move(id, 'stopped', 'stop requested')
  }

  async restart(id: string) {
    const { status } = this.#view(id)
    if (status === 'deploying') throw new InvalidTransitionError(status, 'restart')
    return this.#move(id, 'deploying', 'restart requested')
  }

  async delete(id: string) {
    this.#view(id)
    this.deployments.delete(id)
  }

  async waitFor(id: string) {
    return this.#view(id)
  }

  estimateCost(runtime: RuntimeName = this.defaultRuntime) {
    return fakeEstimate(runtime)
  }

  /** Adds a finished analysis. */
  addAnalysis(record: Partial<AnalysisRecord> & { id: string }): AnalysisRecord {
    const at = new Date(this.#tick)
    const full: AnalysisRecord = {
      source: 'npm:@modelcontextprotocol/server-everything',
      cache_key: 'k',
      status: 'complete',
      config: null,
      evidence: [],
      warnings: [],
      error: null,
      created_at: at,
      updated_at: at,
      ...record,
    }
    this.analyses.set(full.id, full)
    return full
  }

  readonly analyzeCalls: Array<{ source: string; refresh: boolean }> = []

  async analyze(source: string, opts: { refresh?: boolean } = {}) {
    this.analyzeCalls.push({ source, refresh: opts.refresh ?? false })
    const existing = [...this.analyses.values()].find((a) => a.source === source)
    if (existing) return existing
    return this.addAnalysis({
      id: `ana_${this.analyses.size + 1}`,
      source,
      config: null,
      status: 'failed',
    })
  }

  async getAnalysis(id: string) {
    const record = this.analyses.get(id)
    if (!record) throw new NotFoundError('analysis', id)
    return record
  }

  async probeHealth(id: string) {
    return this.#view(id)
  }

  async reconcile() {
    return { resumed: [], failed: [], restarted: [], orphansDestroyed: 0, unlistedRuntimes: [] }
  }

  async checkHealthOnce() {
    return 0
  }

  startHealthLoop() {}
  stopHealthLoop() {}

  async rotateKeys() {
    return 0
  }

  async close() {}
}
