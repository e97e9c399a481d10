import { randomUUID } from 'node:crypto'
import type { Clock } from '../../clock.js'
import { systemClock } from '../../clock.js'
import { DeploymentFailedError, McpRemoteError } from '../../errors/index.js'
import {
  backoffDelay,
  FlyApiError,
  FlyClient,
  type FlyLogger,
  type IpAssignment,
  isFlyNotFound,
  type Machine,
  type MachineConfig,
  normalizeMachineConfig,
  readFlyEnv,
  type Sleeper,
  sleeperOf,
  type TimeSource,
} from '../../fly/index.js'
import type { DeploySpec, Runtime, RuntimeRef, RuntimeStatus } from '../runtime.js'
import { appNameFor, FLY_APP_PREFIX } from './app-name.js'
import {
  buildMachineConfig,
  DEPLOYMENT_METADATA_KEY,
  PLATFORM_METADATA_KEY,
  withAutostart,
} from './machine-spec.js'
import { runtimeStateOf } from './runtime-state.js'

/** Options of {@link FlyRuntime}. */
export interface FlyRuntimeOptions {
  /** Fly API token (`FLY_API_TOKEN`). */
  token: string
  /** Organization slug apps are created in (`FLY_ORG`). */
  org: string
  /** The mcp-base image, e.g. `registry.fly.io/mcp-base:2026-11-25` (`FLY_IMAGE`). */
  image: string
  /** Machines API base URL (`FLY_API_HOSTNAME`, default `https://api.machines.dev`). */
  hostname?: string
  /** Region for new Machines (`FLY_REGION`); default: Fly chooses. */
  region?: string
  /** Time source; a `FakeClock` makes every wait virtual. */
  clock?: TimeSource
  /** Jitter source in [0, 1) (default `Math.random`). */
  random?: () => number
  /** How long a Machine may take to start and pass its `/health` check, ms (default 60 000). */
  startTimeoutMs?: number
  /** Total time per Fly call, retries included, ms (default 30 000). */
  callDeadlineMs?: number
  /** Tells this installation's Machines apart from others in the same organization. */
  platformTag?: string
  /** A ready client (tests); overrides token, hostname, clock and random for calls. */
  client?: FlyClient
  logger?: FlyLogger & { info?(fields: Record<string, unknown>, msg: string): void }
}

const ACTIVE = new Set(['created', 'starting', 'started', 'replacing'])
const GONE = new Set(['destroying', 'destroyed'])

/**
 * Runs each deployment on Fly Machines, one app per deployment (`{app}.fly.dev` is per app):
 * app → shared IPv4 + IPv6 → app secrets (credentials and `MCP_BRIDGE_TOKEN`, never
 * `config.env`) → one Machine tagged with the deployment id → `started` and `/health` passing
 * within 60 s. `deploy` is idempotent by deployment id: the app name is derived from it, and the
 * Machine is found by its metadata tag before one is created. `destroy` deletes the app.
 *
 * @example
 * ```ts
 * const fly = FlyRuntime.fromEnv(process.env)
 * if (fly) {
 *   const ref = await fly.deploy({ deploymentId: 'dep_1', argv: ['npx', '-y', 'pkg'], env, token })
 *   console.log(endpointsFor(ref.baseUrl, token))
 * }
 * ```
 */
export class FlyRuntime implements Runtime {
  readonly name = 'fly' as const
  readonly org: string
  readonly image: string
  readonly platformTag: string
  readonly #client: FlyClient
  readonly #clock: Clock
  readonly #sleeper: Sleeper
  readonly #random: () => number
  readonly #region: string | undefined
  readonly #startTimeoutMs: number
  readonly #logger: FlyRuntimeOptions['logger']

  constructor(options: FlyRuntimeOptions) {
    this.org = options.org
    this.image = options.image
    this.platformTag = options.platformTag ?? 'mcp-remote'
    this.#clock = options.clock ?? systemClock
    this.#sleeper = sleeperOf(options.clock)
    this.#random = options.random ?? Math.random
    this.#region = options.region
    this.#startTimeoutMs = options.startTimeoutMs ?? 60_000
    this.#logger = options.logger
    this.#client =
      options.client ??
      new FlyClient({
        token: options.token,
        ...(options.hostname ? { baseUrl: options.hostname } : {}),
        ...(options.clock ? { clock: options.clock } : {}),
        random: this.#random,
        deadlineMs: options.callDeadlineMs ?? 30_000,
        ...(options.logger ? { logger: options.logger } : {}),
      })
  }

