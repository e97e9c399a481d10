import { join, resolve } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { createAnalyzer } from '../analysis/create-analyzer.js'
import { systemClock } from '../clock.js'
import { configArgv, validateCredentials, validateDeploymentConfig } from '../config/index.js'
import type { CostEstimate } from '../cost/cost-estimate.js'
import { estimateCost } from '../cost/index.js'
import { Deployer, TOKEN_CREDENTIAL } from '../deployments/deployer.js'
import { HealthMonitor, probeHealth, resolveHealthOptions } from '../deployments/health-monitor.js'
import { reconcile } from '../deployments/reconciler.js'
import {
  CostNotConfirmedError,
  IdempotencyKeyReusedError,
  McpRemoteError,
  NotFoundError,
  ValidationError,
} from '../errors/index.js'
import { FernetSecretBox, loadOrCreateMasterKey } from '../fernet/index.js'
import type { SecretBox } from '../fernet/secret-box.js'
import { FlyRuntime } from '../runtime/fly/index.js'
import { LocalRuntime } from '../runtime/local/index.js'
import type { Runtime, RuntimeName } from '../runtime/runtime.js'
import { createStore, newId } from '../store/index.js'
import type { AnalysisRecord, Deployment } from '../store/records.js'
import { analyzeWithCache } from './analyze-with-cache.js'
import { freezeView, toDeploymentView } from './deployment-view.js'
import { checkIdempotencyKey, isUniqueViolation, requestFingerprint } from './idempotency.js'
import { loadOrCreateInstanceId } from './instance-id.js'
import type {
  DeployInput,
  DeploymentView,
  Platform,
  PlatformLogger,
  PlatformOptions,
} from './platform.js'
import { ViewCache } from './view-cache.js'

const silentLogger: PlatformLogger = { info() {}, warn() {}, error() {} }

/** The default data directory of embedded mode. */
export const DEFAULT_DATA_DIR = './.mcp-remote'

async function resolveSecretBox(
  opts: PlatformOptions,
  dataDir: string,
  logger: PlatformLogger,
): Promise<SecretBox> {
  if (opts.secretBox) return opts.secretBox
  if (opts.masterKey && opts.masterKey.length > 0) return new FernetSecretBox(opts.masterKey)
  const key = await loadOrCreateMasterKey(dataDir)
  if (key.generated) {
    logger.warn(
      { path: key.path },
      'generated a master encryption key (0600); back it up or set MASTER_ENCRYPTION_KEY',
    )
  }
  return new FernetSecretBox(key.keys)
}

/**
 * Creates the platform: store, secret box, runtimes, deployer, health loop and reconciler,
 * with embedded defaults (PGlite in `./.mcp-remote`, a generated master key, LocalRuntime).
 *
 * @example
 * ```ts
 * const platform = await createPlatform({ dataDir: './.mcp-remote' })
 * const dep = await platform.deploy({ config, credentials: { API_KEY: '…' } })
 * const running = await platform.waitFor(dep.id, ['running', 'failed'])
 * console.log(running.endpoints?.streamable_http)
 * await platform.close()
 * ```
 */
