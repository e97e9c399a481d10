import SwaggerParser from '@apidevtools/swagger-parser'
import { IdempotencyKeyReusedError, McpRemoteError } from '@mcp-remote/core'
import { describe, expect, it } from 'vitest'
import { CONFIG, harness, TOKEN } from '../../test/app-harness.js'
import { FakePlatform, fakeEstimate } from '../../test/fake-platform.js'

type Body = {
  error: string
  message: string
  details: Record<string, unknown>
  retry_allowed: boolean
}

async function jsonOf<T = Record<string, unknown>>(res: Response): Promise<T> {
  return (await res.json()) as T
}

async function errorOf(res: Response): Promise<Body> {
  const body = (await res.json()) as Body
  expect(Object.keys(body).sort()).toEqual(['details', 'error', 'message', 'retry_allowed'])
  return body
}

const ROUTES = [
  ['POST', '/api/deployments'],
  ['GET', '/api/deployments'],
  ['GET', '/api/deployments/dep_1'],
  ['POST', '/api/deployments/dep_1/stop'],
  ['POST', '/api/deployments/dep_1/restart'],
  ['DELETE', '/api/deployments/dep_1'],
  ['POST', '/api/analyze'],
  ['GET', '/api/analysis/ana_1'],
  ['GET', '/api/cost'],
  ['GET', '/api/cost?runtime=local'],
  ['GET', '/api/nothing-here'],
  ['PUT', '/api/deployments'],
] as const

describe('authentication', () => {
  it.each(ROUTES)('answers 401 to %s %s without the API token', async (method, path) => {
    const { app } = harness()
    const res = await app.request(path, { method })
    expect(res.status).toBe(401)
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/)
    expect((await errorOf(res)).error).toBe('unauthorized')
  })

  it.each(ROUTES)('answers 401 to %s %s with a wrong token', async (method, path) => {
    const { app } = harness()
    const res = await app.request(path, { method, headers: { authorization: `Bearer ${TOKEN}x` } })
    expect(res.status).toBe(401)
    expect((await errorOf(res)).details).toEqual({ reason: 'invalid' })
  })

  it('refuses a token sent with another scheme', async () => {
    const { app } = harness()
    const res = await app.request('/api/deployments', {
      headers: { authorization: `Basic ${TOKEN}` },
    })
    expect(res.status).toBe(401)
  })

  it('serves health and the OpenAPI document without a token', async () => {
    const { app } = harness()
    expect((await app.request('/api/health')).status).toBe(200)
    expect((await app.request('/api/openapi.json')).status).toBe(200)
  })
})

