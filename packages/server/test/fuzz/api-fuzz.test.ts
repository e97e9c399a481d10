import { beforeAll, describe, expect, it } from 'vitest'
import { ApiTokenVerifier } from '../../src/auth/index.js'
import { createApp } from '../../src/http/index.js'
import { createLogger } from '../../src/log/index.js'
import { CONFIG, harness, TOKEN } from '../app-harness.js'
import { FakePlatform } from '../fake-platform.js'
import {
  CANARY,
  deepJson,
  describeSent,
  logProblems,
  mutate,
  NASTY_STRINGS,
  Rng,
  randomJson,
  randomPercentEncoded,
  randomString,
  ruleProblems,
  SEED,
  type Secrets,
  type Sent,
} from './fuzz-kit.js'

/*
 * In-process fuzzing of every route the OpenAPI document declares (app.request(), no socket):
 * wrong methods, bodies of every wrong shape, path and query parameters, Authorization and
 * Origin headers, the rate limit and the body cap. Every answer is held to the rule (see
 * ruleProblems): 4xx with the error JSON, never a 5xx, no stack, no credential, no token.
 */

const ALLOWED_ORIGIN = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop'
const ENDPOINT_TOKEN = 'tok_dep_0001'
const SECRETS: Secrets = { always: [CANARY, TOKEN], inErrors: [ENDPOINT_TOKEN] }
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'PROPFIND', 'FOO']

interface Operation {
  method: string
  /** The OpenAPI path, e.g. `/api/deployments/{id}`. */
  template: string
  pathParams: string[]
  queryParams: string[]
  /** The request body schema's name, when it takes one. */
  body: string | undefined
  secured: boolean
}

type Harness = ReturnType<typeof harness>

/** A harness with a running deployment (credential: the canary) and a finished analysis. */
async function seeded(opts: Parameters<typeof harness>[0] = {}): Promise<Harness> {
  const h = harness({ corsOrigins: [ALLOWED_ORIGIN], ...opts })
  const res = await h.send('POST', '/api/deployments', {
    config: CONFIG,
    credentials: { API_KEY: CANARY },
    confirm_cost: true,
  })
  expect(res.status).toBe(202)
  h.platform.settle('dep_0001', 'running')
  h.platform.addAnalysis({ id: 'ana_1', source: 'npm:x', config: CONFIG })
  return h
}

/** Valid bodies by schema name: the starting points of mutations. */
const VALID_BODIES: Record<string, unknown> = {
  CreateDeployment: { config: CONFIG, credentials: { API_KEY: CANARY }, confirm_cost: true },
  AnalyzeRequest: { url: 'npm:x' },
}

function fill(template: string, value: string): string {
  return template.replace(/\{[^}]+\}/g, value)
}

/** Sends one request, checks the answer against the rule and records what broke it. */
class Prober {
  readonly failures: string[] = []
  sent = 0

  constructor(readonly h: Harness) {}

  async send(sent: Sent, init: RequestInit = {}, env?: unknown): Promise<Response | undefined> {
    let headers: Headers
    try {
      headers = new Headers(sent.headers)
    } catch {
      return undefined // a header fetch cannot send: the HTTP suite sends those
    }
    this.sent += 1
    const body = init.body ?? sent.body
    const res = await this.h.app.request(
      sent.path,
      { method: sent.method, headers, ...init, ...(body === undefined ? {} : { body }) },
      env as never,
    )
    const text = await res.text()
    const problems = ruleProblems(res.status, res.headers.get('content-type'), text, SECRETS, {
      head: sent.method === 'HEAD',
    })
    for (const p of problems) this.failures.push(`${p} ← ${describeSent(sent)}`)
    return new Response(res.status === 204 || sent.method === 'HEAD' ? null : text, res)
  }

  /** Also checks the captured log lines, then that nothing broke the rule. */
  verify(): void {
    this.failures.push(...logProblems(this.h.lines, [CANARY, TOKEN, ENDPOINT_TOKEN]))
    const errors = this.h.lines.filter((l) => l.includes('"level":50'))
    for (const l of errors) this.failures.push(`error logged (a 5xx path): ${l.slice(0, 300)}`)
    expect(this.failures.slice(0, 20), `${this.failures.length} problems`).toEqual([])
  }
}

