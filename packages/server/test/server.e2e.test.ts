import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { DeploymentView } from '@mcp-remote/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api } from './helpers/api.js'
import { createTestDatabase, STORES, type TestDatabase } from './helpers/databases.js'
import { echoThrough } from './helpers/mcp-client.js'
import { ResponseContract } from './helpers/response-contract.js'
import {
  processesMarked,
  type ServerProcess,
  startServerProcess,
} from './helpers/server-process.js'

// A real MCP server from npm, a root devDependency: npx resolves it locally, no download.
const CONFIG = {
  package_name: '@modelcontextprotocol/server-everything',
  display_name: 'Everything',
  run_command: 'npx -y @modelcontextprotocol/server-everything',
  env_vars: [
    { name: 'EVERYTHING_API_KEY', description: 'a fake key', required: true, secret: true },
  ],
}
const CANARY = 'canary-e2e-9d41c7-never-logged'
const TOKEN = 'mcpr_e2e-token-4f1b2c3d4e5f6a7b'

/** Sends `bytes` of body with chunked transfer encoding (no Content-Length). */
function postChunked(url: string, bytes: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}/api/deployments`,
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${TOKEN}`,
          'content-type': 'application/json',
          'transfer-encoding': 'chunked',
        },
      },
      (res) => {
        let body = ''
        res.on('data', (c) => {
          body += c
        })
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
      },
    )
    req.on('error', reject)
    const chunk = 'x'.repeat(64 * 1024)
    let sent = 0
    const pump = () => {
      while (sent < bytes) {
        sent += chunk.length
        if (!req.write(chunk)) return req.once('drain', pump)
      }
      req.end()
    }
    req.write('{"config":"')
    pump()
  })
}