describe('POST /api/deployments', () => {
  const body = { config: CONFIG, credentials: { API_KEY: 'k-1' }, confirm_cost: true }

  it('answers 202 with the deployment in deploying and its Location', async () => {
    const { send, platform } = harness()
    const res = await send('POST', '/api/deployments', body)
    expect(res.status).toBe(202)
    const view = (await res.json()) as { id: string; status: string; cost: { monthly_usd: number } }
    expect(view.status).toBe('deploying')
    expect(view.cost.monthly_usd).toBe(0)
    expect(res.headers.get('location')).toBe(`/api/deployments/${view.id}`)
    expect(platform.deployInputs[0]).toMatchObject({ runtime: 'local', confirmCost: true })
  })

  describe('with an Idempotency-Key', () => {
    const post = (app: ReturnType<typeof harness>['app'], key: string) =>
      app.request('/api/deployments', {
        method: 'POST',
        body: JSON.stringify(body),
        headers: {
          authorization: `Bearer ${TOKEN}`,
          'content-type': 'application/json',
          'idempotency-key': key,
        },
      })

    it('hands the key to the platform', async () => {
      const { app, platform } = harness()
      expect((await post(app, 'a1b2-c3d4')).status).toBe(202)
      expect(platform.deployInputs[0]?.idempotencyKey).toBe('a1b2-c3d4')
    })

    it('answers 400 naming the header for a key that is not 1 to 255 visible ASCII', async () => {
      const { app, platform } = harness()
      const res = await post(app, 'x'.repeat(256))
      expect(res.status).toBe(400)
      const err = await errorOf(res)
      expect(err.error).toBe('invalid_request')
      expect(JSON.stringify(err.details)).toContain('idempotency-key')
      expect(platform.deployInputs).toEqual([])
    })

    it('answers 422 idempotency_key_reused when the key named another request', async () => {
      const { app, platform } = harness()
      platform.deploy = async () => {
        throw new IdempotencyKeyReusedError('dep_0001')
      }
      const res = await post(app, 'a1b2-c3d4')
      expect(res.status).toBe(422)
      expect(await errorOf(res)).toMatchObject({
        error: 'idempotency_key_reused',
        details: { deployment_id: 'dep_0001' },
        retry_allowed: false,
      })
    })
  })

  it.each([
    ['missing', undefined],
    ['false', false],
  ])(
    'requires confirm_cost even for a free local deploy (%s), with the estimate',
    async (_, confirm) => {
      const { send, platform } = harness()
      const res = await send('POST', '/api/deployments', { ...body, confirm_cost: confirm })
      expect(res.status).toBe(400)
      const err = await errorOf(res)
      expect(err.error).toBe('cost_not_confirmed')
      expect(err.details).toMatchObject({ estimate: { runtime: 'local', monthly_usd: 0 } })
      expect(platform.deployments.size).toBe(0)
    },
  )

  it('shows the Fly estimate when the Fly runtime is asked for', async () => {
    const { send } = harness({ platform: new FakePlatform(['local', 'fly']) })
    const res = await send('POST', '/api/deployments', {
      ...body,
      runtime: 'fly',
      confirm_cost: undefined,
    })
    expect((await errorOf(res)).details).toMatchObject({
      estimate: { runtime: 'fly', monthly_usd: 1.94 },
    })
  })

  it('refuses a runtime the server does not offer', async () => {
    const { send } = harness()
    const res = await send('POST', '/api/deployments', { ...body, runtime: 'fly' })
    expect(res.status).toBe(400)
    expect((await errorOf(res)).details).toEqual({
      issues: [{ path: 'runtime', message: 'must be one of: local' }],
    })
  })

  it('refuses unknown fields at the top level and inside config', async () => {
    const { send } = harness()
    const top = await send('POST', '/api/deployments', { ...body, extra: 1 })
    expect(top.status).toBe(400)
    expect(JSON.stringify(await errorOf(top))).toContain('extra')
    const inner = await send('POST', '/api/deployments', {
      ...body,
      config: { ...CONFIG, shell: 'sh' },
    })
    expect(inner.status).toBe(400)
    expect(JSON.stringify(await errorOf(inner))).toContain('shell')
  })

  it('answers wrong types with invalid_request naming the field but never the value', async () => {
    const { send } = harness()
    const res = await send('POST', '/api/deployments', {
      ...body,
      credentials: { API_KEY: 424242 },
    })
    expect(res.status).toBe(400)
    const err = await errorOf(res)
    expect(err.error).toBe('invalid_request')
    expect(JSON.stringify(err)).toContain('credentials.API_KEY')
    expect(JSON.stringify(err)).not.toContain('424242')
  })

  it.each([
    [
      'a NUL in a config string',
      { config: { ...CONFIG, display_name: 'E\u0000' } },
      'config.display_name',
    ],
    [
      'a lone surrogate in a config string',
      { config: { ...CONFIG, notes: 'x\ud800' } },
      'config.notes',
    ],
    [
      'a NUL in a credential',
      { credentials: { API_KEY: 'k\u0000secret-canary' } },
      'credentials.API_KEY',
    ],
    [
      'a NUL in a credential name',
      { credentials: { API_KEY: 'k', 'A\u0000': 'v' } },
      'credentials',
    ],
    ['a NUL in the source label', { source: 'npm:x\u0000' }, 'source'],
  ])(
    'answers %s, which no store can hold, with 400 naming the field but never the value',
    async (_, patch, path) => {
      const { send, platform } = harness()
      const res = await send('POST', '/api/deployments', { ...body, ...patch })
      expect(res.status).toBe(400)
      const err = await errorOf(res)
      expect(err.error).toBe('invalid_request')
      expect(err.details.issues).toEqual([{ path, message: expect.any(String) }])
      expect(JSON.stringify(err)).not.toContain('secret-canary')
      expect(platform.deployInputs).toEqual([])
    },
  )

  it('answers a NUL in an analysis id or an analyzed URL with 400, not a failed store query', async () => {
    const { send } = harness()
    const dep = await send('POST', '/api/deployments', {
      analysis_id: 'ana_\u0000',
      confirm_cost: true,
    })
    expect(dep.status).toBe(400)
    const analyze = await send('POST', '/api/analyze', { url: 'npm:x\u0000' })
    expect(analyze.status).toBe(400)
    expect((await errorOf(analyze)).details).toEqual({
      issues: [{ path: 'url', message: expect.any(String) }],
    })
  })

  it('answers malformed JSON with invalid_request', async () => {
    const { send } = harness()
    const res = await send('POST', '/api/deployments', '{"config": ')
    expect(res.status).toBe(400)
    expect(await errorOf(res)).toMatchObject({
      error: 'invalid_request',
      details: { reason: 'malformed_json' },
    })
  })

  it('answers a body that is not JSON with 415', async () => {
    const { call } = harness()
    const res = await call('/api/deployments', {
      method: 'POST',
      body: 'config=1',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    })
    expect(res.status).toBe(415)
    expect((await errorOf(res)).error).toBe('invalid_request')
  })

  it('answers a missing required credential with 422 missing_credentials', async () => {
    const { send } = harness()
    const res = await send('POST', '/api/deployments', { ...body, credentials: {} })
    expect(res.status).toBe(422)
    expect(await errorOf(res)).toMatchObject({
      error: 'missing_credentials',
      details: { missing: ['API_KEY'] },
    })
  })

  it('refuses a run command with shell syntax', async () => {
    const { send } = harness()
    const config = { ...CONFIG, run_command: 'npx -y pkg; rm -rf /' }
    const res = await send('POST', '/api/deployments', { ...body, config })
    expect(res.status).toBe(400)
    expect(JSON.stringify(await errorOf(res))).toContain('run_command')
  })

  it('needs a config, an analysis or a source', async () => {
    const { send } = harness()
    const res = await send('POST', '/api/deployments', { credentials: {}, confirm_cost: true })
    expect(res.status).toBe(400)
    expect((await errorOf(res)).details).toEqual({
      issues: [{ path: 'config', message: 'is required without analysis_id or source' }],
    })
  })

  it("deploys an analysis' config with the request's fields on top", async () => {
    const { send, platform } = harness()
    platform.addAnalysis({ id: 'ana_1', source: 'https://github.com/o/r', config: CONFIG })
    const res = await send('POST', '/api/deployments', {
      analysis_id: 'ana_1',
      config: { display_name: 'Mine' },
      credentials: { API_KEY: 'k' },
      confirm_cost: true,
    })
    expect(res.status).toBe(202)
    expect(platform.deployInputs[0]).toMatchObject({
      source: 'https://github.com/o/r',
      config: {
        display_name: 'Mine',
        package_name: CONFIG.package_name,
        env_vars: [{ name: 'API_KEY' }],
      },
    })
  })

  it('answers 404 for an unknown analysis and 422 for one without a config', async () => {
    const { send, platform } = harness()
    platform.addAnalysis({ id: 'ana_2', status: 'failed', config: null })
    const missing = await send('POST', '/api/deployments', {
      analysis_id: 'ana_9',
      confirm_cost: true,
    })
    expect(missing.status).toBe(404)
    const empty = await send('POST', '/api/deployments', {
      analysis_id: 'ana_2',
      confirm_cost: true,
    })
    expect(empty.status).toBe(422)
    expect((await errorOf(empty)).error).toBe('analysis_failed')
  })

  it('answers an analysis id that cannot be one with 400, as the path parameter does', async () => {
    const { send } = harness()
    const res = await send('POST', '/api/deployments', {
      analysis_id: 'ana_✓ x/../',
      confirm_cost: true,
    })
    expect(res.status).toBe(400)
    expect((await errorOf(res)).details).toEqual({
      issues: [{ path: 'analysis_id', message: 'must be an analysis id' }],
    })
  })

  it('analyzes a source given alone and deploys what it found', async () => {
    const { send, platform } = harness()
    platform.addAnalysis({
      id: 'ana_3',
      source: 'npm:@modelcontextprotocol/server-everything',
      config: CONFIG,
    })
    const res = await send('POST', '/api/deployments', {
      source: 'npm:@modelcontextprotocol/server-everything',
      credentials: { API_KEY: 'k' },
      confirm_cost: true,
    })
    expect(res.status).toBe(202)
    expect(platform.analyzeCalls).toEqual([
      { source: 'npm:@modelcontextprotocol/server-everything', refresh: false },
    ])
  })

  it.each(['/etc', 'file:///etc/passwd', 'just a label'])(
    'refuses %j as the source labelling a config: a source is a repository URL or npm spec',
    async (source) => {
      const { send, platform } = harness()
      const res = await send('POST', '/api/deployments', { ...body, source })
      expect(res.status).toBe(400)
      expect((await errorOf(res)).error).toBe('invalid_source')
      expect(platform.deployInputs).toEqual([])
    },
  )

  it('keeps a GitHub URL labelling a config as the source', async () => {
    const { send, platform } = harness()
    const source = 'https://github.com/modelcontextprotocol/servers'
    expect(
      (await send('POST', '/api/deployments', { ...body, source: ` ${source} ` })).status,
    ).toBe(202)
    expect(platform.deployInputs[0]?.source).toBe(source)
  })

  it("refuses a source naming the server's own files", async () => {
    const { send } = harness()
    const res = await send('POST', '/api/deployments', { source: '/etc', confirm_cost: true })
    expect(res.status).toBe(400)
    expect((await errorOf(res)).error).toBe('invalid_source')
  })
})