export async function createPlatform(options: PlatformOptions = {}): Promise<Platform> {
  const dataDir = resolve(options.dataDir ?? DEFAULT_DATA_DIR)
  const logger = options.logger ?? silentLogger
  const clock = options.clock ?? systemClock
  const secretBox = await resolveSecretBox(options, dataDir, logger)
  const store =
    options.store ??
    (await createStore(
      options.databaseUrl
        ? { url: options.databaseUrl, secretBox }
        : { dataDir: join(dataDir, 'pgdata'), secretBox },
    ))
  const env = options.env ?? process.env
  const fly = options.runtimes ? undefined : FlyRuntime.fromEnv(env, options.fly)
  const runtimeList = options.runtimes ?? [
    ...(fly ? [fly] : []),
    new LocalRuntime({ stateDir: join(dataDir, 'local-runtime') }),
  ]
  const analyzer =
    options.analyzer ??
    createAnalyzer({
      ...(env.GITHUB_TOKEN ? { githubToken: env.GITHUB_TOKEN } : {}),
      ...(env.ANTHROPIC_API_KEY ? { anthropicApiKey: env.ANTHROPIC_API_KEY } : {}),
      ...(env.ANTHROPIC_MODEL ? { model: env.ANTHROPIC_MODEL } : {}),
      ...(env.GITHUB_API_URL ? { githubApiUrl: env.GITHUB_API_URL } : {}),
      ...(env.NPM_REGISTRY_URL ? { npmRegistryUrl: env.NPM_REGISTRY_URL } : {}),
      allowLocal: options.allowLocalSources ?? true,
    })
  const runtimes = new Map<RuntimeName, Runtime>(runtimeList.map((r) => [r.name, r]))
  const defaultRuntime = options.defaultRuntime ?? runtimeList[0]?.name ?? 'local'
  const health = resolveHealthOptions(options.health)
  const deployer = new Deployer({
    store,
    runtimes,
    clock,
    logger,
    startTimeoutMs: options.startTimeoutMs ?? 60_000,
    healthIntervalMs: health.intervalMs,
    instanceId: options.instanceId ?? (await loadOrCreateInstanceId(dataDir)),
    deployLeaseMs: options.deployLeaseMs ?? 30_000,
    ...(options.probe ? { probe: options.probe } : {}),
  })
  const monitor = new HealthMonitor(store, deployer, clock, logger, health)
  let closed = false

  // A deployment's credentials are written once, at create: its bridge token and variable
  // names never change, so each is read (and the token decrypted) once per process.
  const secrets = new Map<string, { token: string | undefined; names: string[] }>()
  async function secretsOf(id: string): Promise<{ token: string | undefined; names: string[] }> {
    let entry = secrets.get(id)
    if (!entry) {
      const { [TOKEN_CREDENTIAL]: token, ...rest } = await store.credentials.open(id)
      entry = { token, names: Object.keys(rest).sort() }
      if (token !== undefined) secrets.set(id, entry)
    }
    return entry
  }

  async function view(dep: Deployment, withEvents: number): Promise<DeploymentView> {
    const { token, names } = await secretsOf(dep.id)
    const events = withEvents > 0 ? await store.events.list(dep.id, { limit: withEvents }) : []
    return toDeploymentView(dep, token, names, events)
  }

  // `get` is what clients poll (the extension every 2 s): views are served from memory until
  // the store's change feed says the deployment changed, here or in another replica.
  const views = store.changes ? new ViewCache<DeploymentView>(store.changes) : undefined

  async function load(id: string): Promise<Deployment> {
    const dep = await store.deployments.get(id)
    if (!dep) throw new NotFoundError('deployment', id)
    return dep
  }

  function cost(runtime: RuntimeName): CostEstimate {
    return estimateCost(runtime === 'fly' ? { runtime: 'fly' } : { runtime: 'local' })
  }

  const platform: Platform = {
    store,
    runtimes,
    defaultRuntime,

    async deploy(input: DeployInput) {
      const config = validateDeploymentConfig(input.config)
      const env = validateCredentials(config, input.credentials ?? {})
      const runtime = input.runtime ?? defaultRuntime
      if (!runtimes.has(runtime)) {
        throw new McpRemoteError('invalid_request', `runtime ${runtime} is not configured`, {
          details: { runtime, available: [...runtimes.keys()] },
        })
      }
      const refusal = runtimes.get(runtime)?.refusal?.(configArgv(config))
      if (refusal !== undefined) {
        throw new ValidationError(`runtime ${runtime} cannot run this command`, [
          { path: 'config.run_command', message: refusal },
        ])
      }
      const estimate = cost(runtime)
      if (estimate.monthly_usd > 0 && input.confirmCost !== true) {
        throw new CostNotConfirmedError({ ...estimate })
      }
      const source = input.source ?? `npm:${config.package_name}`
      const idempotency =
        input.idempotencyKey === undefined
          ? undefined
          : {
              key: checkIdempotencyKey(input.idempotencyKey),
              fingerprint: requestFingerprint({ config, runtime, source, names: Object.keys(env) }),
            }
      /** The deployment an earlier request with this key created, if it was this request. */
      const earlier = async () => {
        if (!idempotency) return undefined
        const dep = await store.deployments.findByIdempotencyKey(idempotency.key)
        if (!dep) return undefined
        if (dep.request_fingerprint !== idempotency.fingerprint) {
          throw new IdempotencyKeyReusedError(dep.id)
        }
        return view(dep, 20)
      }
      const replay = await earlier()
      if (replay) return replay
      try {
        const dep = await deployer.create({
          id: newId('dep'),
          source,
          runtime,
          config,
          env,
          cost: estimate,
          ...(idempotency ? { idempotency } : {}),
        })
        return view(dep, 20)
      } catch (err) {
        // The same key twice at once: the other request's row won the unique index.
        const raced = isUniqueViolation(err) ? await earlier() : undefined
        if (raced) return raced
        throw err
      }
    },

    async get(id) {
      const cached = views?.get(id)
      if (cached) return cached
      const fill = views?.begin(id)
      try {
        // Row and events at once (two connections on PostgreSQL); a missing row throws.
        const [dep, events] = await Promise.all([load(id), store.events.list(id, { limit: 50 })])
        const { token, names } = await secretsOf(id)
        const fresh = freezeView(toDeploymentView(dep, token, names, events))
        if (fill) views?.fill(fill, fresh)
        return fresh
      } catch (err) {
        if (fill) views?.abandon(fill)
        throw err
      }
    },

    async list(opts) {
      const rows = await store.deployments.list(opts)
      return Promise.all(rows.map((dep) => view(dep, 0)))
    },

    async events(id, opts) {
      await load(id)
      return store.events.list(id, opts)
    },

    async stop(id) {
      return view(await deployer.stop(id), 20)
    },

    async restart(id) {
      return view(await deployer.restart(id), 20)
    },

    async delete(id) {
      await deployer.delete(id)
      secrets.delete(id)
    },

    async waitFor(id, statuses, opts = {}) {
      const deadline = Date.now() + (opts.timeoutMs ?? 120_000)
      for (;;) {
        const dep = await load(id)
        if (statuses.includes(dep.status)) return view(dep, 50)
        if (Date.now() > deadline) {
          throw new McpRemoteError('deployment_failed', `deployment ${id} is still ${dep.status}`, {
            details: { id, status: dep.status, waited_for: statuses },
            retryAllowed: true,
          })
        }
        await sleep(100)
      }
    },

    estimateCost(runtime) {
      return cost(runtime ?? defaultRuntime)
    },

    async analyze(source, opts = {}) {
      return analyzeWithCache(store, analyzer, source, { ...opts, clock })
    },

    async getAnalysis(id): Promise<AnalysisRecord> {
      const record = await store.analyses.get(id)
      if (!record) throw new NotFoundError('analysis', id)
      return record
    },

    async probeHealth(id) {
      const dep = await load(id)
      if (dep.status === 'running' || dep.status === 'unhealthy') {
        const healthy = dep.endpoint_url
          ? await probeHealth(dep.endpoint_url, health.timeoutMs)
          : false
        await deployer.recordHealth(dep, healthy, health.strikes)
      }
      return view(await load(id), 20)
    },

    reconcile() {
      return reconcile(store, runtimes, deployer, logger)
    },

    checkHealthOnce() {
      return monitor.tick()
    },

    startHealthLoop() {
      if (!closed) monitor.start()
    },

    stopHealthLoop() {
      void monitor.stop()
    },

    rotateKeys() {
      return store.credentials.rotateAll()
    },

    async close() {
      if (closed) return
      closed = true
      views?.close()
      await monitor.stop()
      await deployer.abortAll()
      await Promise.all([...runtimes.values()].map((r) => r.close()))
      if (!options.store) await store.close()
    },
  }
  return platform
}