  /**
   * The mcp-base image runs npm and PyPI packages (npx, uvx): it holds no local files for
   * `node <script>` and no `python` on PATH for `python -m`.
   */
  refusal(argv: readonly string[]): string | undefined {
    const launcher = argv[0]
    if (launcher === 'npx' || launcher === 'uvx') return undefined
    return `the fly runtime runs npx and uvx commands only (the mcp-base image has no local files and no python on PATH): publish the server to npm or PyPI, or deploy \`${launcher} …\` with the local runtime`
  }

  /**
   * A runtime from `FLY_API_TOKEN`, `FLY_ORG`, `FLY_IMAGE`, `FLY_API_HOSTNAME` and `FLY_REGION`;
   * undefined when the token or the organization is missing (Fly is not configured).
   * @throws {@link McpRemoteError} `invalid_request` when Fly is configured without `FLY_IMAGE`.
   */
  static fromEnv(
    env: Readonly<Record<string, string | undefined>>,
    extra: Partial<Omit<FlyRuntimeOptions, 'token' | 'org'>> = {},
  ): FlyRuntime | undefined {
    const fly = readFlyEnv(env)
    if (!fly) return undefined
    const image = env.FLY_IMAGE?.trim() || extra.image
    if (!image) {
      throw new McpRemoteError(
        'invalid_request',
        'FLY_IMAGE must name the mcp-base image pushed to registry.fly.io (see docs/fly.md)',
        { details: { variable: 'FLY_IMAGE' } },
      )
    }
    const region = env.FLY_REGION?.trim() || extra.region
    return new FlyRuntime({
      ...extra,
      token: fly.token,
      org: fly.org,
      image,
      hostname: fly.baseUrl,
      ...(region ? { region } : {}),
    })
  }

  /** The Fly app name of a deployment in this organization (see {@link appNameFor}). */
  appNameFor(deploymentId: string): string {
    return appNameFor(deploymentId, this.org)
  }

  /** The {@link RuntimeRef} of a deployment, before or after its Machine exists. */
  refFor(deploymentId: string, machineId?: string): RuntimeRef {
    const app = this.appNameFor(deploymentId)
    return {
      runtime: 'fly',
      deploymentId,
      baseUrl: `https://${app}.fly.dev`,
      details: { app, org: this.org, machine_id: machineId ?? null },
    }
  }