describe('deployment lifecycle routes', () => {
  async function deployed() {
    const h = harness()
    for (const name of ['First', 'Second']) {
      const config = { ...CONFIG, display_name: name }
      await h.send('POST', '/api/deployments', {
        config,
        credentials: { API_KEY: 'k' },
        confirm_cost: true,
      })
    }
    return h
  }

  it('lists deployments newest first', async () => {
    const { call } = await deployed()
    const res = await call('/api/deployments')
    const { deployments } = (await res.json()) as { deployments: Array<{ display_name: string }> }
    expect(deployments.map((d) => d.display_name)).toEqual(['Second', 'First'])
    const limited = (await (await call('/api/deployments?limit=1')).json()) as {
      deployments: unknown[]
    }
    expect(limited.deployments).toHaveLength(1)
  })

  it.each(['0x10', '1e2', ' 5', '5.0', '', '0', '1001', '-1'])(
    'refuses limit=%j: a whole number from 1 to 1000',
    async (limit) => {
      const { call } = harness()
      const res = await call(`/api/deployments?limit=${encodeURIComponent(limit)}`)
      expect(res.status).toBe(400)
      expect(JSON.stringify((await errorOf(res)).details)).toContain('"path":"limit"')
    },
  )

  it('refuses a repeated limit, and documents limit as an integer from 1 to 1000', async () => {
    const { call, app } = harness()
    expect((await call('/api/deployments?limit=1&limit=2')).status).toBe(400)
    expect((await call('/api/deployments?limit=1000')).status).toBe(200)
    const doc = (await (await app.request('/api/openapi.json')).json()) as {
      paths: Record<string, { get: { parameters: Array<{ name: string; schema: unknown }> } }>
    }
    const param = doc.paths['/api/deployments']?.get.parameters.find((p) => p.name === 'limit')
    expect(param?.schema).toMatchObject({ type: 'integer', minimum: 1, maximum: 1000 })
  })

  it('shows one deployment with endpoints, tools, events and cost once running', async () => {
    const { call, platform } = await deployed()
    platform.settle('dep_0001', 'running')
    const view = await jsonOf<{ events: Array<{ to_status: string }> }>(
      await call('/api/deployments/dep_0001'),
    )
    expect(view).toMatchObject({
      status: 'running',
      tools: ['echo'],
      endpoints: {
        streamable_http: expect.stringMatching(/\/t\/.+\/mcp$/),
        sse: expect.stringMatching(/\/sse$/),
      },
      cost: { runtime: 'local' },
    })
    expect(view.events.map((e) => e.to_status)).toEqual(['deploying', 'running'])
  })

  it('answers 404 not_found for an unknown deployment on every route', async () => {
    const { call } = await deployed()
    for (const [method, path] of [
      ['GET', '/api/deployments/dep_9'],
      ['POST', '/api/deployments/dep_9/stop'],
      ['POST', '/api/deployments/dep_9/restart'],
      ['DELETE', '/api/deployments/dep_9'],
      ['GET', '/api/analysis/ana_9'],
    ]) {
      const res = await call(path!, { method: method! })
      expect(res.status, `${method} ${path}`).toBe(404)
      expect((await errorOf(res)).error).toBe('not_found')
    }
  })

  it('answers 400 for an id that cannot be one', async () => {
    const { call } = await deployed()
    const res = await call('/api/deployments/dep%20%24x')
    expect(res.status).toBe(400)
  })

  it('answers 409 invalid_transition when stopping a deployment still deploying', async () => {
    const { call } = await deployed()
    const res = await call('/api/deployments/dep_0001/stop', { method: 'POST' })
    expect(res.status).toBe(409)
    expect(await errorOf(res)).toMatchObject({
      error: 'invalid_transition',
      details: { from: 'deploying', event: 'stop' },
    })
  })

  it('stops, restarts and deletes a running deployment', async () => {
    const { call, platform } = await deployed()
    platform.settle('dep_0001', 'running')
    const stopped = await call('/api/deployments/dep_0001/stop', { method: 'POST' })
    expect(stopped.status).toBe(200)
    expect((await jsonOf(stopped)).status).toBe('stopped')
    const again = await call('/api/deployments/dep_0001/stop', { method: 'POST' })
    expect(again.status).toBe(409)
    const restarted = await call('/api/deployments/dep_0001/restart', { method: 'POST' })
    expect(restarted.status).toBe(202)
    expect((await jsonOf(restarted)).status).toBe('deploying')
    const deleted = await call('/api/deployments/dep_0001', { method: 'DELETE' })
    expect(deleted.status).toBe(204)
    expect(await deleted.text()).toBe('')
    expect((await call('/api/deployments/dep_0001')).status).toBe(404)
  })
})

