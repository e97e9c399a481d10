import { randomBytes } from 'node:crypto'
import { type FakeApp, type FakeFlyState, secretDigest } from './fake-fly-state.js'
import type { BootPlan, FakeMachine } from './fake-machine.js'
import {
  isActive,
  reachesAt,
  scheduleBoot,
  scheduleDestroy,
  scheduleStart,
  scheduleStop,
  scheduleSuspend,
  stateAt,
  stateSince,
} from './fake-machine.js'

/** What an operation answers. */
export interface Reply {
  status: number
  body?: unknown
  headers?: Record<string, string>
}

/** What an operation handler gets. */
export interface OperationContext {
  state: FakeFlyState
  /** Virtual now, ms. */
  now: number
  /** Moves the virtual clock forward to `at` (a blocking call that waited). */
  advanceTo(at: number): void
  params: Record<string, string>
  query: URLSearchParams
  headers: Headers
  body: unknown
  /** The boot behaviour of the next boot. */
  nextBoot(): Required<BootPlan>
}

type Handler = (ctx: OperationContext) => Reply

const json = (status: number, body: unknown): Reply => ({ status, body })
const error = (status: number, message: string, flyStatus?: string): Reply =>
  json(status, flyStatus ? { error: message, status: flyStatus } : { error: message })
const iso = (ms: number): string => new Date(ms).toISOString()
const obj = (v: unknown): Record<string, unknown> =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {}

function appOr404(ctx: OperationContext): FakeApp | Reply {
  const name = ctx.params.app_name ?? ''
  return ctx.state.visibleApp(name) ?? error(404, `Could not find App "${name}"`)
}

function machineOr404(ctx: OperationContext): { app: FakeApp; machine: FakeMachine } | Reply {
  const app = appOr404(ctx)
  if ('status' in app) return app
  const machine = app.machines.get(ctx.params.machine_id ?? '')
  if (!machine || stateAt(machine, ctx.now) === 'destroyed') return error(404, 'machine not found')
  return { app, machine }
}

/** Mutations of a leased Machine need the lease's nonce (Fly's machine-lease rule). */
function leaseBlocks(ctx: OperationContext, m: FakeMachine): Reply | undefined {
  if (!m.lease || m.lease.expiresAt * 1000 <= ctx.now) return undefined
  if (ctx.headers.get('fly-machine-lease-nonce') === m.lease.nonce) return undefined
  return error(409, `machine ${m.id} is leased by ${m.lease.owner}`)
}

function appJson(app: FakeApp, now: number) {
  const live = [...app.machines.values()].filter((m) => stateAt(m, now) !== 'destroyed')
  return {
    id: app.id,
    name: app.name,
    internal_numeric_id: Number.parseInt(app.id.replace(/\D/g, '') || '0', 10),
    machine_count: live.length,
    volume_count: 0,
    network: app.network,
    organization: { name: app.org, slug: app.org },
    status: live.length > 0 ? 'deployed' : 'pending',
  }
}

/** Fly answers `autostop` `off`/`stop` in the old boolean form (see the OpenAPI description). */
function responseConfig(config: Record<string, unknown>): Record<string, unknown> {
  const services = Array.isArray(config.services) ? config.services : undefined
  if (!services) return config
  return {
    ...config,
    services: services.map((s) => {
      const service = obj(s)
      if (service.autostop === 'stop') return { ...service, autostop: true }
      if (service.autostop === 'off') return { ...service, autostop: false }
      return service
    }),
  }
}

function checksJson(m: FakeMachine, now: number) {
  const state = stateAt(m, now)
  const services = Array.isArray(m.config.services) ? m.config.services.map(obj) : []
  const checks: Array<{ name: string; status: string; output: string; updated_at: string }> = []
  services.forEach((service, i) => {
    const list = Array.isArray(service.checks) ? service.checks.map(obj) : []
    list.forEach((check) => {
      const passing =
        state === 'started' &&
        m.plan.checks === 'passing' &&
        now >= stateSince(m, now) + m.plan.checksDelayMs
      checks.push({
        name: `servicecheck-${String(i).padStart(2, '0')}-${String(check.type ?? 'tcp')}-${String(check.port ?? service.internal_port ?? '')}`,
        status: passing ? 'passing' : 'critical',
        output: passing ? 'Success' : 'connection refused',
        updated_at: iso(now),
      })
    })
  })
  return checks
}

