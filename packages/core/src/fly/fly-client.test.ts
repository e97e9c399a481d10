import { inspect } from 'node:util'
import { HttpResponse, http } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createFakeFly, FakeClock, type FakeFly, faults } from '../testing/index.js'
import { FlyApiError } from './fly-api-error.js'
import { FlyClient } from './fly-client.js'

const server = setupServer()
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterEach(() => server.resetHandlers())
afterAll(() => server.close())

let clock: FakeClock
let fly: FakeFly
let client: FlyClient

beforeEach(() => {
  clock = new FakeClock()
  fly = createFakeFly({ clock, orgs: ['acme'] })
  server.use(...fly.handlers)
  client = new FlyClient({ token: fly.token, clock, random: () => 0.5 })
})

afterEach(() => {
  expect(fly.violations).toEqual([])
  expect(fly.responseViolations).toEqual([])
})

const APP = 'mcpr-test'
const config = {
  image: 'registry.fly.io/mcp-base:1',
  guest: { cpu_kind: 'shared', cpus: 1, memory_mb: 256 },
  metadata: { tag: 'dep_1' },
}

async function appWithMachine() {
  await client.createApp({ name: APP, org_slug: 'acme' })
  return client.createMachine(APP, { config })
}

describe('FlyClient apps', () => {
  it('creates, reads, lists and deletes an app', async () => {
    const created = await client.createApp({ name: APP, org_slug: 'acme', idempotency_key: 'k' })
    expect(created.id).toBeTruthy()
    const app = await client.getApp(APP)
    expect(app.organization?.slug).toBe('acme')
    expect((await client.listApps('acme')).map((a) => a.name)).toEqual([APP])
    await client.deleteApp(APP)
    await expect(client.getApp(APP)).rejects.toMatchObject({ status: 404, notFound: true })
  })

  it('reports name_taken as Fly status on a FlyApiError that is not retryable', async () => {
    fly.seedApp(APP, 'someone-else')
    const err = await client.createApp({ name: APP, org_slug: 'acme' }).catch((e) => e)
    expect(err).toBeInstanceOf(FlyApiError)
    expect(err).toMatchObject({ status: 422, flyStatus: 'name_taken', retryable: false })
    expect(err.code).toBe('upstream_error')
    expect(err.requestId).toMatch(/^01FAKEREQ/)
    expect(err.toJSON().details).toMatchObject({ fly_status: 'name_taken', status: 422 })
  })

  it('retries an app create with an idempotency key after a lost response, creating one app', async () => {
    fly.inject('Apps_create', faults.lostResponse())
    await client.createApp({ name: APP, org_slug: 'acme', idempotency_key: 'same' })
    expect(fly.apps()).toHaveLength(1)
    expect(fly.requestsTo('Apps_create')).toHaveLength(2)
  })

  it('does not retry an app create without an idempotency key', async () => {
    fly.inject('Apps_create', faults.serverError(503))
    await expect(client.createApp({ name: APP, org_slug: 'acme' })).rejects.toMatchObject({
      status: 503,
    })
    expect(fly.requestsTo('Apps_create')).toHaveLength(1)
  })

  it('pages through the app list with cursors', async () => {
    for (let i = 0; i < 3; i++) fly.seedApp(`app-${i}`, 'acme')
    expect(await client.listApps('acme')).toHaveLength(3)
  })
})