describe('GET /api/cost', () => {
  it("answers the default runtime's estimate without creating anything", async () => {
    const { call, platform } = harness()
    const res = await call('/api/cost')
    expect(res.status).toBe(200)
    expect(await jsonOf(res)).toEqual(fakeEstimate('local'))
    expect(platform.deployments.size).toBe(0)
    expect(platform.deployInputs).toEqual([])
  })

  it('answers the estimate of the runtime asked for, the same one a deploy asks to confirm', async () => {
    const { call, send } = harness({ platform: new FakePlatform(['local', 'fly']) })
    const res = await call('/api/cost?runtime=fly')
    expect(res.status).toBe(200)
    const estimate = await jsonOf(res)
    expect(estimate).toMatchObject({ runtime: 'fly', monthly_usd: 1.94, idle_monthly_usd: 0.15 })
    const refused = await send('POST', '/api/deployments', {
      config: CONFIG,
      credentials: { API_KEY: 'k-1' },
      runtime: 'fly',
    })
    expect((await errorOf(refused)).details).toEqual({ estimate })
  })

  it('refuses a runtime this server does not offer with 400 invalid_request listing those it does', async () => {
    const { call } = harness()
    const res = await call('/api/cost?runtime=fly')
    expect(res.status).toBe(400)
    const err = await errorOf(res)
    expect(err).toMatchObject({ error: 'invalid_request', retry_allowed: false })
    expect(err.details).toEqual({ issues: [{ path: 'runtime', message: 'must be one of: local' }] })
  })

  it.each(['docker', '', 'LOCAL'])(
    'refuses the unknown runtime %j with 400 invalid_request',
    async (name) => {
      const { call } = harness()
      const res = await call(`/api/cost?runtime=${encodeURIComponent(name)}`)
      expect(res.status).toBe(400)
      const err = await errorOf(res)
      expect(err.error).toBe('invalid_request')
      expect(err.details).toEqual({
        issues: [{ path: 'runtime', message: 'must be one of: local, fly' }],
      })
    },
  )

  it('answers 401 without the API token, and tells no price', async () => {
    const { app } = harness()
    const res = await app.request('/api/cost?runtime=local')
    expect(res.status).toBe(401)
    const text = await res.text()
    expect(text).not.toContain('monthly_usd')
    expect(JSON.parse(text)).toMatchObject({ error: 'unauthorized' })
  })
})