  async deploy(spec: DeploySpec, signal?: AbortSignal): Promise<RuntimeRef> {
    const app = this.appNameFor(spec.deploymentId)
    const log = { deploymentId: spec.deploymentId, app }
    let machine: Machine | undefined
    try {
      await this.#ensureApp(app, signal)
      await this.#ensureIps(app, signal)
      const secretsVersion = await this.#syncSecrets(
        app,
        { ...spec.env, MCP_BRIDGE_TOKEN: spec.token },
        signal,
      )
      const config = buildMachineConfig({
        app,
        image: this.image,
        deploymentId: spec.deploymentId,
        platformTag: this.platformTag,
        argv: spec.argv,
      })
      machine = await this.#ensureMachine(app, spec.deploymentId, config, secretsVersion, signal)
      this.#logger?.info?.({ ...log, machineId: machine.id }, 'fly machine launched')
      await this.#waitHealthy(app, machine, signal)
      this.#logger?.info?.({ ...log, machineId: machine.id }, 'fly machine started')
      return this.refFor(spec.deploymentId, machine.id)
    } catch (err) {
      // Leave the app for destroy; stop a Machine that did not come up so it costs nothing
      // (also when the caller gave up: its deadline passed, or the deployment is being deleted).
      if (machine) await this.#stopMachine(app, machine.id).catch(() => undefined)
      if (signal?.aborted && !(err instanceof McpRemoteError)) throw err
      throw toDeployFailure(err, app, machine?.id)
    }
  }

  async status(ref: RuntimeRef): Promise<RuntimeStatus> {
    const app = this.#appOf(ref)
    const machine = await this.#findMachine(app, ref)
    if (!machine) return { state: 'gone', detail: 'no machine' }
    return runtimeStateOf(machine)
  }

  /**
   * Stops the Machine and turns fly-proxy's autostart off, so requests to the app do not wake a
   * stopped deployment. Nothing to stop (no app, no Machine) is success.
   */
  async stop(ref: RuntimeRef): Promise<void> {
    const app = this.#appOf(ref)
    const machine = await this.#findMachine(app, ref)
    if (!machine || GONE.has(machine.state)) return
    await this.#stopMachine(app, machine.id)
  }

  /** Starts a stopped deployment's Machine with autostart back on; resolves once healthy. */
  async start(ref: RuntimeRef, signal?: AbortSignal): Promise<RuntimeRef> {
    const app = this.#appOf(ref)
    try {
      const machine = await this.#findMachine(app, ref)
      if (!machine || GONE.has(machine.state)) {
        throw new DeploymentFailedError('deployment_failed', 'the Fly machine is gone; redeploy', {
          details: { runtime: 'fly', app },
          retryAllowed: true,
        })
      }
      const config = withAutostart(machine.config ?? {}, true)
      const updated = await this.#client.updateMachine(
        app,
        machine.id,
        { config, ...(machine.version ? { current_version: machine.version } : {}) },
        { signal },
      )
      await this.#waitHealthy(app, updated, signal)
      return this.refFor(ref.deploymentId, machine.id)
    } catch (err) {
      throw toDeployFailure(err, app, undefined)
    }
  }

  /** Deletes the deployment's app with its Machines, IPs and secrets; an app already gone is success. */
  async destroy(ref: RuntimeRef): Promise<void> {
    const app = this.#appOf(ref)
    try {
      await this.#client.deleteApp(app)
      this.#logger?.info?.({ deploymentId: ref.deploymentId, app }, 'fly app deleted')
    } catch (err) {
      if (isFlyNotFound(err)) return
      throw err
    }
  }

  /**
   * Every app of this platform in the organization, for the reconciler: apps named
   * `mcpr-…` and their Machines tagged with this platform (organization-wide listing). An app
   * whose Machine does not exist yet has an empty `deploymentId` (its name cannot be reversed).
   */
  async list(): Promise<RuntimeRef[]> {
    const apps = (await this.#client.listApps(this.org)).filter((a) =>
      a.name.startsWith(FLY_APP_PREFIX),
    )
    const machines = await this.#client.listOrgMachines(this.org)
    const refs: RuntimeRef[] = []
    for (const app of apps) {
      const ours = machines.filter(
        (m) =>
          m.app_name === app.name &&
          m.config?.metadata?.[PLATFORM_METADATA_KEY] === this.platformTag &&
          !GONE.has(m.state ?? ''),
      )
      const foreign = machines.some(
        (m) =>
          m.app_name === app.name &&
          m.config?.metadata?.[PLATFORM_METADATA_KEY] !== undefined &&
          m.config?.metadata?.[PLATFORM_METADATA_KEY] !== this.platformTag,
      )
      if (foreign) continue
      const deploymentId = ours[0]?.config?.metadata?.[DEPLOYMENT_METADATA_KEY]
      const baseUrl = `https://${app.name}.fly.dev`
      refs.push({
        runtime: 'fly',
        deploymentId: deploymentId ?? '',
        baseUrl,
        details: { app: app.name, org: this.org, machine_id: ours[0]?.id ?? null },
      })
    }
    return refs
  }

  /** Nothing is held in this process. */
  async close(): Promise<void> {}

  #appOf(ref: RuntimeRef): string {
    const app = ref.details.app
    return typeof app === 'string' && app ? app : this.appNameFor(ref.deploymentId)
  }

  /** The ref's Machine, else the one tagged with its deployment id; undefined when none. */
  async #findMachine(app: string, ref: RuntimeRef): Promise<Machine | undefined> {
    const id = ref.details.machine_id
    try {
      if (typeof id === 'string' && id) {
        try {
          return await this.#client.getMachine(app, id)
        } catch (err) {
          if (!isFlyNotFound(err)) throw err
        }
      }
      if (!ref.deploymentId) return undefined
      const tagged = await this.#client.listMachines(app, {
        metadata: { [DEPLOYMENT_METADATA_KEY]: ref.deploymentId },
      })
      return tagged[0]
    } catch (err) {
      if (isFlyNotFound(err)) return undefined
      throw err
    }
  }

  /** Creates the app unless it exists; `name_taken` for an app of ours (an earlier try) is success. */
  async #ensureApp(app: string, signal?: AbortSignal): Promise<void> {
    if (await this.#ownApp(app, signal)) return
    try {
      await this.#client.createApp(
        { name: app, org_slug: this.org, idempotency_key: randomUUID() },
        { signal },
      )
    } catch (err) {
      if (!(err instanceof FlyApiError) || err.flyStatus !== 'name_taken') throw err
      if (await this.#ownApp(app, signal)) return
      throw new DeploymentFailedError(
        'deployment_failed',
        `Fly app name ${app} is taken by another organization`,
        { details: { runtime: 'fly', app, fly_status: 'name_taken' }, retryAllowed: false },
      )
    }
  }

  /** True when the app exists and belongs to our organization (`personal` is an alias Fly resolves). */
  async #ownApp(app: string, signal?: AbortSignal): Promise<boolean> {
    try {
      const found = await this.#client.getApp(app, { signal })
      const slug = found.organization?.slug
      return slug === this.org || (this.org === 'personal' && slug !== undefined)
    } catch (err) {
      if (isFlyNotFound(err)) return false
      throw err
    }
  }

  /** A shared IPv4 and a public IPv6, allocated only when missing. */
  async #ensureIps(app: string, signal?: AbortSignal): Promise<void> {
    await this.#converge('App_IPAssignments_create', signal, async () => {
      const ips = await this.#client.listIpAssignments(app, { signal })
      if (!ips.some(isSharedV4)) await this.#client.assignIp(app, { type: 'shared_v4' }, { signal })
      if (!ips.some(isPublicV6)) await this.#client.assignIp(app, { type: 'v6' }, { signal })
    })
  }

  /**
   * Sets the deployment's secrets in one call and deletes secrets it no longer has (so a removed
   * credential does not linger in the Machine's environment); returns the secrets version.
   */
  async #syncSecrets(
    app: string,
    values: Record<string, string>,
    signal?: AbortSignal,
  ): Promise<number> {
    let { version } = await this.#client.setSecrets(app, values, { signal })
    const stale = (await this.#client.listSecrets(app, { signal }))
      .map((s) => s.name)
      .filter((name) => !(name in values))
    for (const name of stale) {
      try {
        version = await this.#client.deleteSecret(app, name, { signal })
      } catch (err) {
        if (!isFlyNotFound(err)) throw err
      }
    }
    return version
  }

  /**
   * The deployment's one Machine with `config`: the tagged Machine updated, or a new one created
   * (a create whose answer is lost is found by its tag, never made twice). Extra tagged
   * Machines, which only a bug could make, are destroyed.
   */
  async #ensureMachine(
    app: string,
    deploymentId: string,
    config: MachineConfig,
    secretsVersion: number,
    signal?: AbortSignal,
  ): Promise<Machine> {
    const tag = { key: DEPLOYMENT_METADATA_KEY, value: deploymentId }
    const tagged = (
      await this.#client.listMachines(app, { metadata: { [tag.key]: tag.value }, signal })
    ).filter((m) => !GONE.has(m.state))
    const [existing, ...extra] = tagged
    for (const m of extra) await this.#client.deleteMachine(app, m.id, { force: true }, { signal })
    if (existing) {
      return this.#client.updateMachine(
        app,
        existing.id,
        {
          config,
          min_secrets_version: secretsVersion,
          ...(existing.version ? { current_version: existing.version } : {}),
        },
        { signal },
      )
    }
    return this.#converge('Machines_create', signal, () =>
      this.#client.createMachine(
        app,
        {
          config,
          min_secrets_version: secretsVersion,
          ...(this.#region ? { region: this.#region } : {}),
        },
        { dedupeBy: tag, signal },
      ),
    )
  }

  /**
   * Waits until the Machine is `started` and its checks pass, within the start timeout. A
   * Machine that fails, or does not get there in time, ends the deploy with a reason.
   */
  async #waitHealthy(app: string, machine: Machine, signal?: AbortSignal): Promise<void> {
    const deadline = this.#clock.now() + this.#startTimeoutMs
    let state = machine.state
    // Short waits, so a Machine that fails is noticed before the deadline.
    while (state !== 'started') {
      const left = deadline - this.#clock.now()
      if (left <= 0) throw this.#notStarted(app, machine.id, state)
      try {
        await this.#client.waitForState(app, machine.id, {
          state: 'started',
          timeoutMs: Math.min(left, 10_000),
          ...(machine.version ? { version: machine.version } : {}),
          signal,
        })
        state = 'started'
      } catch (err) {
        if (!(err instanceof FlyApiError) || err.status !== 408) throw err
        state = (await this.#client.getMachine(app, machine.id, { signal })).state
        if (state === 'failed' || GONE.has(state)) {
          throw new DeploymentFailedError(
            'deployment_failed',
            `the Fly machine ${state === 'failed' ? 'failed to start' : 'was destroyed'} (state ${state}); its logs are in \`fly logs -a ${app}\``,
            { details: { runtime: 'fly', app, machine_id: machine.id, state }, retryAllowed: true },
          )
        }
      }
    }
    for (;;) {
      const current = await this.#client.getMachine(app, machine.id, { signal })
      const checks = current.checks ?? []
      if (current.state === 'started' && checks.every((c) => c.status === 'passing')) return
      if (current.state === 'failed' || GONE.has(current.state)) {
        throw this.#notStarted(app, machine.id, current.state)
      }
      if (this.#clock.now() + 1_000 > deadline) {
        const failing = checks.find((c) => c.status !== 'passing')
        throw new DeploymentFailedError(
          'deployment_failed',
          `the bridge did not pass its /health check within ${Math.round(this.#startTimeoutMs / 1000)} s (${failing?.status ?? current.state})`,
          {
            details: {
              runtime: 'fly',
              app,
              machine_id: machine.id,
              state: current.state,
              check: failing?.status ?? null,
            },
            retryAllowed: true,
          },
        )
      }
      await this.#sleeper.sleep(1_000, signal)
    }
  }

  #notStarted(app: string, machineId: string, state: string): DeploymentFailedError {
    return new DeploymentFailedError(
      'deployment_failed',
      `the Fly machine did not start within ${Math.round(this.#startTimeoutMs / 1000)} s (state ${state})`,
      { details: { runtime: 'fly', app, machine_id: machineId, state }, retryAllowed: true },
    )
  }

  /** Stops a Machine and turns autostart off; waits until it is stopped. */
  async #stopMachine(app: string, machineId: string): Promise<void> {
    const machine = await this.#client.getMachine(app, machineId)
    if (GONE.has(machine.state)) return
    const config = normalizeMachineConfig(machine.config ?? {})
    if ((config.services ?? []).some((s) => s.autostart !== false)) {
      await this.#client.updateMachine(app, machineId, {
        config: withAutostart(config, false),
        skip_launch: true,
        ...(machine.version ? { current_version: machine.version } : {}),
      })
    }
    const now = await this.#client.getMachine(app, machineId)
    if (ACTIVE.has(now.state) || now.state === 'suspended') {
      await this.#client.stopMachine(app, machineId, { signal: 'SIGTERM', timeout: '10s' })
    }
    if (now.state !== 'stopped' && now.state !== 'failed') {
      await this.#client.waitForState(app, machineId, { state: 'stopped', timeoutMs: 30_000 })
    }
  }

  /**
   * Runs a step that is not safely repeatable by itself but converges when re-run from the
   * start (it re-reads what exists): retried with backoff on retryable Fly failures, at most
   * 4 times.
   */
  async #converge<T>(
    operation: string,
    signal: AbortSignal | undefined,
    step: () => Promise<T>,
  ): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await step()
      } catch (err) {
        if (!(err instanceof FlyApiError) || !err.retryable || attempt >= 3) throw err
        const delay = err.retryAfterMs ?? backoffDelay(attempt, this.#random, { baseMs: 500 })
        this.#logger?.warn?.(
          { operation, attempt: attempt + 1, delayMs: delay },
          'fly step retrying',
        )
        await this.#sleeper.sleep(delay, signal)
      }
    }
  }
}