const auth = { authorization: `Bearer ${TOKEN}` }
const jsonAuth = { ...auth, 'content-type': 'application/json' }

let operations: Operation[] = []

beforeAll(async () => {
  const { app } = harness()
  const doc = (await (await app.request('/api/openapi.json')).json()) as {
    paths: Record<
      string,
      Record<
        string,
        {
          parameters?: Array<{ name: string; in: string }>
          requestBody?: { content: Record<string, { schema: { $ref?: string } }> }
          security?: unknown[]
        }
      >
    >
  }
  operations = Object.entries(doc.paths).flatMap(([template, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      method: method.toUpperCase(),
      template,
      pathParams: (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name),
      queryParams: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
      body: op.requestBody?.content['application/json']?.schema.$ref?.split('/').pop(),
      secured: (op.security ?? []).length > 0,
    })),
  )
})

describe(`API fuzz, in process (seed ${SEED})`, () => {
  it('finds every route in the OpenAPI document', () => {
    expect(operations.map((o) => `${o.method} ${o.template}`).sort()).toEqual(
      expect.arrayContaining([
        'DELETE /api/deployments/{id}',
        'GET /api/analysis/{id}',
        'GET /api/cost',
        'GET /api/deployments',
        'GET /api/deployments/{id}',
        'GET /api/health',
        'POST /api/analyze',
        'POST /api/deployments',
        'POST /api/deployments/{id}/restart',
        'POST /api/deployments/{id}/stop',
      ]),
    )
    for (const op of operations) {
      if (op.method === 'POST' && !op.template.includes('{')) expect(op.body).toBeDefined()
    }
  })

  it('answers every method on every route, with and without the token', async () => {
    const p = new Prober(await seeded())
    const templates = [...new Set(operations.map((o) => o.template)), '/api/openapi.json']
    for (const template of templates) {
      const declared = operations.filter((o) => o.template === template).map((o) => o.method)
      if (template === '/api/openapi.json') declared.push('GET')
      for (const path of [fill(template, 'dep_0001'), fill(template, 'nope_1')]) {
        for (const method of METHODS) {
          for (const headers of [auth, {}, jsonAuth]) {
            const res = await p.send({ method, path, headers })
            if (!res || headers !== auth) continue
            const allowed =
              declared.includes(method) || (method === 'HEAD' && declared.includes('GET'))
            if (allowed) expect(res.status, `${method} ${path}`).not.toBe(405)
            else {
              expect(res.status, `${method} ${path}`).toBe(405)
              expect(res.headers.get('allow')).toBeTruthy()
            }
          }
        }
      }
    }
    expect(p.sent).toBeGreaterThan(300)
    p.verify()
  })

  it('answers malformed, mistyped, oversized and hostile bodies on every route with 4xx JSON', async () => {
    const rng = new Rng(SEED)
    const p = new Prober(await seeded())
    const contentTypes = [
      'application/json',
      'application/json; charset=utf-8',
      'application/json;charset=UTF-8',
      'application/json; charset="utf-8"',
      'application/json; charset=iso-8859-1',
      'application/json; charset=utf-16',
      'APPLICATION/JSON',
      'application/json ; charset=utf-8',
      'application/vnd.api+json',
      'application/jsonx',
      'text/json',
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/json, text/plain',
      '',
      '*/*',
    ]
    const withBody = operations.filter((o) => o.method !== 'GET')
    for (const op of withBody) {
      const path = fill(op.template, 'dep_0001')
      const valid = op.body === undefined ? {} : (VALID_BODIES[op.body] ?? {})
      const fixed: string[] = [
        '',
        'null',
        'true',
        '0',
        '-1e999',
        '"str"',
        '[]',
        '{}',
        '{',
        '{"a":1,}',
        "{'a':1}",
        '{"a":1}{"b":2}',
        'NaN',
        '\ufeff{}',
        '{"__proto__":{"confirm_cost":true},"constructor":{"prototype":{"x":1}}}',
        `{"credentials":{"__proto__":{"API_KEY":"${CANARY}"}},"config":${JSON.stringify(CONFIG)},"confirm_cost":true}`,
        `{"credentials":{"constructor":"${CANARY}","API_KEY":"${CANARY}"},"config":${JSON.stringify(CONFIG)},"confirm_cost":true}`,
        `{"credentials":{"API_KEY":"${CANARY}","NOT_DECLARED":"${CANARY}"},"config":${JSON.stringify(CONFIG)},"confirm_cost":true}`,
        `{"credentials":{"API_KEY":"${CANARY}"},"config":${JSON.stringify(CONFIG)},"confirm_cost":"yes"}`,
        `{"credentials":{"API_KEY":"${CANARY}\\u0000\\ud800"},"config":${JSON.stringify(CONFIG)},"confirm_cost":true}`,
        `{"credentials":{"API_KEY":"${CANARY}${'x'.repeat(70_000)}"},"config":${JSON.stringify(CONFIG)},"confirm_cost":true}`,
        `{"credentials":["${CANARY}"],"config":${JSON.stringify(CONFIG)}}`,
        `{"credentials":"${CANARY}"}`,
        `{"credentials":{"API_KEY":{"value":"${CANARY}"}},"config":${JSON.stringify(CONFIG)},"confirm_cost":true}`,
        deepJson(10_000, 'array'),
        deepJson(10_000, 'object'),
        `{"config":${deepJson(10_000, 'object')}}`,
        `{"credentials":${deepJson(10_000, 'object', `"${CANARY}"`)}}`,
        deepJson(200_000, 'array'),
        `{"url":"${'x'.repeat(900_000)}"}`,
        `{${Array.from({ length: 20_000 }, (_, i) => `"k${i}":1`).join(',')}}`,
        `{"credentials":{${Array.from({ length: 20_000 }, (_, i) => `"K${i}":"${CANARY}"`).join(',')}},"config":${JSON.stringify(CONFIG)},"confirm_cost":true}`,
      ]
      for (const body of fixed) {
        await p.send({ method: op.method, path, headers: jsonAuth, body })
      }
      // Raw bytes: invalid UTF-8, CESU-encoded surrogates, NUL, UTF-16.
      for (const bytes of [
        [0xff, 0xfe, 0x7b, 0x7d],
        [0x7b, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x3a, 0x31, 0x7d],
        [0x7b, 0x7d, 0x00],
        [0x7b, 0x00, 0x7d, 0x00],
        [0x80, 0x81, 0x82],
      ]) {
        await p.send(
          { method: op.method, path, headers: jsonAuth, note: `bytes ${bytes}` },
          { body: new Uint8Array(bytes) },
        )
      }
      for (let i = 0; i < 150; i += 1) {
        let value: unknown = valid
        for (let n = 1 + rng.int(3); n > 0; n -= 1) value = mutate(rng, value)
        if (rng.chance(0.15)) value = randomJson(rng, 4)
        const body = rng.chance(0.05) ? randomString(rng, 200) : JSON.stringify(value)
        const contentType = rng.chance(0.8) ? 'application/json' : rng.pick(contentTypes)
        const headers: Record<string, string> = { ...auth }
        if (contentType !== '') headers['content-type'] = contentType
        await p.send({ method: op.method, path, headers, body: body ?? 'undefined' })
      }
    }
    expect(p.sent).toBeGreaterThan(500)
    p.verify()
  })

  it('refuses invalid path parameters on every route that has one', async () => {
    const rng = new Rng(SEED + 1)
    const p = new Prober(await seeded())
    const ids = [
      'dep_0001',
      'a'.repeat(101),
      'a'.repeat(20_000),
      'a%2Fb',
      '..',
      '%2e%2e',
      '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
      '.',
      '%00',
      '%E0%A4%A',
      '%',
      '%25',
      'd%C3%A9p',
      '%F0%9F%98%80',
      '%ED%A0%80',
      'dep 1',
      'dep%201',
      'dep_1;x',
      '__proto__',
      'constructor',
    ]
    for (let i = 0; i < 40; i += 1) ids.push(randomPercentEncoded(rng, 30))
    for (const op of operations.filter((o) => o.pathParams.length > 0)) {
      for (const id of ids) {
        const headers = op.body ? jsonAuth : auth
        const body = op.body ? JSON.stringify(VALID_BODIES[op.body] ?? {}) : undefined
        await p.send({
          method: op.method,
          path: fill(op.template, id),
          headers,
          ...(body === undefined ? {} : { body }),
        })
      }
    }
    p.verify()
  })

  it('refuses invalid query parameters, known and unknown', async () => {
    const rng = new Rng(SEED + 2)
    const p = new Prober(await seeded())
    for (const op of operations) {
      const names = [...op.queryParams, 'unknown', '__proto__', 'constructor', 'limit', 'runtime']
      const values = [
        '',
        '%',
        '%E0%A4%A',
        '%00',
        '-1',
        '0',
        '1e3',
        '1e309',
        '0x10',
        'NaN',
        'Infinity',
        '9'.repeat(400),
        'true',
        'fly',
        'LOCAL',
        'a'.repeat(10_000),
      ]
      for (let i = 0; i < 40; i += 1) {
        const parts: string[] = []
        for (let n = 1 + rng.int(3); n > 0; n -= 1) {
          const name = rng.pick(names)
          const value = rng.chance(0.7) ? rng.pick(values) : randomPercentEncoded(rng)
          parts.push(
            rng.chance(0.1) ? `${name}[]=${value}` : rng.chance(0.1) ? name : `${name}=${value}`,
          )
        }
        const path = `${fill(op.template, 'dep_0001')}?${parts.join('&')}`
        const body = op.body ? JSON.stringify(VALID_BODIES[op.body] ?? {}) : undefined
        await p.send({
          method: op.method,
          path,
          headers: op.body ? jsonAuth : auth,
          ...(body === undefined ? {} : { body }),
        })
      }
    }
    p.verify()
  })

  it('answers 401 to every Authorization that is not the token, on every secured route', async () => {
    const p = new Prober(await seeded())
    const bad: Array<Array<[string, string]>> = [
      [],
      [['authorization', '']],
      [['authorization', 'Bearer']],
      [['authorization', 'Bearer ']],
      [['authorization', `Bearer ${TOKEN}x`]],
      [['authorization', `Bearer x${TOKEN}`]],
      [['authorization', `Bearer ${TOKEN} ${TOKEN}`]],
      [['authorization', `Basic ${TOKEN}`]],
      [['authorization', `${TOKEN}`]],
      [['authorization', `Bearer ${TOKEN.toUpperCase()}`]],
      [['authorization', `Bearer ${'a'.repeat(100_000)}`]],
      [['authorization', `Bearer ${CANARY}`]],
      [['authorization', 'Bearer é\u00ff']],
      [
        ['authorization', `Bearer ${TOKEN}`],
        ['authorization', `Bearer ${TOKEN}`],
      ],
      [
        ['authorization', `Bearer ${TOKEN}`],
        ['authorization', 'Bearer wrong'],
      ],
      [['x-authorization', `Bearer ${TOKEN}`]],
    ]
    const good: Array<Array<[string, string]>> = [
      [['authorization', `Bearer ${TOKEN}`]],
      [['authorization', `bearer ${TOKEN}`]],
      [['authorization', `BEARER \t${TOKEN}\t`]],
    ]
    for (const op of operations.filter((o) => o.secured)) {
      const path = fill(op.template, 'dep_0001')
      for (const headers of bad) {
        const res = await p.send({ method: op.method, path, headers })
        if (res) expect(res.status, `${op.method} ${path} ${JSON.stringify(headers)}`).toBe(401)
      }
      for (const headers of good) {
        const res = await p.send({ method: op.method, path, headers })
        if (res) expect(res.status, `${op.method} ${path}`).not.toBe(401)
      }
    }
    p.verify()
  })

  it('answers CORS preflights: 204 for the allowed origin, 403 JSON for any other', async () => {
    const p = new Prober(await seeded())
    const others = [
      'https://evil.example',
      'null',
      `${ALLOWED_ORIGIN}/`,
      ALLOWED_ORIGIN.toUpperCase(),
      `${ALLOWED_ORIGIN}.evil.example`,
      'chrome-extension://abcdefghijklmnopabcdefghijklmnoq',
      'x'.repeat(10_000),
      `https://${TOKEN}.example`,
    ]
    for (const op of operations) {
      const path = fill(op.template, 'dep_0001')
      const res = await p.send({
        method: 'OPTIONS',
        path,
        headers: {
          origin: ALLOWED_ORIGIN,
          'access-control-request-method': op.method,
          'access-control-request-headers': 'authorization, content-type',
        },
      })
      expect(res?.status).toBe(204)
      expect(res?.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN)
      for (const origin of others) {
        const refused = await p.send({
          method: 'OPTIONS',
          path,
          headers: { origin, 'access-control-request-method': op.method },
        })
        if (!refused) continue
        expect(refused.status, origin).toBe(403)
        expect(refused.headers.get('access-control-allow-origin')).toBeNull()
        // A simple request from another origin is answered without CORS headers.
        const simple = await p.send({ method: op.method, path, headers: { ...auth, origin } })
        expect(simple?.headers.get('access-control-allow-origin') ?? null).toBeNull()
      }
    }
    p.verify()
  })

  it('keeps the rate limit whatever the request looks like, answering 429 JSON', async () => {
    const h = await seeded({ rateLimitPerMinute: 5 })
    const p = new Prober(h)
    const node = (ip: string, headers: Record<string, string>) => ({
      incoming: { headers, socket: { remoteAddress: ip } },
    })
    // seeded() spent one token on its deploy.
    const mixed: Array<() => Promise<Response | undefined>> = [
      () => p.send({ method: 'GET', path: '/api/health' }),
      () => p.send({ method: 'GET', path: '/api/nothing', headers: auth }),
      () => p.send({ method: 'POST', path: '/api/deployments', headers: jsonAuth, body: '{' }),
      () =>
        p.send({
          method: 'OPTIONS',
          path: '/api/deployments',
          headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
        }),
    ]
    for (let i = 0; i < 40; i += 1) await mixed[i % mixed.length]?.()
    const limited = await p.send({ method: 'GET', path: '/api/deployments', headers: auth })
    expect(limited?.status).toBe(429)
    expect(Number(limited?.headers.get('retry-after'))).toBeGreaterThan(0)
    // X-Forwarded-For is ignored without trustProxy: a new value per request does not help.
    for (let i = 0; i < 10; i += 1) {
      const res = await p.send(
        { method: 'GET', path: '/api/deployments', headers: auth, note: 'spoofed XFF' },
        {},
        node('10.9.9.9', { ...auth, 'x-forwarded-for': `198.51.100.${i}` }),
      )
      if (i >= 5) expect(res?.status).toBe(429)
    }
    p.verify()
  })

  it('keeps the rate limit behind a trusted proxy with hostile X-Forwarded-For values', async () => {
    const lines: string[] = []
    const platform = new FakePlatform()
    const app = createApp({
      platform,
      apiToken: ApiTokenVerifier.forToken(TOKEN),
      logger: createLogger({
        level: 'debug',
        destination: { write: (l: string) => lines.push(l.trimEnd()) },
      }),
      rateLimitPerMinute: 3,
      trustProxy: true,
    })
    const p = new Prober({ ...harness(), app, lines, platform })
    const hostile = ['', ',', ' , ,', 'x'.repeat(10_000), '\u0000', '__proto__', 'constructor']
    for (const xff of hostile) {
      for (let i = 0; i < 5; i += 1) {
        const res = await p.send(
          { method: 'GET', path: '/api/deployments', headers: auth },
          {},
          {
            incoming: {
              headers: { ...auth, 'x-forwarded-for': xff },
              socket: { remoteAddress: '10.0.0.1' },
            },
          },
        )
        expect(res?.status).toBeLessThan(500)
      }
    }
    p.verify()
  })

  it('caps bodies at 1 MiB however they arrive, and answers a body that breaks off with 400', async () => {
    const p = new Prober(await seeded())
    const stream = (chunks: number, size: number, fail = false) => {
      let sent = 0
      return new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent === chunks) {
            if (fail) controller.error(new Error(`connection reset ${CANARY} at /srv/x.ts:1:2`))
            else controller.close()
            return
          }
          sent += 1
          controller.enqueue(new Uint8Array(size).fill(0x20))
        },
      })
    }
    const post = (note: string, body: RequestInit['body'], headers: Record<string, string>) =>
      p.send({ method: 'POST', path: '/api/deployments', headers, note }, {
        body,
        duplex: 'half',
      } as RequestInit)
    const chunked = { ...jsonAuth, 'transfer-encoding': 'chunked' }
    expect((await post('17 x 64 KiB chunked', stream(17, 64 * 1024), chunked))?.status).toBe(413)
    expect((await post('2 MiB in one chunk', stream(1, 2 << 20), chunked))?.status).toBe(413)
    expect((await post('16 x 64 KiB chunked', stream(16, 64 * 1024), chunked))?.status).toBe(400)
    expect(
      (await post('CL over', '{}', { ...jsonAuth, 'content-length': '1048577' }))?.status,
    ).toBe(413)
    expect(
      (await post('CL huge', '{}', { ...jsonAuth, 'content-length': '9'.repeat(40) }))?.status,
    ).toBe(413)
    for (const cl of ['-1', 'abc', '', '1e9', '0x10', ' 5']) {
      const res = await post(`CL ${cl}`, '{}', { ...jsonAuth, 'content-length': cl })
      expect(res?.status).toBeLessThan(500)
    }
    for (const route of ['/api/deployments', '/api/deployments/dep_0001/stop', '/api/analyze']) {
      for (const headers of [chunked, { ...auth, 'transfer-encoding': 'chunked' }]) {
        const res = await p.send(
          { method: 'POST', path: route, headers, note: 'stream breaks off' },
          { body: stream(3, 100, true), duplex: 'half' } as RequestInit,
        )
        expect(res?.status, route).toBe(400)
      }
    }
    p.verify()
  })

  it('answers a failing platform with the bare internal_error JSON on every route', async () => {
    const h = await seeded()
    const boom = async () => {
      throw new Error(`store down at /srv/app/dist/index.js:12:3 for ${ENDPOINT_TOKEN}`, {
        cause: { credentials: { API_KEY: CANARY } },
      })
    }
    for (const name of ['get', 'list', 'stop', 'restart', 'delete', 'deploy', 'analyze'] as const) {
      Object.assign(h.platform, { [name]: boom })
    }
    Object.assign(h.platform, { getAnalysis: boom })
    const expected = {
      error: 'internal_error',
      message: 'internal error',
      details: {},
      retry_allowed: false,
    }
    for (const op of operations.filter((o) => o.secured && o.template !== '/api/cost')) {
      const path = fill(op.template, 'dep_0001')
      const body = op.body ? JSON.stringify(VALID_BODIES[op.body] ?? {}) : undefined
      const res = await h.app.request(path, {
        method: op.method,
        headers: op.body ? jsonAuth : auth,
        ...(body === undefined ? {} : { body }),
      })
      expect(res.status, `${op.method} ${path}`).toBe(500)
      expect(await res.json()).toEqual(expected)
    }
    const logged = h.lines.join('\n')
    expect(logged).not.toContain(CANARY)
    expect(logged).not.toContain(TOKEN)
  })

  it('never echoes an endpoint token sent in a path, nor logs it', async () => {
    const p = new Prober(await seeded())
    for (const path of [
      `/t/${ENDPOINT_TOKEN}/mcp`,
      `/t/${ENDPOINT_TOKEN}/sse`,
      `/api/t/${ENDPOINT_TOKEN}/x`,
      `/api/deployments/dep_0001/t/${ENDPOINT_TOKEN}`,
    ]) {
      for (const headers of [auth, {}]) {
        const res = await p.send({ method: 'GET', path, headers })
        expect(res?.status).toBeGreaterThanOrEqual(400)
      }
    }
    p.verify()
  })

  it('holds the rule for NASTY_STRINGS in every string position of a deploy body', async () => {
    const p = new Prober(await seeded())
    const base = VALID_BODIES.CreateDeployment as Record<string, unknown>
    for (const nasty of NASTY_STRINGS) {
      const bodies = [
        { ...base, source: nasty },
        { ...base, analysis_id: nasty },
        { ...base, runtime: nasty },
        { ...base, config: { ...CONFIG, display_name: nasty } },
        { ...base, config: { ...CONFIG, package_name: nasty } },
        { ...base, config: { ...CONFIG, run_command: nasty } },
        { ...base, config: { ...CONFIG, env_vars: [{ name: nasty, required: true }] } },
        { ...base, credentials: { [nasty]: CANARY } },
        { ...base, credentials: { API_KEY: `${CANARY}${nasty}` } },
        { url: nasty },
      ]
      for (const body of bodies) {
        const path = 'url' in body ? '/api/analyze' : '/api/deployments'
        await p.send({ method: 'POST', path, headers: jsonAuth, body: JSON.stringify(body) })
      }
    }
    p.verify()
  })
})