describe('analysis routes', () => {
  it('analyzes a GitHub URL, passing refresh, and shows the analysis by id', async () => {
    const { send, call, platform } = harness()
    platform.addAnalysis({ id: 'ana_1', source: 'https://github.com/o/r', config: CONFIG })
    const res = await send('POST', '/api/analyze?refresh=true', { url: 'https://github.com/o/r' })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({
      id: 'ana_1',
      status: 'complete',
      config: { display_name: 'Everything' },
    })
    expect(platform.analyzeCalls).toEqual([{ source: 'https://github.com/o/r', refresh: true }])
    const got = await call('/api/analysis/ana_1')
    expect((await jsonOf(got)).id).toBe('ana_1')
  })

  it('answers 202 while an analysis is still running', async () => {
    const { send, platform } = harness()
    platform.addAnalysis({ id: 'ana_1', source: 'npm:x', status: 'analyzing' })
    expect((await send('POST', '/api/analyze', { url: 'npm:x' })).status).toBe(202)
  })

  it('refuses local paths, unknown fields and a bad refresh flag', async () => {
    const { send } = harness()
    expect((await send('POST', '/api/analyze', { url: '../secrets' })).status).toBe(400)
    expect((await send('POST', '/api/analyze', { url: 'npm:x', ref: 'main' })).status).toBe(400)
    expect((await send('POST', '/api/analyze?refresh=yes', { url: 'npm:x' })).status).toBe(400)
  })
})

