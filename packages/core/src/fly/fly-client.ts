import { FlyApiError } from './fly-api-error.js'
import type {
  AssignIpRequest,
  CreateAppRequest,
  CreateMachineRequest,
  FlySignal,
  ListMachinesOptions,
  StopMachineRequest,
  UpdateMachineRequest,
  WaitableState,
} from './fly-requests.js'
import {
  type App,
  AppSchema,
  type AppSecret,
  AppSecretsSchema,
  AppSecretsUpdateResponseSchema,
  type CreateAppResponse,
  CreateAppResponseSchema,
  type IpAssignment,
  IpAssignmentSchema,
  type Lease,
  LeaseSchema,
  ListAppsResponseSchema,
  ListIpAssignmentsResponseSchema,
  type OrgMachine,
  OrgMachinesResponseSchema,
  type WaitMachineResponse,
  WaitMachineResponseSchema,
} from './fly-schemas.js'
import { type FlyRequest, FlyTransport, type FlyTransportOptions } from './fly-transport.js'
import { type Machine, parseMachine } from './machine.js'
import { waitForMachineState } from './machine-wait.js'

/** Options of {@link FlyClient}: see {@link FlyTransportOptions}. */
export type FlyClientOptions = FlyTransportOptions

/** Per-call options every operation takes. */
export interface CallOptions {
  signal?: AbortSignal
  /** Overrides the client's per-operation deadline, in ms. */
  deadlineMs?: number
}

/** Options of {@link FlyClient.createMachine}. */
export interface CreateMachineOptions extends CallOptions {
  /**
   * A metadata tag only this Machine carries. With it, a create that fails ambiguously (network
   * error, 5xx, 429) is retried only after listing the app's Machines by this tag finds none;
   * one found is returned instead. Without it, a create is never retried.
   */
  dedupeBy?: { key: string; value: string }
}

/** Options of {@link FlyClient.waitForState}. */
export interface WaitOptions extends CallOptions {
  /** The state to wait for (default `started`). */
  state?: WaitableState
  /** The Machine version the state must belong to (`version` query parameter). */
  version?: string
  /** How long to wait in total, in ms: 408 answers are re-asked until then (default 60 000). */
  timeoutMs?: number
}

const seg = encodeURIComponent

/**
 * A typed client of the Fly Machines API (api.machines.dev), one method per operation mcp-remote
 * uses; every path and body follows the OpenAPI document (operation ids in each comment).
 * Failures are {@link FlyApiError}s. Idempotent calls are retried with jittered backoff inside a
 * per-operation deadline; creates are not blindly retried.
 *
 * @example
 * ```ts
 * const fly = new FlyClient({ token: process.env.FLY_API_TOKEN! })
 * await fly.createApp({ name: 'mcpr-example', org_slug: 'personal', idempotency_key: 'k1' })
 * const { version } = await fly.setSecrets('mcpr-example', { API_KEY: 'value' })
 * const machine = await fly.createMachine('mcpr-example', {
 *   config: { image: 'registry.fly.io/mcp-base:latest', metadata: { deployment: 'dep_1' } },
 *   min_secrets_version: version,
 * }, { dedupeBy: { key: 'deployment', value: 'dep_1' } })
 * await fly.waitForState('mcpr-example', machine.id, { state: 'started', timeoutMs: 60_000 })
 * ```
 */
export class FlyClient {
  readonly #transport: FlyTransport

  constructor(options: FlyClientOptions) {
    this.#transport = new FlyTransport(options)
  }

  /** The Machines API base URL in use. */
  get baseUrl(): string {
    return this.#transport.baseUrl
  }

  // --- Apps ---

