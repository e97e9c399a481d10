import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { DeploymentFailedError } from '../../errors/index.js'
import {
  createFakeFly,
  FakeClock,
  type FakeFault,
  type FakeFly,
  faults,
} from '../../testing/index.js'
import type { DeploySpec } from '../runtime.js'
import { appNameFor } from './app-name.js'
import { FlyRuntime } from './fly-runtime.js'

const server = setupServer()
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterAll(() => server.close())

const ORG = 'acme'
const IMAGE = 'registry.fly.io/mcp-base:test'
const SECRET = 'sk-live-credential-value-123'
const TOKEN = 'bridge-token-value-456'

let clock: FakeClock
let fly: FakeFly
let runtime: FlyRuntime

const spec = (over: Partial<DeploySpec> = {}): DeploySpec => ({
  deploymentId: 'dep_0123456789abcdefghij',
  argv: ['npx', '-y', '@modelcontextprotocol/server-everything@2026.8.31', 'stdio'],
  env: { API_KEY: SECRET },
  token: TOKEN,
  ...over,
})
const APP = appNameFor(spec().deploymentId, ORG)

beforeEach(() => {
  clock = new FakeClock()
  fly = createFakeFly({ clock, orgs: [ORG] })
  server.use(...fly.handlers)
  runtime = new FlyRuntime({ token: fly.token, org: ORG, image: IMAGE, clock, random: () => 0.5 })
})

afterEach(() => {
  expect(fly.violations).toEqual([])
  expect(fly.responseViolations).toEqual([])
  server.resetHandlers()
})

/** Every Machine config sent to Fly, as JSON text. */
function configsSent(): string[] {
  return [...fly.requestsTo('Machines_create'), ...fly.requestsTo('Machines_update')].map((r) =>
    JSON.stringify(r.body),
  )
}

function expectOneOfEach(): void {
  expect(fly.apps().map((a) => a.name)).toEqual([APP])
  expect(fly.liveMachines(APP)).toHaveLength(1)
  const ips = fly.app(APP)?.ips ?? []
  expect(ips.filter((i) => i.type === 'shared_v4')).toHaveLength(1)
  expect(ips.filter((i) => i.type === 'v6')).toHaveLength(1)
}