describe('routing errors', () => {
  it('answers an unknown route with 404 not_found', async () => {
    const { call } = harness()
    const res = await call('/api/nothing-here')
    expect(res.status).toBe(404)
    expect(await errorOf(res)).toMatchObject({
      error: 'not_found',
      details: { path: '/api/nothing-here' },
    })
  })

  it.each([
    ['PUT', '/api/deployments', 'GET, HEAD, POST'],
    ['PATCH', '/api/deployments/dep_1', 'GET, HEAD, DELETE'],
    ['GET', '/api/deployments/dep_1/stop', 'POST'],
    ['DELETE', '/api/analyze', 'POST'],
  ])('answers %s %s with 405 and Allow: %s', async (method, path, allow) => {
    const { call } = harness()
    const res = await call(path, { method })
    expect(res.status).toBe(405)
    expect(res.headers.get('allow')?.split(', ').sort()).toEqual(allow.split(', ').sort())
    expect((await errorOf(res)).error).toBe('invalid_request')
  })
})

describe('body size', () => {
  it('answers 413 when a streamed body grows past the cap', async () => {
    const { app } = harness()
    const chunk = new TextEncoder().encode(`"${'x'.repeat(64 * 1024)}",`)
    let sent = 0
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > 40) return controller.close()
        sent += 1
        controller.enqueue(chunk)
      },
    })
    const res = await app.request('/api/deployments', {
      method: 'POST',
      body: stream,
      headers: {
        authorization: `Bearer ${TOKEN}`,
        'content-type': 'application/json',
        'transfer-encoding': 'chunked',
      },
      duplex: 'half',
    } as RequestInit)
    expect(res.status).toBe(413)
    expect((await errorOf(res)).error).toBe('payload_too_large')
  })
})

describe('the OpenAPI document tells every status a route answers', () => {
  async function documented(app: ReturnType<typeof harness>['app'], method: string, path: string) {
    const doc = (await (await app.request('/api/openapi.json')).json()) as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>
    }
    return Object.keys(doc.paths[path]?.[method.toLowerCase()]?.responses ?? {})
  }

  it.each([
    ['POST', '/api/deployments', '/api/deployments'],
    ['POST', '/api/deployments/dep_1/stop', '/api/deployments/{id}/stop'],
    ['POST', '/api/deployments/dep_1/restart', '/api/deployments/{id}/restart'],
    ['DELETE', '/api/deployments/dep_1', '/api/deployments/{id}'],
    ['POST', '/api/analyze', '/api/analyze'],
  ])(
    'answers 413 payload_too_large by Content-Length to %s %s, and documents it',
    async (method, path, template) => {
      const { app } = harness()
      const res = await app.request(path, {
        method,
        body: '{}',
        headers: {
          authorization: `Bearer ${TOKEN}`,
          'content-type': 'application/json',
          'content-length': String(2 * 1024 * 1024),
        },
      })
      expect(res.status).toBe(413)
      expect((await errorOf(res)).error).toBe('payload_too_large')
      expect(await documented(app, method, template)).toContain('413')
    },
  )

  it('documents the 502 a deploy of a source answers when its analysis cannot reach upstream', async () => {
    const { app, send, platform } = harness()
    platform.analyze = async () => {
      throw new McpRemoteError('upstream_error', 'github repository request failed (503)', {
        retryAllowed: true,
      })
    }
    const res = await send('POST', '/api/deployments', {
      source: 'https://github.com/o/r',
      confirm_cost: true,
    })
    expect(res.status).toBe(502)
    expect(await documented(app, 'POST', '/api/deployments')).toContain('502')
  })
})

describe('rate limit', () => {
  it('answers 429 rate_limited with Retry-After past the per-minute limit, then recovers', async () => {
    const { app, clock } = harness({ rateLimitPerMinute: 5 })
    for (let i = 0; i < 5; i += 1) expect((await app.request('/api/health')).status).toBe(200)
    const limited = await app.request('/api/deployments', {
      headers: { authorization: `Bearer ${TOKEN}` },
    })
    expect(limited.status).toBe(429)
    expect(limited.headers.get('retry-after')).toBe('12')
    expect(await errorOf(limited)).toMatchObject({ error: 'rate_limited', retry_allowed: true })
    clock.ms += 12_000
    expect((await app.request('/api/health')).status).toBe(200)
  })
})