  /** Lists the apps of an organization (`Apps_list`, `GET /v1/apps?org_slug=`), all pages. */
  async listApps(orgSlug: string, opts: CallOptions = {}): Promise<App[]> {
    const apps: App[] = []
    let cursor: string | undefined
    do {
      const page = await this.#call(
        {
          operation: 'Apps_list',
          method: 'GET',
          path: '/v1/apps',
          query: cursor
            ? { org_slug: orgSlug, limit: 1000, cursor }
            : { org_slug: orgSlug, limit: 1000 },
          idempotent: true,
          ...opts,
        },
        (data) => ListAppsResponseSchema.parse(data),
      )
      apps.push(...(page.apps ?? []))
      cursor = page.next_cursor ?? undefined
    } while (cursor)
    return apps
  }

  /**
   * Creates an app (`Apps_create`, `POST /v1/apps`). Retried only when it carries an
   * `idempotency_key`, which the API documents as making a repeat safe.
   * @throws {@link FlyApiError} with `flyStatus` `name_taken` (422) when the name is in use.
   */
  createApp(body: CreateAppRequest, opts: CallOptions = {}): Promise<CreateAppResponse> {
    return this.#call(
      {
        operation: 'Apps_create',
        method: 'POST',
        path: '/v1/apps',
        body,
        idempotent: body.idempotency_key !== undefined,
        ...opts,
      },
      (data) => CreateAppResponseSchema.parse(data ?? {}),
    )
  }

  /** Reads an app (`Apps_show`); a missing app is a 404 {@link FlyApiError}. */
  getApp(appName: string, opts: CallOptions = {}): Promise<App> {
    return this.#call(
      {
        operation: 'Apps_show',
        method: 'GET',
        path: `/v1/apps/${seg(appName)}`,
        idempotent: true,
        ...opts,
      },
      (data) => AppSchema.parse(data),
    )
  }

  /**
   * Deletes an app with its Machines, IPs and secrets (`Apps_delete`, 202 Accepted). The spec
   * documents no `force` parameter here (only `Machines_delete` has one), so none is sent.
   */
  async deleteApp(appName: string, opts: CallOptions = {}): Promise<void> {
    await this.#call(
      {
        operation: 'Apps_delete',
        method: 'DELETE',
        path: `/v1/apps/${seg(appName)}`,
        idempotent: true,
        ...opts,
      },
      () => undefined,
    )
  }

  // --- IP assignments ---

  /** Lists an app's IP addresses (`App_IPAssignments_list`). */
  async listIpAssignments(appName: string, opts: CallOptions = {}): Promise<IpAssignment[]> {
    const res = await this.#call(
      {
        operation: 'App_IPAssignments_list',
        method: 'GET',
        path: `/v1/apps/${seg(appName)}/ip_assignments`,
        idempotent: true,
        ...opts,
      },
      (data) => ListIpAssignmentsResponseSchema.parse(data),
    )
    return res.ips ?? []
  }

  /**
   * Assigns an IP address (`App_IPAssignments_create`), e.g. `{ type: 'shared_v4' }` or
   * `{ type: 'v6' }`. Not retried: list first and allocate only what is missing.
   */
  assignIp(appName: string, body: AssignIpRequest, opts: CallOptions = {}): Promise<IpAssignment> {
    return this.#call(
      {
        operation: 'App_IPAssignments_create',
        method: 'POST',
        path: `/v1/apps/${seg(appName)}/ip_assignments`,
        body,
        idempotent: false,
        ...opts,
      },
      (data) => IpAssignmentSchema.parse(data),
    )
  }

  // --- Secrets ---

  /**
   * Sets app secrets in one call (`Secrets_update`, `POST /v1/apps/{app}/secrets`) and returns
   * the new secrets version, for `min_secrets_version`. Retried (setting the same values again
   * converges); Fly's error text is never kept since the body holds secret values.
   */
  async setSecrets(
    appName: string,
    values: Record<string, string>,
    opts: CallOptions = {},
  ): Promise<{ version: number; secrets: AppSecret[] }> {
    return this.#call(
      {
        operation: 'Secrets_update',
        method: 'POST',
        path: `/v1/apps/${seg(appName)}/secrets`,
        body: { values },
        idempotent: true,
        sensitive: true,
        ...opts,
      },
      (data) => {
        const res = AppSecretsUpdateResponseSchema.parse(data)
        const version = res.version ?? res.Version
        if (version === undefined) throw new Error('no secrets version')
        return { version, secrets: res.secrets ?? [] }
      },
    )
  }

  /**
   * Deletes one app secret (`Secret_delete`) and returns the new secrets version; a secret
   * already gone is a 404 {@link FlyApiError}.
   */
  async deleteSecret(appName: string, name: string, opts: CallOptions = {}): Promise<number> {
    return this.#call(
      {
        operation: 'Secret_delete',
        method: 'DELETE',
        path: `/v1/apps/${seg(appName)}/secrets/${seg(name)}`,
        idempotent: true,
        ...opts,
      },
      (data) => {
        const res = AppSecretsUpdateResponseSchema.parse(data)
        const version = res.version ?? res.Version
        if (version === undefined) throw new Error('no secrets version')
        return version
      },
    )
  }

  /** Lists secret names and digests, never values (`Secrets_list`). */
  async listSecrets(appName: string, opts: CallOptions = {}): Promise<AppSecret[]> {
    const res = await this.#call(
      {
        operation: 'Secrets_list',
        method: 'GET',
        path: `/v1/apps/${seg(appName)}/secrets`,
        idempotent: true,
        ...opts,
      },
      (data) => AppSecretsSchema.parse(data),
    )
    return res.secrets ?? []
  }

  // --- Machines ---

  /**
   * Creates a Machine (`Machines_create`). Never blindly retried: see
   * {@link CreateMachineOptions.dedupeBy}.
   * @throws {@link FlyApiError}, e.g. `flyStatus` `insufficient_capacity`.
   */
  createMachine(
    appName: string,
    body: CreateMachineRequest,
    opts: CreateMachineOptions = {},
  ): Promise<Machine> {
    const { dedupeBy, ...call } = opts
    const req: FlyRequest = {
      operation: 'Machines_create',
      method: 'POST',
      path: `/v1/apps/${seg(appName)}/machines`,
      body,
      idempotent: dedupeBy !== undefined,
      ...call,
    }
    const recover = dedupeBy
      ? async () => {
          const found = await this.listMachines(appName, {
            metadata: { [dedupeBy.key]: dedupeBy.value },
            signal: call.signal,
          })
          return found[0]
        }
      : undefined
    return this.#transport.call(req, (res) => parseMachine(res.data), recover)
  }

  /** Reads a Machine (`Machines_show`). */
  getMachine(appName: string, machineId: string, opts: CallOptions = {}): Promise<Machine> {
    return this.#call(
      {
        operation: 'Machines_show',
        method: 'GET',
        path: `/v1/apps/${seg(appName)}/machines/${seg(machineId)}`,
        idempotent: true,
        ...opts,
      },
      parseMachine,
    )
  }

  /**
   * Lists an app's Machines (`Machines_list`), optionally filtered by metadata
   * (`metadata.<key>=<value>`), state and region. Follows the `fly-next-cursor` pages.
   */
  async listMachines(appName: string, opts: ListMachinesOptions = {}): Promise<Machine[]> {
    const query: Record<string, string | number | boolean | undefined> = {}
    for (const [key, value] of Object.entries(opts.metadata ?? {})) query[`metadata.${key}`] = value
    if (opts.states?.length) query.state = opts.states.join(',')
    if (opts.region) query.region = opts.region
    if (opts.includeDeleted) query.include_deleted = true
    if (opts.summary) query.summary = true
    const machines: Machine[] = []
    let cursor: string | undefined
    do {
      const page = await this.#transport.call(
        {
          operation: 'Machines_list',
          method: 'GET',
          path: `/v1/apps/${seg(appName)}/machines`,
          query: cursor ? { ...query, limit: 1000, cursor } : query,
          idempotent: true,
          signal: opts.signal,
        },
        (res) => {
          if (!Array.isArray(res.data)) throw new Error('not a list')
          return {
            machines: res.data.map(parseMachine),
            next: res.headers.get('fly-next-cursor') ?? undefined,
          }
        },
      )
      machines.push(...page.machines)
      cursor = page.next
    } while (cursor)
    return machines
  }

  /** Lists every Machine of an organization (`Machines_org_list`), all pages. */
  async listOrgMachines(orgSlug: string, opts: CallOptions = {}): Promise<OrgMachine[]> {
    const machines: OrgMachine[] = []
    let cursor: string | undefined
    do {
      const page = await this.#call(
        {
          operation: 'Machines_org_list',
          method: 'GET',
          path: `/v1/orgs/${seg(orgSlug)}/machines`,
          query: cursor ? { cursor } : {},
          idempotent: true,
          ...opts,
        },
        (data) => OrgMachinesResponseSchema.parse(data),
      )
      machines.push(...(page.machines ?? []))
      cursor = page.next_cursor || undefined
    } while (cursor)
    return machines
  }

  /**
   * Replaces a Machine's config (`Machines_update`); with `skip_launch` a stopped Machine stays
   * stopped. Not retried: a repeat after a lost answer would fail its `current_version` guard.
   */
  updateMachine(
    appName: string,
    machineId: string,
    body: UpdateMachineRequest,
    opts: CallOptions = {},
  ): Promise<Machine> {
    return this.#call(
      {
        operation: 'Machines_update',
        method: 'POST',
        path: `/v1/apps/${seg(appName)}/machines/${seg(machineId)}`,
        body,
        idempotent: false,
        ...opts,
      },
      parseMachine,
    )
  }

  /**
   * Waits for a Machine state (`Machines_wait`): each call blocks up to 60 s on Fly's side and
   * answers 408 when the state was not reached; this re-asks until `timeoutMs` has passed.
   * @throws {@link FlyApiError} with status 408 when the state was not reached in time.
   */
  waitForState(
    appName: string,
    machineId: string,
    opts: WaitOptions = {},
  ): Promise<WaitMachineResponse> {
    return waitForMachineState(
      {
        clock: this.#transport.clock,
        sleeper: this.#transport.sleeper,
        once: (timeoutSeconds, deadlineMs, signal) =>
          this.#call(
            {
              operation: 'Machines_wait',
              method: 'GET',
              path: `/v1/apps/${seg(appName)}/machines/${seg(machineId)}/wait`,
              query: {
                state: opts.state ?? 'started',
                version: opts.version,
                timeout: timeoutSeconds,
              },
              idempotent: true,
              attemptTimeoutMs: (timeoutSeconds + 15) * 1000,
              deadlineMs,
              signal,
            },
            (data) => WaitMachineResponseSchema.parse(data ?? {}),
          ),
      },
      { timeoutMs: opts.timeoutMs ?? 60_000, signal: opts.signal },
    )
  }

  /** Starts a stopped or suspended Machine (`Machines_start`); retried (starting converges). */
  async startMachine(appName: string, machineId: string, opts: CallOptions = {}): Promise<void> {
    await this.#action('Machines_start', appName, machineId, 'start', undefined, true, opts)
  }

  /**
   * Stops a Machine (`Machines_stop`) with the optional JSON body `StopRequest`
   * (`{ signal, timeout }`, `timeout` a duration string like `"10s"`). Retried.
   */
  async stopMachine(
    appName: string,
    machineId: string,
    body: StopMachineRequest = {},
    opts: CallOptions = {},
  ): Promise<void> {
    await this.#action('Machines_stop', appName, machineId, 'stop', body, true, opts)
  }

  /** Suspends a Machine (`Machines_suspend`). Retried. */
  async suspendMachine(appName: string, machineId: string, opts: CallOptions = {}): Promise<void> {
    await this.#action('Machines_suspend', appName, machineId, 'suspend', undefined, true, opts)
  }

  /**
   * Restarts a Machine (`Machines_restart`; `timeout` and `signal` are query parameters).
   * Not retried: a repeat would restart twice.
   */
  async restartMachine(
    appName: string,
    machineId: string,
    params: { timeout?: string; signal?: FlySignal } = {},
    opts: CallOptions = {},
  ): Promise<void> {
    await this.#call(
      {
        operation: 'Machines_restart',
        method: 'POST',
        path: `/v1/apps/${seg(appName)}/machines/${seg(machineId)}/restart`,
        query: { timeout: params.timeout, signal: params.signal },
        idempotent: false,
        ...opts,
      },
      () => undefined,
    )
  }

  /** Destroys a Machine (`Machines_delete`); `force` kills it if it is running. */
  async deleteMachine(
    appName: string,
    machineId: string,
    params: { force?: boolean } = {},
    opts: CallOptions = {},
  ): Promise<void> {
    await this.#call(
      {
        operation: 'Machines_delete',
        method: 'DELETE',
        path: `/v1/apps/${seg(appName)}/machines/${seg(machineId)}`,
        query: params.force ? { force: true } : {},
        idempotent: true,
        ...opts,
      },
      () => undefined,
    )
  }

  // --- Leases ---

  /**
   * Acquires (or, given the current `nonce`, refreshes) a Machine lease (`Machines_create_lease`,
   * header `fly-machine-lease-nonce`). `ttl` in seconds. Not retried.
   */
  acquireLease(
    appName: string,
    machineId: string,
    params: { ttl?: number; description?: string; nonce?: string } = {},
    opts: CallOptions = {},
  ): Promise<Lease> {
    const { nonce, ...body } = params
    return this.#call(
      {
        operation: 'Machines_create_lease',
        method: 'POST',
        path: `/v1/apps/${seg(appName)}/machines/${seg(machineId)}/lease`,
        body,
        headers: nonce ? { 'fly-machine-lease-nonce': nonce } : undefined,
        idempotent: false,
        ...opts,
      },
      (data) => LeaseSchema.parse(data),
    )
  }

  /** Releases a lease (`Machines_release_lease`, the nonce in `fly-machine-lease-nonce`). */
  async releaseLease(
    appName: string,
    machineId: string,
    nonce: string,
    opts: CallOptions = {},
  ): Promise<void> {
    await this.#call(
      {
        operation: 'Machines_release_lease',
        method: 'DELETE',
        path: `/v1/apps/${seg(appName)}/machines/${seg(machineId)}/lease`,
        headers: { 'fly-machine-lease-nonce': nonce },
        idempotent: true,
        ...opts,
      },
      () => undefined,
    )
  }

  /** Runs `fn` holding a Machine lease, and releases it afterwards (even when `fn` throws). */
  async withLease<T>(
    appName: string,
    machineId: string,
    fn: (lease: Lease) => Promise<T>,
    params: { ttl?: number; description?: string } = {},
  ): Promise<T> {
    const lease = await this.acquireLease(appName, machineId, params)
    try {
      return await fn(lease)
    } finally {
      await this.releaseLease(appName, machineId, lease.nonce).catch((err: unknown) => {
        if (!(err instanceof FlyApiError)) throw err
      })
    }
  }

  async #action(
    operation: string,
    appName: string,
    machineId: string,
    verb: string,
    body: unknown,
    idempotent: boolean,
    opts: CallOptions,
  ): Promise<void> {
    await this.#call(
      {
        operation,
        method: 'POST',
        path: `/v1/apps/${seg(appName)}/machines/${seg(machineId)}/${verb}`,
        body,
        idempotent,
        ...opts,
      },
      () => undefined,
    )
  }

  #call<T>(req: FlyRequest, parse: (data: unknown) => T): Promise<T> {
    return this.#transport.call(req, (res) => parse(res.data))
  }
}