/** A Machine as `Machines_show` answers it. */
export function machineJson(m: FakeMachine, now: number) {
  const image = String(m.config.image ?? '')
  const [repo = '', tag = 'latest'] = image.replace(/^registry\.fly\.io\//, '').split(':')
  return {
    id: m.id,
    name: m.name,
    state: stateAt(m, now),
    region: m.region,
    instance_id: m.version,
    version: m.version,
    private_ip: `fdaa:0:1:a7b:1::${m.id.slice(-4)}`,
    config: responseConfig(m.config),
    image_ref: {
      registry: 'registry.fly.io',
      repository: repo,
      tag,
      digest: 'sha256:fake',
      labels: {},
    },
    created_at: iso(m.createdAt),
    updated_at: iso(m.updatedAt),
    events: m.timeline
      .filter((e) => e.at <= now)
      .map((e, i) => ({
        id: `${m.version}-${i}`,
        type: e.state,
        status: e.state,
        source: 'flyd',
        timestamp: e.at,
      }))
      .reverse(),
    checks: checksJson(m, now),
    host_status: 'ok',
  }
}

const apps: Record<string, Handler> = {
  Apps_list(ctx) {
    const org = ctx.query.get('org_slug') ?? ''
    if (!ctx.state.orgs.has(org)) return error(404, `organization ${org} not found`)
    const all = [...ctx.state.apps.values()]
      .filter((a) => a.org === org)
      .sort((a, b) => a.createdAt - b.createdAt || a.name.localeCompare(b.name))
    const limit = ctx.query.has('limit') ? Number(ctx.query.get('limit')) : undefined
    const offset = Number(ctx.query.get('cursor') ?? '0') || 0
    const page = limit ? all.slice(offset, offset + limit) : all
    const next = limit && offset + limit < all.length ? String(offset + limit) : undefined
    return json(200, {
      total_apps: all.length,
      apps: page.map((a) => appJson(a, ctx.now)),
      ...(next ? { next_cursor: next } : {}),
    })
  },

  Apps_create(ctx) {
    const body = obj(ctx.body)
    const name = typeof body.name === 'string' ? body.name : ''
    const org = typeof body.org_slug === 'string' ? body.org_slug : ''
    const key = typeof body.idempotency_key === 'string' ? body.idempotency_key : undefined
    if (!ctx.state.orgs.has(org)) return error(404, `organization ${org} not found`)
    if (!/^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/.test(name)) {
      return error(422, 'app name must be lowercase letters, digits and dashes')
    }
    if (key !== undefined) {
      const earlier = [...ctx.state.apps.values()].find((a) => a.idempotencyKey === key)
      if (earlier && earlier.name !== name) {
        return error(422, 'idempotency_key was used with a different name')
      }
      if (earlier) return json(201, { id: earlier.id, created_at: earlier.createdAt })
    }
    if (ctx.state.apps.has(name)) {
      return error(422, 'Validation failed: Name has already been taken', 'name_taken')
    }
    const app: FakeApp = {
      id: `app${ctx.state.serial()}`,
      name,
      org,
      network: typeof body.network === 'string' && body.network ? body.network : 'default',
      createdAt: ctx.now,
      idempotencyKey: key,
      ips: [],
      secrets: new Map(),
      secretsVersion: 0,
      machines: new Map(),
    }
    ctx.state.apps.set(name, app)
    return json(201, { id: app.id, created_at: app.createdAt })
  },

  Apps_show(ctx) {
    const app = appOr404(ctx)
    return 'status' in app ? app : json(200, appJson(app, ctx.now))
  },

  Apps_delete(ctx) {
    const app = appOr404(ctx)
    if ('status' in app) return app
    for (const m of app.machines.values()) scheduleDestroy(m, ctx.now)
    ctx.state.apps.delete(app.name)
    return { status: 202 }
  },
}

const ips: Record<string, Handler> = {
  App_IPAssignments_list(ctx) {
    const app = appOr404(ctx)
    if ('status' in app) return app
    return json(200, { ips: app.ips.map(ipJson) })
  },

  App_IPAssignments_create(ctx) {
    const app = appOr404(ctx)
    if ('status' in app) return app
    const type = String(obj(ctx.body).type ?? '')
    if (type === 'shared_v4' && app.ips.some((i) => i.type === 'shared_v4')) {
      return error(422, 'app already has a shared IPv4 address')
    }
    const n = ctx.state.serial()
    const ip =
      type === 'shared_v4' || type === 'v4' || type === 'egress_v4'
        ? `66.241.${Math.floor(n / 250) % 250}.${(n % 250) + 1}`
        : `2a09:8280:1::${n.toString(16)}:0`
    const record = {
      ip,
      type: type || 'v6',
      shared: type === 'shared_v4',
      region: String(obj(ctx.body).region ?? 'global'),
      createdAt: ctx.now,
    }
    app.ips.push(record)
    return json(200, ipJson(record))
  },
}

function ipJson(i: FakeApp['ips'][number]) {
  return {
    ip: i.ip,
    region: i.region,
    shared: i.shared,
    egress: i.type.startsWith('egress'),
    created_at: new Date(i.createdAt).toISOString(),
    service_name: '',
    // The schema is not nullable, though its description says null for public IPs: omit it.
    ...(i.type === 'private_v6' ? { network: { name: '', org_slug: '' } } : {}),
  }
}

const secrets: Record<string, Handler> = {
  Secrets_update(ctx) {
    const app = appOr404(ctx)
    if ('status' in app) return app
    const values = obj(obj(ctx.body).values)
    for (const name of Object.keys(values)) {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return error(400, 'invalid secret name')
    }
    for (const [name, value] of Object.entries(values)) {
      if (value === null) {
        app.secrets.delete(name)
        continue
      }
      const existing = app.secrets.get(name)
      app.secrets.set(name, {
        value: String(value),
        digest: secretDigest(String(value)),
        createdAt: existing?.createdAt ?? ctx.now,
        updatedAt: ctx.now,
      })
    }
    app.secretsVersion += 1
    return json(200, {
      version: app.secretsVersion,
      Version: app.secretsVersion,
      secrets: secretList(app),
    })
  },

  Secret_delete(ctx) {
    const app = appOr404(ctx)
    if ('status' in app) return app
    if (!app.secrets.delete(ctx.params.secret_name ?? '')) return error(404, 'secret not found')
    app.secretsVersion += 1
    return json(200, { version: app.secretsVersion, Version: app.secretsVersion })
  },

  Secrets_list(ctx) {
    const app = appOr404(ctx)
    if ('status' in app) return app
    return json(200, { secrets: secretList(app) })
  },
}

function secretList(app: FakeApp) {
  return [...app.secrets.entries()].map(([name, s]) => ({
    name,
    digest: s.digest,
    created_at: new Date(s.createdAt).toISOString(),
    updated_at: new Date(s.updatedAt).toISOString(),
  }))
}

/** What a create or update asks of a config; a problem the real API refuses, or undefined. */
function checkConfig(config: Record<string, unknown>): string | undefined {
  if (typeof config.image !== 'string' || config.image === '') return 'config.image is required'
  const guest = obj(config.guest)
  if (
    guest.cpu_kind !== undefined &&
    guest.cpu_kind !== 'shared' &&
    guest.cpu_kind !== 'performance'
  ) {
    return 'invalid guest.cpu_kind'
  }
  if (guest.memory_mb !== undefined && Number(guest.memory_mb) % 256 !== 0) {
    return 'guest.memory_mb must be a multiple of 256'
  }
  return undefined
}

function checkSecretsVersion(app: FakeApp, body: Record<string, unknown>): Reply | undefined {
  const min = body.min_secrets_version
  if (typeof min === 'number' && min > app.secretsVersion) {
    return error(400, `min_secrets_version ${min} is newer than the app's secrets`)
  }
  return undefined
}

const machines: Record<string, Handler> = {
  Machines_create(ctx) {
    const app = appOr404(ctx)
    if ('status' in app) return app
    const body = obj(ctx.body)
    const config = obj(body.config)
    const problem = checkConfig(config)
    if (problem) return error(400, problem)
    const stale = checkSecretsVersion(app, body)
    if (stale) return stale
    const id = ctx.state.machineId()
    const m: FakeMachine = {
      id,
      name: typeof body.name === 'string' && body.name ? body.name : `machine-${id.slice(-6)}`,
      app: app.name,
      region: typeof body.region === 'string' && body.region ? body.region : 'iad',
      config: structuredClone(config),
      minSecretsVersion:
        typeof body.min_secrets_version === 'number' ? body.min_secrets_version : undefined,
      version: ctx.state.versionId(),
      createdAt: ctx.now,
      updatedAt: ctx.now,
      timeline: [{ state: 'created', at: ctx.now }],
      plan: ctx.nextBoot(),
      lease: undefined,
    }
    if (body.skip_launch === true) m.timeline.push({ state: 'stopped', at: ctx.now + 100 })
    else scheduleBoot(m, ctx.now + 100, m.plan)
    app.machines.set(id, m)
    return json(200, machineJson(m, ctx.now))
  },

  Machines_list(ctx) {
    const app = appOr404(ctx)
    if ('status' in app) return app
    const includeDeleted = ctx.query.get('include_deleted') === 'true'
    const states = ctx.query.get('state')?.split(',').filter(Boolean)
    const region = ctx.query.get('region')
    const filters = [...ctx.query.entries()]
      .filter(([k]) => k.startsWith('metadata.'))
      .map(([k, v]) => [k.slice('metadata.'.length), v] as const)
    const list = [...app.machines.values()].filter((m) => {
      const state = stateAt(m, ctx.now)
      if (!includeDeleted && state === 'destroyed') return false
      if (states && !states.includes(state)) return false
      if (region && m.region !== region) return false
      const metadata = obj(m.config.metadata)
      return filters.every(([k, v]) => metadata[k] === v)
    })
    return json(
      200,
      list.map((m) => machineJson(m, ctx.now)),
    )
  },

  Machines_show(ctx) {
    const found = machineOr404(ctx)
    return 'status' in found ? found : json(200, machineJson(found.machine, ctx.now))
  },

  Machines_update(ctx) {
    const found = machineOr404(ctx)
    if ('status' in found) return found
    const { app, machine: m } = found
    const blocked = leaseBlocks(ctx, m)
    if (blocked) return blocked
    const body = obj(ctx.body)
    if (typeof body.current_version === 'string' && body.current_version !== m.version) {
      return error(409, 'machine version changed since current_version')
    }
    const config = obj(body.config)
    const problem = checkConfig(config)
    if (problem) return error(400, problem)
    const stale = checkSecretsVersion(app, body)
    if (stale) return stale
    m.config = structuredClone(config)
    if (typeof body.min_secrets_version === 'number') m.minSecretsVersion = body.min_secrets_version
    m.version = ctx.state.versionId()
    m.updatedAt = ctx.now
    const wasActive = isActive(stateAt(m, ctx.now))
    const stoppedAt = wasActive ? scheduleStop(m, ctx.now) : ctx.now
    if (body.skip_launch !== true) scheduleBoot(m, stoppedAt, ctx.nextBoot())
    return json(200, machineJson(m, ctx.now))
  },

  Machines_delete(ctx) {
    const found = machineOr404(ctx)
    if ('status' in found) return found
    const m = found.machine
    const blocked = leaseBlocks(ctx, m)
    if (blocked) return blocked
    const state = stateAt(m, ctx.now)
    if (isActive(state) && ctx.query.get('force') !== 'true') {
      return error(
        412,
        `failed_precondition: unable to destroy machine, not currently stopped (${state})`,
      )
    }
    scheduleDestroy(m, ctx.now)
    return json(200, { ok: true })
  },

  Machines_start(ctx) {
    const found = machineOr404(ctx)
    if ('status' in found) return found
    const m = found.machine
    const blocked = leaseBlocks(ctx, m)
    if (blocked) return blocked
    const state = stateAt(m, ctx.now)
    if (state === 'stopped' || state === 'suspended' || state === 'created' || state === 'failed') {
      scheduleStart(m, ctx.now, ctx.nextBoot())
    }
    return json(200, { previous_state: state })
  },

  Machines_stop(ctx) {
    const found = machineOr404(ctx)
    if ('status' in found) return found
    const m = found.machine
    const blocked = leaseBlocks(ctx, m)
    if (blocked) return blocked
    const state = stateAt(m, ctx.now)
    if (isActive(state) || state === 'suspended') scheduleStop(m, ctx.now)
    return json(200, { ok: true })
  },

  Machines_suspend(ctx) {
    const found = machineOr404(ctx)
    if ('status' in found) return found
    const m = found.machine
    const blocked = leaseBlocks(ctx, m)
    if (blocked) return blocked
    if (stateAt(m, ctx.now) !== 'started') return error(400, 'machine is not started')
    scheduleSuspend(m, ctx.now)
    return json(200, { ok: true })
  },

  Machines_restart(ctx) {
    const found = machineOr404(ctx)
    if ('status' in found) return found
    const m = found.machine
    const blocked = leaseBlocks(ctx, m)
    if (blocked) return blocked
    if (stateAt(m, ctx.now) !== 'started') return error(400, 'machine is not started')
    const stoppedAt = scheduleStop(m, ctx.now)
    scheduleBoot(m, stoppedAt, ctx.nextBoot())
    return json(200, { ok: true })
  },

  Machines_wait(ctx) {
    const found = machineOr404(ctx)
    if ('status' in found) return found
    const m = found.machine
    const wanted = (ctx.query.getAll('state').join(',') || 'started').split(',')
    const states = new Set(
      wanted.flatMap((s) =>
        s === 'settled' ? ['started', 'stopped', 'suspended', 'failed', 'destroyed'] : [s],
      ),
    )
    const timeoutSeconds = Number(ctx.query.get('timeout') ?? '60') || 60
    if (timeoutSeconds > 60) return error(400, 'timeout must be at most 60 seconds')
    const until = ctx.now + timeoutSeconds * 1000
    const at = reachesAt(m, states, ctx.now, until)
    if (at === undefined) {
      ctx.advanceTo(until)
      return error(408, `deadline_exceeded: machine did not reach ${wanted.join(',')}`)
    }
    ctx.advanceTo(at)
    return json(200, {
      ok: true,
      state: stateAt(m, at),
      version: m.version,
      event_id: `${m.version}-e`,
    })
  },

  Machines_org_list(ctx) {
    const org = ctx.params.org_slug ?? ''
    if (!ctx.state.orgs.has(org)) return error(404, `organization ${org} not found`)
    const includeDeleted = ctx.query.get('include_deleted') === 'true'
    const list = [...ctx.state.apps.values()]
      .filter((a) => a.org === org)
      .flatMap((a) => [...a.machines.values()])
      .filter((m) => includeDeleted || stateAt(m, ctx.now) !== 'destroyed')
      .map((m) => ({
        id: m.id,
        name: m.name,
        app_name: m.app,
        state: stateAt(m, ctx.now),
        region: m.region,
        private_ip: `fdaa:0:1:a7b:1::${m.id.slice(-4)}`,
        version: m.version,
        created_at: iso(m.createdAt),
        updated_at: iso(m.updatedAt),
        config: { guest: m.config.guest, image: m.config.image, metadata: m.config.metadata ?? {} },
      }))
    return json(200, { machines: list, error_regions: [] })
  },
}

const leases: Record<string, Handler> = {
  Machines_create_lease(ctx) {
    const found = machineOr404(ctx)
    if ('status' in found) return found
    const m = found.machine
    const nonce = ctx.headers.get('fly-machine-lease-nonce')
    const held = m.lease && m.lease.expiresAt * 1000 > ctx.now
    if (held && nonce !== m.lease?.nonce) return error(409, `machine ${m.id} is leased`)
    const body = obj(ctx.body)
    const ttl = typeof body.ttl === 'number' && body.ttl > 0 ? body.ttl : 30
    m.lease = {
      nonce: held && m.lease ? m.lease.nonce : randomBytes(8).toString('hex'),
      expiresAt: Math.floor((ctx.now + ttl * 1000) / 1000),
      owner: 'fake@example.com',
      description: typeof body.description === 'string' ? body.description : '',
    }
    return json(201, {
      nonce: m.lease.nonce,
      expires_at: m.lease.expiresAt,
      owner: m.lease.owner,
      description: m.lease.description,
      version: m.version,
    })
  },

  Machines_release_lease(ctx) {
    const found = machineOr404(ctx)
    if ('status' in found) return found
    const m = found.machine
    if (!m.lease || m.lease.expiresAt * 1000 <= ctx.now) return error(404, 'no active lease')
    if (ctx.headers.get('fly-machine-lease-nonce') !== m.lease.nonce) {
      return error(409, 'lease nonce does not match')
    }
    m.lease = undefined
    return json(200, { ok: true })
  },

  Machines_show_lease(ctx) {
    const found = machineOr404(ctx)
    if ('status' in found) return found
    const lease = found.machine.lease
    if (!lease || lease.expiresAt * 1000 <= ctx.now) return error(404, 'no active lease')
    return json(200, {
      expires_at: lease.expiresAt,
      owner: lease.owner,
      description: lease.description,
      version: found.machine.version,
    })
  },
}

/** The fake's handler for each OpenAPI operation id it implements. */
export const OPERATIONS: Readonly<Record<string, Handler>> = {
  ...apps,
  ...ips,
  ...secrets,
  ...machines,
  ...leases,
}