describe('under node-server', () => {
  const node = (ip: string, headers: Record<string, string>) =>
    ({ incoming: { headers, socket: { remoteAddress: ip } } }) as never

  it("reads headers from Node's parsed request and limits each client IP separately", async () => {
    const { app } = harness({ rateLimitPerMinute: 2 })
    const auth = { authorization: `Bearer ${TOKEN}` }
    expect((await app.request('/api/deployments', {}, node('10.0.0.1', auth))).status).toBe(200)
    expect((await app.request('/api/deployments', {}, node('10.0.0.1', {}))).status).toBe(401)
    expect((await app.request('/api/deployments', {}, node('10.0.0.1', auth))).status).toBe(429)
    expect((await app.request('/api/deployments', {}, node('10.0.0.2', auth))).status).toBe(200)
  })
})

describe('CORS', () => {
  const origin = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop'

  it('answers a preflight from an allowed origin with the methods and headers', async () => {
    const { app } = harness({ corsOrigins: [origin] })
    const res = await app.request('/api/deployments', {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    })
    expect(res.status).toBe(204)
    expect(res.headers.get('access-control-allow-origin')).toBe(origin)
    expect(res.headers.get('access-control-allow-headers')).toContain('Authorization')
    expect(res.headers.get('access-control-allow-headers')).toContain('Content-Type')
  })

  it('allows the Idempotency-Key header in a preflight, so a page can retry a deploy safely', async () => {
    const { app } = harness({ corsOrigins: [origin] })
    const res = await app.request('/api/deployments', {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type, idempotency-key',
      },
    })
    expect(res.status).toBe(204)
    const allowed = (res.headers.get('access-control-allow-headers') ?? '')
      .split(',')
      .map((h) => h.trim().toLowerCase())
    expect(allowed).toContain('idempotency-key')
  })

  it('marks a 429 to an allowed origin, so its page can read Retry-After', async () => {
    const { app } = harness({ corsOrigins: [origin], rateLimitPerMinute: 1 })
    expect((await app.request('/api/health', { headers: { origin } })).status).toBe(200)
    const limited = await app.request('/api/health', { headers: { origin } })
    expect(limited.status).toBe(429)
    expect(limited.headers.get('access-control-allow-origin')).toBe(origin)
    expect(limited.headers.get('access-control-expose-headers')).toMatch(/Retry-After/)
    expect(limited.headers.get('retry-after')).not.toBeNull()
  })

  it('refuses a preflight from another origin with 403 forbidden', async () => {
    const { app } = harness({ corsOrigins: [origin] })
    const res = await app.request('/api/deployments', {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    })
    expect(res.status).toBe(403)
    expect((await errorOf(res)).error).toBe('forbidden')
    expect(res.headers.get('access-control-allow-origin')).toBeNull()
  })

  it('marks answers to an allowed origin only', async () => {
    const { call } = harness({ corsOrigins: [origin] })
    const ok = await call('/api/deployments', { headers: { origin } })
    expect(ok.headers.get('access-control-allow-origin')).toBe(origin)
    const other = await call('/api/deployments', { headers: { origin: 'https://evil.example' } })
    expect(other.headers.get('access-control-allow-origin')).toBeNull()
  })
})

