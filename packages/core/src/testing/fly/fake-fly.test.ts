import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { FakeClock } from '../fake-clock.js'
import { createFakeFly, type FakeFly } from './fake-fly.js'
import { faults } from './fake-fly-faults.js'

const server = setupServer()
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterEach(() => server.resetHandlers())
afterAll(() => server.close())

let clock: FakeClock
let fly: FakeFly

beforeEach(() => {
  clock = new FakeClock()
  fly = createFakeFly({ clock, orgs: ['acme'] })
  server.use(...fly.handlers)
})

afterEach(() => {
  expect(fly.responseViolations).toEqual([])
})

async function call(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const res = await fetch(`${fly.baseUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${fly.token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await res.text()
  return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers }
}

const machineBody = {
  config: {
    image: 'registry.fly.io/mcp-base:1',
    guest: { cpu_kind: 'shared', cpus: 1, memory_mb: 256 },
    services: [{ internal_port: 8080, autostop: 'stop', autostart: true }],
  },
}

async function appAndMachine(): Promise<string> {
  await call('POST', '/v1/apps', { name: 'demo', org_slug: 'acme' })
  const created = await call('POST', '/v1/apps/demo/machines', machineBody)
  return created.body.id
}

describe('fake Fly request validation', () => {
  it('accepts requests that follow the OpenAPI document', async () => {
    await appAndMachine()
    expect(fly.violations).toEqual([])
  })

  it('answers 400 and records a violation for a body the document rejects', async () => {
    const id = await appAndMachine()
    const res = await call('POST', `/v1/apps/demo/machines/${id}/stop`, { timeout: 10 })
    expect(res.status).toBe(400)
    expect(fly.violations).toEqual([
      expect.objectContaining({
        operation: 'Machines_stop',
        message: '/timeout: must be string',
        severity: 'reject',
      }),
    ])
  })

  it('records an undocumented field, which the real API would ignore, and still answers', async () => {
    await call('POST', '/v1/apps', { name: 'demo', org_slug: 'acme', region: 'ams' })
    expect(fly.app('demo')).toBeDefined()
    expect(fly.violations).toEqual([
      expect.objectContaining({
        message: '(body): undocumented field region',
        severity: 'ignored',
      }),
    ])
  })

  it('records an undocumented query parameter such as force on app delete', async () => {
    await call('POST', '/v1/apps', { name: 'demo', org_slug: 'acme' })
    const res = await call('DELETE', '/v1/apps/demo?force=true')
    expect(res.status).toBe(202)
    expect(fly.violations.map((v) => v.message)).toEqual(['undocumented query parameter force'])
  })

  it('answers 400 when a required query parameter is missing', async () => {
    const res = await call('GET', '/v1/apps')
    expect(res.status).toBe(400)
    expect(fly.violations.map((v) => v.message)).toEqual([
      'missing required query parameter org_slug',
    ])
  })

  it('answers 404 for a path the document does not have', async () => {
    const res = await call('GET', '/v1/apps/demo/nonsense')
    expect(res.status).toBe(404)
    expect(fly.violations[0]).toMatchObject({ operation: '(unknown)', message: 'no such path' })
  })

  it('accepts metadata.<key> filters and rejects a non-boolean include_deleted', async () => {
    await appAndMachine()
    expect((await call('GET', '/v1/apps/demo/machines?metadata.tag=x')).status).toBe(200)
    expect((await call('GET', '/v1/apps/demo/machines?include_deleted=yes')).status).toBe(400)
    expect(fly.violations.map((v) => v.message)).toEqual([
      'query parameter include_deleted must be a boolean',
    ])
  })

  it('requires the lease nonce header to release a lease', async () => {
    const id = await appAndMachine()
    const res = await call('DELETE', `/v1/apps/demo/machines/${id}/lease`)
    expect(res.status).toBe(400)
    expect(fly.violations.map((v) => v.message)).toEqual([
      'missing required header fly-machine-lease-nonce',
    ])
  })

  it('answers 401 without the token', async () => {
    const res = await call('GET', '/v1/apps?org_slug=acme', undefined, {
      authorization: 'Bearer nope',
    })
    expect(res.status).toBe(401)
  })
})

describe('fake Fly behaviour', () => {
  it('moves a machine through its states on the virtual clock', async () => {
    const id = await appAndMachine()
    const state = async () => (await call('GET', `/v1/apps/demo/machines/${id}`)).body.state
    expect(await state()).toBe('created')
    clock.advance(100)
    expect(await state()).toBe('starting')
    clock.advance(1_500)
    expect(await state()).toBe('started')
    await call('POST', `/v1/apps/demo/machines/${id}/stop`, { signal: 'SIGTERM' })
    expect(await state()).toBe('stopping')
    clock.advance(500)
    expect(await state()).toBe('stopped')
    await call('DELETE', `/v1/apps/demo/machines/${id}`)
    clock.advance(200)
    expect((await call('GET', `/v1/apps/demo/machines/${id}`)).status).toBe(404)
    expect(fly.violations).toEqual([])
  })

  it('blocks a wait on the virtual clock and answers 408 when the state does not come', async () => {
    fly.setDefaultBoot({ outcome: 'stuck' })
    const id = await appAndMachine()
    const before = clock.now()
    const res = await call('GET', `/v1/apps/demo/machines/${id}/wait?state=started&timeout=5`)
    expect(res.status).toBe(408)
    expect(clock.now() - before).toBe(5_000)
  })

  it('answers autostop "stop" as the boolean true, like Fly', async () => {
    const id = await appAndMachine()
    const res = await call('GET', `/v1/apps/demo/machines/${id}`)
    expect(res.body.config.services[0].autostop).toBe(true)
  })

  it('refuses to destroy a running machine without force', async () => {
    const id = await appAndMachine()
    clock.advance(2_000)
    expect((await call('DELETE', `/v1/apps/demo/machines/${id}`)).status).toBe(412)
    expect((await call('DELETE', `/v1/apps/demo/machines/${id}?force=true`)).status).toBe(200)
  })

  it('refuses a machine whose min_secrets_version does not exist yet', async () => {
    await call('POST', '/v1/apps', { name: 'demo', org_slug: 'acme' })
    const res = await call('POST', '/v1/apps/demo/machines', {
      ...machineBody,
      min_secrets_version: 3,
    })
    expect(res.status).toBe(400)
  })

  it('returns the first app again for a repeated idempotency key, and name_taken otherwise', async () => {
    const a = await call('POST', '/v1/apps', {
      name: 'demo',
      org_slug: 'acme',
      idempotency_key: 'k',
    })
    const b = await call('POST', '/v1/apps', {
      name: 'demo',
      org_slug: 'acme',
      idempotency_key: 'k',
    })
    expect(b).toMatchObject({ status: 201, body: { id: a.body.id } })
    const c = await call('POST', '/v1/apps', { name: 'demo', org_slug: 'acme' })
    expect(c).toMatchObject({ status: 422, body: { status: 'name_taken' } })
    const d = await call('POST', '/v1/apps', {
      name: 'other',
      org_slug: 'acme',
      idempotency_key: 'k',
    })
    expect(d.status).toBe(422)
  })

  it('plays injected faults in order, then behaves normally', async () => {
    fly.inject('Apps_list', faults.rateLimited(3))
    fly.inject('Apps_list', faults.serverError(502))
    const first = await call('GET', '/v1/apps?org_slug=acme')
    expect(first.status).toBe(429)
    expect(first.headers.get('retry-after')).toBe('3')
    expect((await call('GET', '/v1/apps?org_slug=acme')).status).toBe(502)
    expect((await call('GET', '/v1/apps?org_slug=acme')).status).toBe(200)
    await expect(
      (async () => {
        fly.inject('Apps_list', faults.connectionReset())
        await call('GET', '/v1/apps?org_slug=acme')
      })(),
    ).rejects.toThrow()
  })

  it('applies a request whose response is lost', async () => {
    fly.inject('Apps_create', faults.lostResponse())
    await expect(call('POST', '/v1/apps', { name: 'demo', org_slug: 'acme' })).rejects.toThrow()
    expect(fly.app('demo')).toBeDefined()
  })

  it('sends a fly-request-id header with every answer', async () => {
    const res = await call('GET', '/v1/apps?org_slug=acme')
    expect(res.headers.get('fly-request-id')).toMatch(/^01FAKEREQ/)
  })
})
