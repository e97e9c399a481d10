// @vitest-environment node
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApiClient } from './api-client'

const ORIGIN = 'chrome-extension://jgoaeoapdboieochioeabjdmgheljedp'

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  })
}

function clientAnswering(answer: () => Response | Promise<Response>) {
  return createApiClient({
    serverUrl: 'http://127.0.0.1:8787/',
    token: 'tok-secret',
    extensionOrigin: ORIGIN,
    fetch: async () => answer(),
  })
}

const body = (error: string, message: string, extra: Record<string, unknown> = {}) => ({
  error,
  message,
  details: {},
  retry_allowed: false,
  ...extra,
})

describe('createApiClient against a real HTTP server', () => {
  let server: Server
  let base: string
  const seen: Array<{ method?: string; url?: string; headers: IncomingHttpHeaders; body: string }> =
    []

  beforeAll(async () => {
    server = createServer((req, res) => {
      let text = ''
      req.on('data', (c) => {
        text += c
      })
      req.on('end', () => {
        seen.push({ method: req.method, url: req.url, headers: req.headers, body: text })
        res.setHeader('content-type', 'application/json')
        if (req.url === '/api/deployments' && req.headers.authorization !== 'Bearer tok-secret') {
          res.statusCode = 401
          res.end(JSON.stringify(body('unauthorized', 'missing or invalid API token')))
          return
        }
        res.statusCode = req.method === 'POST' ? 202 : 200
        res.end(JSON.stringify({ ok: true }))
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  it('sends the token as a bearer header and JSON bodies as JSON', async () => {
    const client = createApiClient({
      serverUrl: base,
      token: 'tok-secret',
      extensionOrigin: ORIGIN,
    })
    const result = await client.request({
      method: 'POST',
      path: '/api/analyze',
      body: { url: 'npm:x' },
    })
    expect(result).toEqual({ ok: true, status: 202, data: { ok: true } })
    const last = seen.at(-1)!
    expect(last.headers.authorization).toBe('Bearer tok-secret')
    expect(last.headers['content-type']).toBe('application/json')
    expect(JSON.parse(last.body)).toEqual({ url: 'npm:x' })
  })

  it('sends an Idempotency-Key header when the request has a key, and none otherwise', async () => {
    const client = createApiClient({
      serverUrl: base,
      token: 'tok-secret',
      extensionOrigin: ORIGIN,
    })
    const key = '4f0e2c9a-6b1d-4e53-9a7e-2d8c1f3b5a60'
    const deploy = { method: 'POST', path: '/api/deployments', body: { runtime: 'local' } } as const
    expect((await client.request({ ...deploy, idempotencyKey: key })).ok).toBe(true)
    expect(seen.at(-1)!.headers['idempotency-key']).toBe(key)
    expect(seen.at(-1)!.headers.authorization).toBe('Bearer tok-secret')
    expect((await client.request(deploy)).ok).toBe(true)
    expect(seen.at(-1)!.headers['idempotency-key']).toBeUndefined()
  })

  it('leaves the token out of unauthenticated calls', async () => {
    const client = createApiClient({
      serverUrl: base,
      token: 'tok-secret',
      extensionOrigin: ORIGIN,
    })
    await client.request({ method: 'GET', path: '/api/health', auth: false })
    expect(seen.at(-1)!.headers.authorization).toBeUndefined()
  })

  it('reports a refused token as unauthorized, in words, without the token', async () => {
    const client = createApiClient({ serverUrl: base, token: 'wrong', extensionOrigin: ORIGIN })
    const result = await client.request({ method: 'GET', path: '/api/deployments' })
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.failure).toMatchObject({
      kind: 'http',
      code: 'unauthorized',
      status: 401,
      retryAllowed: false,
    })
    expect(result.failure.message).toContain('API token')
    expect(JSON.stringify(result.failure)).not.toContain('wrong')
  })

  it('reports a closed port as unreachable, with retry allowed', async () => {
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const port = (closed.address() as AddressInfo).port
    await new Promise<void>((resolve) => closed.close(() => resolve()))
    const client = createApiClient({
      serverUrl: `http://127.0.0.1:${port}`,
      token: 't',
      extensionOrigin: ORIGIN,
    })
    const result = await client.request({ method: 'GET', path: '/api/deployments' })
    expect(result.ok ? null : result.failure).toMatchObject({
      kind: 'unreachable',
      retryAllowed: true,
    })
  })
})

describe('API error mapping', () => {
  it.each([
    [
      409,
      body('invalid_transition', 'cannot stop a stopped deployment'),
      'invalid_transition',
      /not possible/,
    ],
    [404, body('not_found', 'no deployment dep_1'), 'not_found', /does not know/],
    [400, body('invalid_source', 'not a GitHub URL'), 'invalid_source', /cannot read this source/],
    [413, body('payload_too_large', 'too big'), 'payload_too_large', /too large/],
    [
      502,
      body('upstream_error', 'Fly.io create app failed (503)', { retry_allowed: true }),
      'upstream_error',
      /service the server depends on/,
    ],
    [500, body('internal_error', 'internal error'), 'internal_error', /internal error/],
  ])('maps HTTP %i %o to %s with a sentence', async (status, answer, code, words) => {
    const result = await clientAnswering(() => json(status, answer)).request({
      method: 'GET',
      path: '/api/x',
    })
    if (result.ok) throw new Error('expected a failure')
    expect(result.failure.code).toBe(code)
    expect(result.failure.message).toMatch(words)
    expect(result.failure.serverMessage).toBe(answer.message)
    expect(result.failure.retryAllowed).toBe(answer.retry_allowed)
  })

  it('names the missing variables of a missing_credentials refusal', async () => {
    const answer = body('missing_credentials', 'credentials rejected', {
      details: { missing: ['A_KEY', 'B_KEY'] },
    })
    const result = await clientAnswering(() => json(400, answer)).request({
      method: 'POST',
      path: '/api/deployments',
      body: {},
    })
    expect(result.ok ? null : result.failure.message).toBe(
      'Some required values are missing: A_KEY, B_KEY.',
    )
  })

  it('explains an idempotency_key_reused refusal, without Retry', async () => {
    const refusal = body('idempotency_key_reused', 'idempotency key already used', {
      details: { deployment_id: 'dep_0001' },
    })
    const result = await clientAnswering(() => json(422, refusal)).request({
      method: 'POST',
      path: '/api/deployments',
      body: {},
      idempotencyKey: 'k-1',
    })
    expect(result.ok ? null : result.failure).toMatchObject({
      code: 'idempotency_key_reused',
      status: 422,
      retryAllowed: false,
      details: { deployment_id: 'dep_0001' },
    })
    expect(result.ok ? '' : result.failure.message).toMatch(
      /already sent with different settings.*Deploy again from the form/,
    )
  })

  it('keeps the cost estimate of a cost_not_confirmed refusal', async () => {
    const estimate = { runtime: 'fly', monthly_usd: 1.94 }
    const answer = body('cost_not_confirmed', 'confirm the cost', { details: { estimate } })
    const result = await clientAnswering(() => json(400, answer)).request({
      method: 'POST',
      path: '/api/deployments',
      body: {},
    })
    expect(result.ok ? null : result.failure.details.estimate).toEqual(estimate)
  })

  it('says how long to wait when rate limited', async () => {
    const answer = body('rate_limited', 'slow down', { retry_allowed: true })
    const result = await clientAnswering(() => json(429, answer, { 'retry-after': '17' })).request({
      method: 'GET',
      path: '/api/deployments',
    })
    expect(result.ok ? null : result.failure).toMatchObject({
      code: 'rate_limited',
      message: 'Too many requests. Try again in 17 seconds.',
      retryAllowed: true,
      retryAfterSeconds: 17,
    })
  })

  it('names the extension origin when the server forbids it', async () => {
    const result = await clientAnswering(() =>
      json(403, body('forbidden', 'origin not allowed')),
    ).request({
      method: 'GET',
      path: '/api/deployments',
    })
    expect(result.ok ? null : result.failure.message).toContain(
      `${ORIGIN} to MCP_REMOTE_CORS_ORIGINS`,
    )
  })

  it('reports an answer without the API error shape as not an mcp-remote server', async () => {
    const html = () => new Response('<html>Not Found</html>', { status: 404 })
    const result = await clientAnswering(html).request({ method: 'GET', path: '/api/health' })
    expect(result.ok ? null : result.failure).toMatchObject({
      kind: 'invalid_response',
      status: 404,
    })
  })

  it('still reads a bare 401 or 503 for what it is', async () => {
    const r401 = await clientAnswering(() => new Response('', { status: 401 })).request({
      method: 'GET',
      path: '/api/x',
    })
    const r503 = await clientAnswering(() => new Response('busy', { status: 503 })).request({
      method: 'GET',
      path: '/api/x',
    })
    expect(r401.ok ? null : r401.failure.code).toBe('unauthorized')
    expect(r503.ok ? null : r503.failure).toMatchObject({
      code: 'internal_error',
      retryAllowed: true,
    })
  })

  it('tells a CORS refusal from a dead server by an opaque no-cors probe', async () => {
    const corsOnly: typeof fetch = async (_url, init) => {
      if (init?.mode === 'no-cors') return new Response(null, { status: 200 })
      throw new TypeError('Failed to fetch')
    }
    const dead: typeof fetch = async () => {
      throw new TypeError('Failed to fetch')
    }
    const ask = (f: typeof fetch) =>
      createApiClient({
        serverUrl: 'http://10.0.0.5:8787',
        token: 't',
        extensionOrigin: ORIGIN,
        fetch: f,
      }).request({
        method: 'GET',
        path: '/api/deployments',
      })
    const cors = await ask(corsOnly)
    const gone = await ask(dead)
    expect(cors.ok ? null : cors.failure.kind).toBe('cors')
    expect(cors.ok ? null : cors.failure.message).toContain(`MCP_REMOTE_CORS_ORIGINS=${ORIGIN}`)
    expect(gone.ok ? null : gone.failure.kind).toBe('unreachable')
  })

  it('reports a server that does not answer in time as unreachable', async () => {
    const hang: typeof fetch = (_url, init) =>
      new Promise((_resolve, reject) =>
        init?.signal?.addEventListener('abort', () => reject(new Error('aborted'))),
      )
    const client = createApiClient({
      serverUrl: 'http://127.0.0.1:1',
      token: 't',
      extensionOrigin: ORIGIN,
      fetch: hang,
      timeoutMs: 5,
    })
    const result = await client.request({ method: 'GET', path: '/api/deployments' })
    expect(result.ok ? null : result.failure.message).toContain('did not answer in time')
  })

  it('refuses paths outside /api/', async () => {
    await expect(
      clientAnswering(() => json(200, {})).request({ method: 'GET', path: '/t/x/mcp' }),
    ).rejects.toThrow()
  })
})