describe('health and OpenAPI', () => {
  it('reports store and runtime health, and 503 without leaking the store error', async () => {
    const { app, platform } = harness()
    const ok = await app.request('/api/health')
    expect(await ok.json()).toMatchObject({
      status: 'ok',
      store: { ok: true, dialect: 'pglite', change_feed: 'absent' },
      runtimes: { local: { ok: true } },
      default_runtime: 'local',
    })
    platform.storeUp = false
    const down = await app.request('/api/health')
    expect(down.status).toBe(503)
    const text = await down.text()
    expect(text).toContain('"status":"degraded"')
    expect(text).not.toContain('secret')
  })

  it('names the runtimes offered and the default one, but no price', async () => {
    const platform = new FakePlatform(['fly', 'local'])
    Object.assign(platform, { defaultRuntime: 'fly' })
    const { app } = harness({ platform })
    const text = await (await app.request('/api/health')).text()
    const health = JSON.parse(text) as {
      runtimes: Record<string, unknown>
      default_runtime: string
    }
    expect(Object.keys(health.runtimes)).toEqual(['fly', 'local'])
    expect(health.default_runtime).toBe('fly')
    expect(text).not.toMatch(/usd|cost/i)
  })

  it('describes every route in an OpenAPI 3.1 document', async () => {
    const { app } = harness()
    const doc = (await (await app.request('/api/openapi.json')).json()) as {
      openapi: string
      paths: Record<string, Record<string, unknown>>
      components: { schemas: Record<string, unknown> }
    }
    expect(doc.openapi).toBe('3.1.0')
    // A valid OpenAPI 3.1 document, $refs and all (swagger-parser checks it against the spec's schema).
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeTruthy()
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/api/analysis/{id}',
      '/api/analyze',
      '/api/cost',
      '/api/deployments',
      '/api/deployments/{id}',
      '/api/deployments/{id}/restart',
      '/api/deployments/{id}/stop',
      '/api/health',
    ])
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining([
        'Error',
        'Deployment',
        'CreateDeployment',
        'DeploymentConfigPatch',
        'Analysis',
        'CostEstimate',
        'Health',
      ]),
    )
  })

  it('declares GET /api/cost with its runtime query, its estimate and its errors', async () => {
    const { app } = harness()
    const doc = (await (await app.request('/api/openapi.json')).json()) as {
      paths: Record<string, Record<string, Record<string, unknown>>>
    }
    const op = doc.paths['/api/cost']?.get as {
      security: unknown
      parameters: Array<{ name: string; in: string; required?: boolean; schema: unknown }>
      responses: Record<string, { content: Record<string, { schema: unknown }> }>
    }
    expect(op.security).toEqual([{ bearerAuth: [] }])
    expect(op.parameters).toEqual([
      expect.objectContaining({
        name: 'runtime',
        in: 'query',
        required: false,
        schema: expect.objectContaining({ enum: ['local', 'fly'] }),
      }),
    ])
    expect(op.responses['200']?.content['application/json']?.schema).toEqual({
      $ref: '#/components/schemas/CostEstimate',
    })
    expect(Object.keys(op.responses).sort()).toEqual(['200', '400', '401', '429'])
  })
})

describe('failures and logs', () => {
  it('answers an unexpected failure with 500 internal_error and no stack', async () => {
    const platform = new FakePlatform()
    platform.list = async () => {
      throw new Error('boom at /srv/secret/path.ts:12')
    }
    const { call, lines } = harness({ platform })
    const res = await call('/api/deployments')
    expect(res.status).toBe(500)
    const text = await res.text()
    expect(JSON.parse(text)).toEqual({
      error: 'internal_error',
      message: 'internal error',
      details: {},
      retry_allowed: false,
    })
    expect(lines.some((l) => l.includes('"msg":"request error"'))).toBe(true)
  })

  it('echoes a request id and logs one access line carrying it', async () => {
    const { call, lines } = harness()
    const res = await call('/api/deployments', { headers: { 'x-request-id': 'abc-123' } })
    expect(res.headers.get('x-request-id')).toBe('abc-123')
    const access = lines.map((l) => JSON.parse(l)).find((l) => l.msg === 'request')
    expect(access).toMatchObject({
      req_id: 'abc-123',
      method: 'GET',
      path: '/api/deployments',
      status: 200,
    })
  })

  it('never writes a credential, the API token or an endpoint token to a log line', async () => {
    const canary = 'CANARY-cred-7f3a9d'
    const platform = new FakePlatform()
    const { send, call, app, lines } = harness({ platform })
    await send('POST', '/api/deployments', {
      config: CONFIG,
      credentials: { API_KEY: canary },
      confirm_cost: true,
    })
    await send('POST', '/api/deployments', { config: CONFIG, credentials: { API_KEY: canary } })
    await send('POST', '/api/deployments', {
      config: CONFIG,
      credentials: { API_KEY: canary, NOPE: canary },
      confirm_cost: true,
    })
    await send('POST', '/api/deployments', `{"credentials":{"API_KEY":"${canary}"`)
    await app.request('/api/deployments', { headers: { authorization: `Bearer ${canary}` } })
    platform.settle('dep_0001', 'running')
    await call('/api/deployments/dep_0001')
    platform.get = async () => {
      throw new Error('failed', { cause: { credentials: { API_KEY: canary } } })
    }
    await call('/api/deployments/dep_0001')
    expect(lines.length).toBeGreaterThan(6)
    const all = lines.join('\n')
    expect(all).not.toContain(canary)
    expect(all).not.toContain(TOKEN)
    expect(all).not.toContain('tok_dep_0001')
  })
})