describe('FlyClient retries', () => {
  it('honours Retry-After on 429 before retrying an idempotent call', async () => {
    await client.createApp({ name: APP, org_slug: 'acme' })
    fly.inject('Apps_show', faults.rateLimited(7))
    const before = clock.now()
    await client.getApp(APP)
    expect(clock.now() - before).toBe(7000)
    expect(fly.requestsTo('Apps_show')).toHaveLength(2)
  })

  it.each([500, 502, 503] as const)('retries an idempotent call after a %d', async (status) => {
    await client.createApp({ name: APP, org_slug: 'acme' })
    fly.inject('Apps_show', faults.serverError(status), 2)
    await client.getApp(APP)
    expect(fly.requestsTo('Apps_show')).toHaveLength(3)
  })

  it('retries an idempotent call after a connection reset', async () => {
    await client.createApp({ name: APP, org_slug: 'acme' })
    fly.inject('Apps_show', faults.connectionReset())
    await client.getApp(APP)
    expect(fly.requestsTo('Apps_show')).toHaveLength(2)
  })

  it('backs off with jitter when 429 has no Retry-After', async () => {
    await client.createApp({ name: APP, org_slug: 'acme' })
    fly.inject('Apps_show', faults.rateLimited(), 3)
    const before = clock.now()
    await client.getApp(APP)
    // random() = 0.5: half of 250, 500 and 1000 ms.
    expect(clock.now() - before).toBe(125 + 250 + 500)
  })

  it('gives up when the operation deadline would pass, with the last failure', async () => {
    const short = new FlyClient({ token: fly.token, clock, deadlineMs: 5_000, random: () => 1 })
    await client.createApp({ name: APP, org_slug: 'acme' })
    fly.inject('Apps_show', faults.serverError(502), 100)
    const err = await short.getApp(APP).catch((e) => e)
    expect(err).toMatchObject({ status: 502, retryable: true })
    expect(fly.requestsTo('Apps_show').length).toBeLessThan(10)
  })

  it('never reports the token in an error, its JSON or its inspection', async () => {
    fly.inject('Apps_show', faults.connectionReset(), 50)
    const err = await client.getApp(APP).catch((e) => e)
    expect(err).toMatchObject({ code: 'upstream_error', details: { reason: 'network' } })
    const text = `${err.message} ${JSON.stringify(err)} ${inspect(err, { depth: 10 })} ${inspect(client, { depth: 10 })}`
    expect(text).not.toContain(fly.token)
  })

  it('keeps no Fly error text for calls whose body holds secrets', async () => {
    await client.createApp({ name: APP, org_slug: 'acme' })
    fly.inject('Secrets_update', { kind: 'status', status: 400, error: 'bad value s3cr3t' })
    const err = await client.setSecrets(APP, { KEY: 's3cr3t' }).catch((e) => e)
    expect(JSON.stringify(err)).not.toContain('s3cr3t')
    expect(inspect(err, { depth: 10 })).not.toContain('s3cr3t')
  })
})