function isSharedV4(ip: IpAssignment): boolean {
  return ip.shared === true && typeof ip.ip === 'string' && !ip.ip.includes(':')
}

function isPublicV6(ip: IpAssignment): boolean {
  return (
    ip.shared !== true &&
    !ip.egress &&
    !ip.network &&
    typeof ip.ip === 'string' &&
    ip.ip.includes(':')
  )
}

/** Any failure of a deploy step as a {@link DeploymentFailedError} with a safe reason. */
function toDeployFailure(err: unknown, app: string, machineId: string | undefined): McpRemoteError {
  if (err instanceof DeploymentFailedError) return err
  if (err instanceof FlyApiError) {
    return new DeploymentFailedError('deployment_failed', err.message, {
      details: {
        runtime: 'fly',
        app,
        machine_id: machineId ?? null,
        operation: err.operation,
        status: err.status ?? null,
        fly_status: err.flyStatus ?? null,
        fly_request_id: err.requestId ?? null,
      },
      retryAllowed: err.retryable,
      cause: err,
    })
  }
  if (err instanceof McpRemoteError) return err
  return new DeploymentFailedError('deployment_failed', 'the Fly deploy failed unexpectedly', {
    details: { runtime: 'fly', app },
    retryAllowed: true,
    cause: err,
  })
}