describe.each(STORES)('the server process on $name', ({ postgres }) => {
  let dir: string
  let marker: string
  let database: TestDatabase | undefined
  let server: ServerProcess
  let client: ReturnType<typeof api>
  let contract: ResponseContract

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mcpr-server-e2e-'))
    marker = join(dir, 'tmp')
    await mkdir(marker)
    database = postgres ? await createTestDatabase() : undefined
    server = await startServerProcess({
      DATA_DIR: join(dir, 'data'),
      TMPDIR: marker,
      MCP_REMOTE_API_TOKEN: TOKEN,
      MCP_REMOTE_RATE_LIMIT: '300',
      ...(database ? { DATABASE_URL: database.url } : {}),
    })
    contract = await ResponseContract.fetch(server.url)
    client = api(server.url, TOKEN, contract)
  })

  afterAll(async () => {
    await server?.stop()
    await database?.drop()
    await rm(dir, { recursive: true, force: true })
  })

  it('answers 401 on every route without the token, but serves health', async () => {
    const anon = api(server.url, '')
    for (const [method, path] of [
      ['GET', '/api/deployments'],
      ['POST', '/api/deployments'],
      ['GET', '/api/deployments/dep_x'],
      ['POST', '/api/deployments/dep_x/stop'],
      ['POST', '/api/deployments/dep_x/restart'],
      ['DELETE', '/api/deployments/dep_x'],
      ['POST', '/api/analyze'],
      ['GET', '/api/analysis/ana_x'],
      ['GET', '/api/cost?runtime=local'],
      ['GET', '/'],
    ] as const) {
      const res = await anon.call(method, path)
      expect(res.status, `${method} ${path}`).toBe(401)
      expect(res.json).toMatchObject({ error: 'unauthorized', retry_allowed: false })
    }
    const health = await anon.call('GET', '/api/health')
    expect(health.status).toBe(200)
    expect(health.json).toMatchObject({
      status: 'ok',
      store: { ok: true, dialect: postgres ? 'postgres' : 'pglite' },
      runtimes: { local: { ok: true } },
      default_runtime: 'local',
    })
  })

  it("prices core's runtimes before any deploy, refusing one it does not offer", async () => {
    const local = await client.call('GET', '/api/cost?runtime=local')
    expect(local.status).toBe(200)
    expect(local.json).toMatchObject({ runtime: 'local', currency: 'USD', monthly_usd: 0 })
    const fly = await client.call('GET', '/api/cost?runtime=fly')
    expect(fly.status).toBe(400)
    expect(fly.json).toMatchObject({
      error: 'invalid_request',
      details: { issues: [{ path: 'runtime', message: 'must be one of: local' }] },
    })
  })

  let view: DeploymentView

  it('deploys server-everything to running and its echo tool answers through the endpoint', async () => {
    const request = {
      config: CONFIG,
      credentials: { EVERYTHING_API_KEY: CANARY },
      confirm_cost: true,
    }
    const key = { 'idempotency-key': `e2e-${postgres ? 'pg' : 'pglite'}-7c1d` }
    const created = await client.call('POST', '/api/deployments', request, key)
    expect(created.status).toBe(202)
    expect(created.json.status).toBe('deploying')
    // A retry of the same request (the answer was lost) creates nothing new.
    const retried = await client.call('POST', '/api/deployments', request, key)
    expect(retried.status).toBe(202)
    expect(retried.json.id).toBe(created.json.id)
    const reused = await client.call(
      'POST',
      '/api/deployments',
      { ...request, config: { ...CONFIG, display_name: 'Another' } },
      key,
    )
    expect(reused.status).toBe(422)
    expect(reused.json).toMatchObject({ error: 'idempotency_key_reused' })
    view = await client.waitFor(String(created.json.id), ['running', 'failed'])
    expect(view.status).toBe('running')
    expect(view.tools).toContain('echo')
    expect(view.credential_names).toEqual(['EVERYTHING_API_KEY'])
    expect(view.endpoints?.streamable_http).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/t\/[\w-]+\/mcp$/)
    expect(await echoThrough(view.endpoints!.streamable_http, 'hello')).toBe('Echo: hello')
    const list = await client.call('GET', '/api/deployments')
    expect((list.json.deployments as DeploymentView[]).map((d) => d.id)).toEqual([view.id])
  })

  it('stops, restarts and deletes it, refusing invalid transitions with 409', async () => {
    const stopped = await client.call('POST', `/api/deployments/${view.id}/stop`)
    expect(stopped.status).toBe(200)
    expect(stopped.json.status).toBe('stopped')
    const again = await client.call('POST', `/api/deployments/${view.id}/stop`)
    expect(again.status).toBe(409)
    expect(again.json).toMatchObject({ error: 'invalid_transition' })

    const restarted = await client.call('POST', `/api/deployments/${view.id}/restart`)
    expect(restarted.status).toBe(202)
    const running = await client.waitFor(view.id, ['running', 'failed'])
    expect(running.status).toBe('running')
    expect(await echoThrough(running.endpoints!.streamable_http, 'again')).toBe('Echo: again')

    const deleted = await client.call('DELETE', `/api/deployments/${view.id}`)
    expect(deleted.status).toBe(204)
    expect((await client.call('GET', `/api/deployments/${view.id}`)).status).toBe(404)
    expect(await processesMarked(marker)).toEqual([])
  })

  it('answers every client error with the structured error and a 4xx', async () => {
    const cases: Array<
      [string, Promise<{ status: number; json: Record<string, unknown> }>, number, string]
    > = [
      [
        'malformed JSON',
        client.call('POST', '/api/deployments', '{"config":'),
        400,
        'invalid_request',
      ],
      [
        'unknown field',
        client.call('POST', '/api/deployments', { config: CONFIG, confirm_cost: true, x: 1 }),
        400,
        'invalid_request',
      ],
      [
        'wrong type',
        client.call('POST', '/api/deployments', { config: CONFIG, confirm_cost: 'yes' }),
        400,
        'invalid_request',
      ],
      [
        'cost not confirmed',
        client.call('POST', '/api/deployments', {
          config: CONFIG,
          credentials: { EVERYTHING_API_KEY: CANARY },
        }),
        400,
        'cost_not_confirmed',
      ],
      [
        'missing credentials',
        client.call('POST', '/api/deployments', { config: CONFIG, confirm_cost: true }),
        422,
        'missing_credentials',
      ],
      ['unknown deployment', client.call('GET', '/api/deployments/dep_nope'), 404, 'not_found'],
      ['unknown analysis', client.call('GET', '/api/analysis/ana_nope'), 404, 'not_found'],
      ['unknown route', client.call('GET', '/api/nope'), 404, 'not_found'],
      ['wrong method', client.call('PUT', '/api/deployments'), 405, 'invalid_request'],
      ['local source', client.call('POST', '/api/analyze', { url: '/etc' }), 400, 'invalid_source'],
      [
        'oversized by length',
        client.call('POST', '/api/deployments', `"${'x'.repeat(1_100_000)}"`),
        413,
        'payload_too_large',
      ],
    ]
    for (const [name, pending, status, code] of cases) {
      const res = await pending
      expect(res.status, name).toBe(status)
      expect(Object.keys(res.json).sort(), name).toEqual([
        'details',
        'error',
        'message',
        'retry_allowed',
      ])
      expect(res.json.error, name).toBe(code)
    }
    const streamed = await postChunked(server.url, 2 * 1024 * 1024)
    expect(streamed.status).toBe(413)
    expect(JSON.parse(streamed.body)).toMatchObject({ error: 'payload_too_large' })
    const method = await client.call('PUT', '/api/deployments')
    expect(method.headers.get('allow')).toBe('GET, HEAD, POST')
  })

  it('never logs the credential, the API token or an endpoint token', () => {
    const output = server.output()
    expect(output).toContain('"msg":"request"')
    expect(output).not.toContain(CANARY)
    expect(output).not.toContain(TOKEN)
    const endpointToken = /\/t\/([\w-]+)\/mcp$/.exec(view.endpoints!.streamable_http)![1]!
    expect(output).not.toContain(endpointToken)
  })

  it('answers 429 rate_limited with Retry-After past the per-minute limit', async () => {
    let limited: Awaited<ReturnType<typeof client.call>> | undefined
    for (let i = 0; i < 400 && !limited; i += 1) {
      const res = await client.call('GET', '/api/health')
      if (res.status === 429) limited = res
    }
    expect(limited?.json).toMatchObject({ error: 'rate_limited', retry_allowed: true })
    expect(Number(limited?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
  })

  it('answered everything above as its OpenAPI document says', () => {
    expect(contract.checked).toBeGreaterThan(20)
    expect(contract.problems).toEqual([])
  })
})