describe('FlyClient machines', () => {
  it('creates a machine that goes through created, starting and started', async () => {
    const m = await appWithMachine()
    expect(m.state).toBe('created')
    const waited = await client.waitForState(APP, m.id, { state: 'started' })
    expect(waited.state).toBe('started')
    expect((await client.getMachine(APP, m.id)).state).toBe('started')
  })

  it('never retries a machine create blindly', async () => {
    await client.createApp({ name: APP, org_slug: 'acme' })
    fly.inject('Machines_create', faults.lostResponse())
    await expect(client.createMachine(APP, { config })).rejects.toMatchObject({
      details: { reason: 'network' },
    })
    expect(fly.requestsTo('Machines_create')).toHaveLength(1)
  })

  it('finds the machine a lost create made instead of creating a second one', async () => {
    await client.createApp({ name: APP, org_slug: 'acme' })
    fly.inject('Machines_create', faults.lostResponse())
    const m = await client.createMachine(
      APP,
      { config },
      { dedupeBy: { key: 'tag', value: 'dep_1' } },
    )
    expect(fly.liveMachines(APP).map((x) => x.id)).toEqual([m.id])
    expect(fly.requestsTo('Machines_create')).toHaveLength(1)
    expect(fly.requestsTo('Machines_list')[0]?.query).toEqual({ 'metadata.tag': 'dep_1' })
  })

  it('retries a create that failed before reaching Fly once the tag finds nothing', async () => {
    await client.createApp({ name: APP, org_slug: 'acme' })
    fly.inject('Machines_create', faults.connectionReset())
    fly.inject('Machines_create', faults.insufficientCapacity())
    await client.createMachine(APP, { config }, { dedupeBy: { key: 'tag', value: 'dep_1' } })
    expect(fly.liveMachines(APP)).toHaveLength(1)
    expect(fly.requestsTo('Machines_create')).toHaveLength(3)
  })

  it('lists machines by metadata', async () => {
    await appWithMachine()
    await client.createMachine(APP, { config: { ...config, metadata: { tag: 'other' } } })
    const found = await client.listMachines(APP, { metadata: { tag: 'dep_1' } })
    expect(found).toHaveLength(1)
    expect(found[0]?.config?.metadata).toEqual({ tag: 'dep_1' })
  })

  it('waits across 408s until the caller deadline', async () => {
    const m = await appWithMachine()
    fly.inject('Machines_wait', faults.waitTimeout(), 2)
    const res = await client.waitForState(APP, m.id, { state: 'started', timeoutMs: 180_000 })
    expect(res.state).toBe('started')
    expect(fly.requestsTo('Machines_wait')).toHaveLength(3)
  })

  it('fails with 408 when the state is not reached before the deadline', async () => {
    fly.setDefaultBoot({ outcome: 'stuck' })
    const m = await appWithMachine()
    const before = clock.now()
    const err = await client
      .waitForState(APP, m.id, { state: 'started', timeoutMs: 90_000 })
      .catch((e) => e)
    expect(err).toMatchObject({ status: 408 })
    expect(clock.now() - before).toBe(90_000)
    expect(fly.requestsTo('Machines_wait').map((r) => r.query.timeout)).toEqual(['60', '30'])
  })

  it('stops with a JSON body, starts, restarts and deletes', async () => {
    const m = await appWithMachine()
    await client.waitForState(APP, m.id)
    await client.stopMachine(APP, m.id, { signal: 'SIGTERM', timeout: '10s' })
    await client.waitForState(APP, m.id, { state: 'stopped' })
    expect(fly.requestsTo('Machines_stop')[0]?.body).toEqual({ signal: 'SIGTERM', timeout: '10s' })
    await client.startMachine(APP, m.id)
    await client.waitForState(APP, m.id, { state: 'started' })
    await client.restartMachine(APP, m.id, { signal: 'SIGINT' })
    await client.waitForState(APP, m.id, { state: 'started' })
    await client.deleteMachine(APP, m.id, { force: true })
    await client.waitForState(APP, m.id, { state: 'destroyed' }).catch(() => undefined)
    expect(fly.liveMachines(APP)).toHaveLength(0)
  })

  it('reads the boolean autostop of old-format responses like the string form', async () => {
    await client.createApp({ name: APP, org_slug: 'acme' })
    const m = await client.createMachine(APP, {
      config: { ...config, services: [{ internal_port: 8080, autostop: 'stop', autostart: true }] },
    })
    // The fake, like Fly, answers `autostop: true` for "stop".
    const raw = fly.requestsTo('Machines_create')
    expect(raw).toHaveLength(1)
    expect(m.config?.services?.[0]?.autostop).toBe('stop')
    server.use(
      http.get(`${fly.baseUrl}/v1/apps/${APP}/machines/${m.id}`, () =>
        HttpResponse.json({
          id: m.id,
          state: 'started',
          config: { services: [{ autostop: false }] },
        }),
      ),
    )
    expect((await client.getMachine(APP, m.id)).config?.services?.[0]?.autostop).toBe('off')
  })
})

describe('FlyClient secrets, IPs and leases', () => {
  it('sets many secrets in one call and returns the version', async () => {
    await client.createApp({ name: APP, org_slug: 'acme' })
    const first = await client.setSecrets(APP, { A: '1', B: '2' })
    const second = await client.setSecrets(APP, { A: '3' })
    expect(second.version).toBe(first.version + 1)
    expect((await client.listSecrets(APP)).map((s) => s.name).sort()).toEqual(['A', 'B'])
  })

  it('assigns a shared IPv4 and an IPv6 address', async () => {
    await client.createApp({ name: APP, org_slug: 'acme' })
    await client.assignIp(APP, { type: 'shared_v4' })
    await client.assignIp(APP, { type: 'v6' })
    const ips = await client.listIpAssignments(APP)
    expect(ips.map((i) => i.shared)).toEqual([true, false])
  })

  it('holds a lease with its nonce and releases it', async () => {
    const m = await appWithMachine()
    const lease = await client.acquireLease(APP, m.id, { ttl: 30, description: 'test' })
    expect(lease.nonce).toBeTruthy()
    await expect(client.acquireLease(APP, m.id, { ttl: 30 })).rejects.toMatchObject({ status: 409 })
    const refreshed = await client.acquireLease(APP, m.id, { ttl: 60, nonce: lease.nonce })
    expect(refreshed.nonce).toBe(lease.nonce)
    await client.releaseLease(APP, m.id, lease.nonce)
    expect(fly.requestsTo('Machines_release_lease')).toHaveLength(1)
    await client.withLease(APP, m.id, async () => undefined, { ttl: 10 })
  })
})