describe('FlyRuntime.deploy', () => {
  it('creates one app with IPs, secrets and a started, healthy machine', async () => {
    const ref = await runtime.deploy(spec())
    expectOneOfEach()
    expect(ref).toEqual({
      runtime: 'fly',
      deploymentId: spec().deploymentId,
      baseUrl: `https://${APP}.fly.dev`,
      details: { app: APP, org: ORG, machine_id: fly.liveMachines(APP)[0]?.id },
    })
    const machine = fly.liveMachines(APP)[0]
    if (!machine) throw new Error('no machine')
    expect(fly.machineState(machine)).toBe('started')
    expect(fly.machineEnv(machine)).toMatchObject({
      API_KEY: SECRET,
      MCP_BRIDGE_TOKEN: TOKEN,
      MCP_BRIDGE_ALLOWED_HOSTS: `${APP}.fly.dev`,
    })
    expect(machine.minSecretsVersion).toBe(fly.app(APP)?.secretsVersion)
    expect(machine.config).toMatchObject({
      image: IMAGE,
      init: { cmd: spec().argv },
      guest: { cpu_kind: 'shared', cpus: 1, memory_mb: 256 },
      restart: { policy: 'always' },
      metadata: { mcp_remote_deployment: spec().deploymentId, mcp_remote_platform: 'mcp-remote' },
      services: [
        {
          internal_port: 8080,
          ports: [
            { port: 443, handlers: ['tls', 'http'] },
            { port: 80, handlers: ['http'], force_https: true },
          ],
          autostop: 'suspend',
          autostart: true,
          checks: [{ type: 'http', path: '/health', port: 8080 }],
        },
      ],
    })
  })

  it('never puts a credential or the bridge token in a machine config', async () => {
    await runtime.deploy(spec())
    await runtime.stop(runtime.refFor(spec().deploymentId))
    await runtime.deploy(spec())
    const sent = configsSent()
    expect(sent.length).toBeGreaterThanOrEqual(3)
    for (const body of sent) {
      expect(body).not.toContain(SECRET)
      expect(body).not.toContain(TOKEN)
    }
    const secretCall = fly.requestsTo('Secrets_update')[0]
    expect(secretCall?.body).toEqual({ values: { API_KEY: SECRET, MCP_BRIDGE_TOKEN: TOKEN } })
  })

  const cases: Array<[string, FakeFault[]]> = [
    ['Apps_create', [faults.lostResponse()]],
    ['Apps_create', [faults.lostResponse(), faults.nameTaken()]],
    ['Apps_create', [faults.serverError(503), faults.rateLimited(2)]],
    ['Apps_create', [faults.connectionReset(), faults.rateLimited()]],
    ['Apps_show', [faults.serverError(500), faults.connectionReset()]],
    ['App_IPAssignments_create', [faults.lostResponse()]],
    ['App_IPAssignments_create', [faults.serverError(502)]],
    ['App_IPAssignments_list', [faults.rateLimited(1)]],
    ['Secrets_update', [faults.serverError(500), faults.lostResponse(), faults.rateLimited(1)]],
    ['Machines_list', [faults.serverError(502)]],
    ['Machines_create', [faults.lostResponse()]],
    ['Machines_create', [faults.connectionReset()]],
    ['Machines_create', [faults.serverError(503), faults.serverError(502)]],
    ['Machines_create', [faults.insufficientCapacity()]],
    ['Machines_create', [faults.rateLimited(3), faults.lostResponse()]],
    ['Machines_wait', [faults.serverError(500), faults.connectionReset(), faults.waitTimeout()]],
    ['Machines_show', [faults.connectionReset(), faults.serverError(503)]],
  ]
  it.each(cases)('converges on one app and one machine when %s meets %j', async (op, list) => {
    for (const fault of list) fly.inject(op, fault)
    const ref = await runtime.deploy(spec())
    expect(fly.pendingFaults()[op]).toBe(0)
    expectOneOfEach()
    expect(ref.details.machine_id).toBe(fly.liveMachines(APP)[0]?.id)
    expect(fly.machineState(fly.liveMachines(APP)[0] as never)).toBe('started')
  })

  it('is idempotent: a second deploy updates the same machine', async () => {
    const first = await runtime.deploy(spec())
    const second = await runtime.deploy(spec({ argv: ['uvx', 'mcp-server-time'] }))
    expectOneOfEach()
    expect(second.details.machine_id).toBe(first.details.machine_id)
    expect(fly.liveMachines(APP)[0]?.config.init).toEqual({ cmd: ['uvx', 'mcp-server-time'] })
    expect(fly.requestsTo('Machines_create')).toHaveLength(1)
  })

  it('resumes a deploy abandoned after creating the machine, without a second one', async () => {
    const abandon = new AbortController()
    const onEnd = ({ request }: { request: Request }) => {
      if (request.method === 'POST' && request.url.endsWith('/machines')) abandon.abort()
    }
    server.events.on('request:end', onEnd)
    await expect(runtime.deploy(spec(), abandon.signal)).rejects.toThrow()
    server.events.removeListener('request:end', onEnd)
    expect(fly.liveMachines(APP)).toHaveLength(1)
    const fresh = new FlyRuntime({ token: fly.token, org: ORG, image: IMAGE, clock })
    await fresh.deploy(spec())
    expectOneOfEach()
    expect(fly.requestsTo('Machines_create')).toHaveLength(1)
  })

  it('removes a credential dropped since the last deploy from the app secrets', async () => {
    await runtime.deploy(spec({ env: { API_KEY: SECRET, OLD: 'x' } }))
    await runtime.deploy(spec())
    expect([...(fly.app(APP)?.secrets.keys() ?? [])].sort()).toEqual([
      'API_KEY',
      'MCP_BRIDGE_TOKEN',
    ])
    const machine = fly.liveMachines(APP)[0]
    expect(machine?.minSecretsVersion).toBe(fly.app(APP)?.secretsVersion)
  })

  it('fails without retry when another organization holds the app name', async () => {
    fly.seedApp(APP, 'someone-else')
    const err = await runtime.deploy(spec()).catch((e) => e)
    expect(err).toBeInstanceOf(DeploymentFailedError)
    expect(err).toMatchObject({ code: 'deployment_failed', retryAllowed: false })
    expect(err.message).toMatch(/taken by another organization/)
    expect(fly.liveMachines(APP)).toHaveLength(0)
  })

  it('fails with a reason and retry allowed when the machine fails to boot', async () => {
    fly.planNextBoot({ outcome: 'failed' })
    const err = await runtime.deploy(spec()).catch((e) => e)
    expect(err).toBeInstanceOf(DeploymentFailedError)
    expect(err.retryAllowed).toBe(true)
    expect(err.message).toMatch(/failed to start/)
    expect(err.toJSON().details).toMatchObject({ app: APP, state: 'failed' })
    // Left for destroy: the app stays, the machine does not run.
    expect(fly.app(APP)).toBeDefined()
    const machine = fly.liveMachines(APP)[0]
    expect(machine && fly.machineState(machine)).not.toBe('started')
  })

  it('fails after 60 s when the machine never starts, and stops it', async () => {
    fly.planNextBoot({ outcome: 'stuck' })
    const before = clock.now()
    const err = await runtime.deploy(spec()).catch((e) => e)
    expect(err).toBeInstanceOf(DeploymentFailedError)
    expect(err).toMatchObject({ retryAllowed: true })
    expect(err.message).toMatch(/did not start within 60 s \(state starting\)/)
    expect(clock.now() - before).toBeGreaterThanOrEqual(60_000)
    expect(clock.now() - before).toBeLessThan(120_000)
    const machine = fly.liveMachines(APP)[0]
    expect(machine && fly.machineState(machine)).toBe('stopped')
    expect(machine?.config.services).toMatchObject([{ autostart: false }])
  })

  it('fails when the bridge never passes its /health check', async () => {
    fly.planNextBoot({ checks: 'critical' })
    const err = await runtime.deploy(spec()).catch((e) => e)
    expect(err).toMatchObject({ code: 'deployment_failed', retryAllowed: true })
    expect(err.message).toMatch(/\/health check within 60 s \(critical\)/)
  })

  it('keeps secrets and the Fly token out of every error', async () => {
    fly.inject('Secrets_update', { kind: 'status', status: 400, error: `bad ${SECRET}` })
    const err = await runtime.deploy(spec()).catch((e) => e)
    const text = `${err.message} ${JSON.stringify(err)} ${JSON.stringify(err.toJSON())}`
    for (const secret of [SECRET, TOKEN, fly.token]) expect(text).not.toContain(secret)
  })
})

describe('FlyRuntime lifecycle', () => {
  it('stops with autostart off, starts again, and reports each state', async () => {
    const ref = await runtime.deploy(spec())
    expect(await runtime.status(ref)).toMatchObject({ state: 'running' })
    await runtime.stop(ref)
    expect(await runtime.status(ref)).toEqual({ state: 'stopped', detail: 'fly: stopped' })
    const machine = fly.liveMachines(APP)[0]
    expect(machine?.config.services).toMatchObject([{ autostart: false, autostop: 'suspend' }])
    const again = await runtime.start(ref)
    expect(again.details.machine_id).toBe(ref.details.machine_id)
    expect(await runtime.status(ref)).toMatchObject({ state: 'running' })
    expect(fly.liveMachines(APP)[0]?.config.services).toMatchObject([{ autostart: true }])
  })

  it('reads a suspended machine as running: it wakes on the next request', async () => {
    const ref = await runtime.deploy(spec())
    const machine = fly.liveMachines(APP)[0]
    if (!machine) throw new Error('no machine')
    await fetch(`${fly.baseUrl}/v1/apps/${APP}/machines/${machine.id}/suspend`, {
      method: 'POST',
      headers: { authorization: `Bearer ${fly.token}` },
    })
    clock.advance(1_000)
    expect(await runtime.status(ref)).toEqual({
      state: 'running',
      detail: 'fly: suspended, wakes on request',
    })
  })

  it('redeploys a stopped deployment through deploy, as a restart does', async () => {
    const ref = await runtime.deploy(spec())
    await runtime.stop(ref)
    await runtime.deploy(spec())
    expectOneOfEach()
    expect(await runtime.status(ref)).toMatchObject({ state: 'running' })
  })

  it('stops a deployment that is already stopped or gone without error', async () => {
    const ref = await runtime.deploy(spec())
    await runtime.stop(ref)
    await runtime.stop(ref)
    await runtime.destroy(ref)
    await runtime.stop(ref)
  })

  it('destroys the app, and a second destroy of what is gone succeeds', async () => {
    const ref = await runtime.deploy(spec())
    await runtime.destroy(ref)
    expect(fly.apps()).toEqual([])
    expect(await runtime.status(ref)).toEqual({ state: 'gone', detail: 'no machine' })
    await runtime.destroy(ref)
    await runtime.destroy({ runtime: 'fly', deploymentId: 'dep_never', baseUrl: '', details: {} })
    expect(fly.requestsTo('Apps_delete').map((r) => r.query)).toEqual([{}, {}, {}])
  })

  it('destroys by deployment id when the ref has no details', async () => {
    await runtime.deploy(spec())
    await runtime.destroy({
      runtime: 'fly',
      deploymentId: spec().deploymentId,
      baseUrl: '',
      details: {},
    })
    expect(fly.apps()).toEqual([])
  })

  it('lists its apps with their deployment ids, and apps without a machine yet', async () => {
    await runtime.deploy(spec())
    await runtime.deploy(spec({ deploymentId: 'dep_second' }))
    const halfMade = fly.seedApp(appNameFor('dep_crashed', ORG), ORG)
    fly.seedApp('unrelated-app', ORG)
    const refs = await runtime.list()
    expect(refs.map((r) => [r.deploymentId, r.details.app]).sort()).toEqual(
      [
        ['', halfMade.name],
        [spec().deploymentId, APP],
        ['dep_second', appNameFor('dep_second', ORG)],
      ].sort(),
    )
  })

  it('leaves out apps whose machines belong to another installation', async () => {
    const other = new FlyRuntime({
      token: fly.token,
      org: ORG,
      image: IMAGE,
      clock,
      platformTag: 'other-install',
    })
    await other.deploy(spec({ deploymentId: 'dep_other' }))
    expect(await runtime.list()).toEqual([])
  })
})

describe('FlyRuntime.fromEnv and app names', () => {
  it('is undefined without FLY_API_TOKEN or FLY_ORG', () => {
    expect(FlyRuntime.fromEnv({})).toBeUndefined()
    expect(FlyRuntime.fromEnv({ FLY_API_TOKEN: 't' })).toBeUndefined()
    expect(FlyRuntime.fromEnv({ FLY_ORG: 'o', FLY_IMAGE: IMAGE })).toBeUndefined()
  })

  it('refuses a configured Fly without FLY_IMAGE', () => {
    expect(() => FlyRuntime.fromEnv({ FLY_API_TOKEN: 't', FLY_ORG: 'o' })).toThrow(/FLY_IMAGE/)
  })

  it('reads the organization, image and region', () => {
    const fromEnv = FlyRuntime.fromEnv({
      FLY_API_TOKEN: 't',
      FLY_ORG: 'acme',
      FLY_IMAGE: IMAGE,
      FLY_REGION: 'ams',
    })
    expect(fromEnv).toBeInstanceOf(FlyRuntime)
    expect(fromEnv?.org).toBe('acme')
    expect(fromEnv?.image).toBe(IMAGE)
    expect(JSON.stringify(fromEnv)).not.toContain('"t"')
  })

  it('derives a short, valid, stable app name that differs by organization', () => {
    const name = appNameFor('dep_1', 'acme')
    expect(name).toMatch(/^mcpr-[a-z2-7]{20}$/)
    expect(appNameFor('dep_1', 'acme')).toBe(name)
    expect(appNameFor('dep_1', 'other')).not.toBe(name)
    expect(appNameFor('dep_2', 'acme')).not.toBe(name)
  })
})
