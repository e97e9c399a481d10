import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadServerEnv } from '../../src/config/index.js'
import { createLogger } from '../../src/log/index.js'
import { type RunningServer, startServer } from '../../src/serve/index.js'
import { CONFIG, TOKEN } from '../app-harness.js'
import { FakePlatform } from '../fake-platform.js'
import {
  CANARY,
  describeSent,
  logProblems,
  Rng,
  ruleProblems,
  SEED,
  type Secrets,
} from './fuzz-kit.js'
import { type RawExchange, type RawOptions, rawRequest } from './raw-http.js'

/*
 * The same rule over a real socket: `startServer` (the production listener) over a fake
 * platform, driven with raw bytes fetch would never send. Whatever Node's parser, the
 * node-server adapter or the app refuses, the answer is the error JSON with a 4xx status.
 */

const ENDPOINT_TOKEN = 'tok_dep_0001'
const SECRETS: Secrets = { always: [CANARY, TOKEN], inErrors: [ENDPOINT_TOKEN] }
const AUTH = `Authorization: Bearer ${TOKEN}\r\n`
const JSON_CT = 'Content-Type: application/json\r\n'

interface Served {
  server: RunningServer
  lines: string[]
  failures: string[]
  /** Sends raw bytes and holds every response that comes back to the rule. */
  raw(note: string, parts: Array<string | Buffer>, opts?: RawOptions): Promise<RawExchange>
  /** Also checks the log lines, then that nothing broke the rule. */
  verify(): void
}

async function serve(env: Record<string, string> = {}): Promise<Served> {
  const lines: string[] = []
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean))
      done()
    },
  })
  const platform = new FakePlatform()
  const server = await startServer({
    env: loadServerEnv({
      PORT: '0',
      MCP_REMOTE_API_TOKEN: TOKEN,
      DATA_DIR: join(tmpdir(), 'mcp-remote-http-fuzz'),
      MCP_REMOTE_RATE_LIMIT: '100000',
      ...env,
    }),
    platform,
    logger: createLogger({ level: 'debug', destination }),
  })
  const failures: string[] = []
  return {
    server,
    lines,
    failures,
    async raw(note, parts, opts) {
      const exchange = await rawRequest(server.port, parts, opts)
      const sent = Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : p)))
      const label = describeSent({ method: 'RAW', path: note, body: sent.toString('latin1') })
      for (const res of exchange.responses) {
        for (const problem of ruleProblems(
          res.status,
          res.headers['content-type'] ?? null,
          res.body,
          SECRETS,
        )) {
          failures.push(`${problem} ← ${label}`)
        }
      }
      if (exchange.garbage.trim() !== '')
        failures.push(`unparsed answer ${exchange.garbage.slice(0, 200)} ← ${label}`)
      return exchange
    },
    verify() {
      failures.push(...logProblems(lines, [CANARY, TOKEN, ENDPOINT_TOKEN]))
      for (const l of lines.filter((line) => line.includes('"level":50'))) {
        failures.push(`error logged (a 5xx path): ${l.slice(0, 300)}`)
      }
      const found = failures.splice(0)
      lines.splice(0)
      expect(found.slice(0, 20), `${found.length} problems`).toEqual([])
    },
  }
}

function get(path: string, extra = ''): string {
  return `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${AUTH}${extra}Connection: close\r\n\r\n`
}

function post(path: string, body: string | Buffer, extra = JSON_CT): Array<string | Buffer> {
  const length = typeof body === 'string' ? Buffer.byteLength(body) : body.length
  return [
    `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${AUTH}${extra}Content-Length: ${length}\r\nConnection: close\r\n\r\n`,
    body,
  ]
}

/** The status of the one final response, or 0. */
const only = (x: RawExchange) => x.responses[0]?.status ?? 0

describe(`API fuzz over HTTP (seed ${SEED})`, () => {
  let s: Served

  beforeAll(async () => {
    s = await serve()
    const res = await fetch(`${s.server.url}/api/deployments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        config: CONFIG,
        credentials: { API_KEY: CANARY },
        confirm_cost: true,
      }),
    })
    expect(res.status).toBe(202)
    ;(s.server.platform as FakePlatform).settle('dep_0001', 'running')
  })

  afterAll(async () => {
    await s.server.close()
  })

  it('answers hostile request lines and paths with 4xx JSON', async () => {
    const ACCEPTED = [
      'http://evil.example/api/deployments',
      '/api/../api/deployments/dep_0001',
      '/api/deployments/dep_0001/./stop',
    ]
    const paths = [
      '/api/deployments/%E0%A4%A',
      '/api/deployments/%',
      '/api/deployments/%zz',
      '/api/deployments/%00',
      '/api/deployments/a%2Fb',
      '/api/deployments/a%2fb/stop',
      '/api/deployments/%2e%2e',
      '/api/deployments/../../etc/passwd',
      '/api/deployments/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
      '/api/../api/deployments/dep_0001',
      '/api/deployments/dep_0001/./stop',
      '/api\\deployments',
      '/api/deployments/d\u00e9p',
      `/api/deployments/${'a'.repeat(8_000)}`,
      `/api/${'a/'.repeat(3_000)}`,
      '/api/cost?runtime=%E0%A4%A&runtime=fly&runtime',
      '/api/deployments?limit=%00&limit[]=1',
      `/t/${ENDPOINT_TOKEN}/mcp`,
      '*',
      'http://evil.example/api/deployments',
      'http://[::1/api/deployments',
      'api/deployments',
      '//api//deployments',
    ]
    for (const path of paths) {
      const x = await s.raw(path, [Buffer.from(get(path), 'latin1')])
      expect(x.responses, path).toHaveLength(1)
      // Dot segments and the absolute form resolve to a real route; the rest is refused.
      if (!ACCEPTED.includes(path)) expect(only(x), path).toBeGreaterThanOrEqual(400)
    }
    s.verify()
  })

  it('answers what the HTTP parser refuses with 4xx JSON (not an empty 400)', async () => {
    const head = (lines: string) =>
      `GET /api/deployments HTTP/1.1\r\nHost: 127.0.0.1\r\n${lines}\r\n`
    const cases: Array<[string, Array<string | Buffer>, number]> = [
      [
        'duplicate Content-Length',
        post('/api/deployments', '{}', `${JSON_CT}Content-Length: 3\r\n`),
        400,
      ],
      [
        'Content-Length and chunked',
        [
          `POST /api/deployments HTTP/1.1\r\nHost: x\r\n${AUTH}${JSON_CT}Content-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n`,
        ],
        400,
      ],
      [
        'Content-Length not a number',
        [
          `POST /api/deployments HTTP/1.1\r\nHost: x\r\n${AUTH}${JSON_CT}Content-Length: abc\r\n\r\n{}`,
        ],
        400,
      ],
      [
        'negative Content-Length',
        [
          `POST /api/deployments HTTP/1.1\r\nHost: x\r\n${AUTH}${JSON_CT}Content-Length: -2\r\n\r\n{}`,
        ],
        400,
      ],
      ['control byte in a header value', [head(`${AUTH}X-A: a\x01b\r\n`)], 400],
      ['DEL in a header value', [head(`${AUTH}X-A: a\x7fb\r\n`)], 400],
      ['NUL in a header value', [head(`${AUTH}X-A: a\x00b\r\n`)], 400],
      ['space in a header name', [head(`${AUTH}X A: b\r\n`)], 400],
      ['header without a colon', [head(`${AUTH}X-A\r\n`)], 400],
      ['obsolete line folding', [head(`${AUTH}X-A: a\r\n b\r\n`)], 400],
      ['bare LF line ends', ['GET /api/health HTTP/1.1\nHost: x\n\n'], 400],
      ['huge header', [head(`${AUTH}X-A: ${'a'.repeat(100_000)}\r\n`)], 431],
      ['many headers', [head(`${AUTH}${'X-A: b\r\n'.repeat(10_000)}`)], 431],
      ['huge request line', [get(`/api/${'a'.repeat(20_000)}`)], 431],
      ['unknown method', ['FOO /api/health HTTP/1.1\r\nHost: x\r\n\r\n'], 400],
      ['lower-case method', ['get /api/health HTTP/1.1\r\nHost: x\r\n\r\n'], 400],
      ['bad version', ['GET /api/health HTTP/9.9\r\nHost: x\r\n\r\n'], 400],
      ['binary garbage', [Buffer.from([0, 1, 2, 0xff, 13, 10, 13, 10])], 400],
      ['TLS hello on plain HTTP', [Buffer.from('16030100a5010000a103035f', 'hex')], 400],
      [
        'bad chunk size',
        [
          `POST /api/deployments HTTP/1.1\r\nHost: x\r\n${AUTH}${JSON_CT}Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`,
        ],
        400,
      ],
      [
        'huge chunk extension',
        [
          `POST /api/deployments HTTP/1.1\r\nHost: x\r\n${AUTH}${JSON_CT}Transfer-Encoding: chunked\r\n\r\n2;${'e'.repeat(20_000)}\r\n{}\r\n0\r\n\r\n`,
        ],
        413,
      ],
      ['no Host on HTTP/1.1', [`GET /api/deployments HTTP/1.1\r\n${AUTH}\r\n`], 400],
      [
        'Host that is not a host',
        [`GET /api/deployments HTTP/1.1\r\nHost: a b@c\r\n${AUTH}\r\n`],
        400,
      ],
      [
        'Host with credentials',
        [`GET /api/deployments HTTP/1.1\r\nHost: user:${CANARY}@evil\r\n${AUTH}\r\n`],
        400,
      ],
      [
        'two Host headers (Node keeps the first)',
        [`GET /api/deployments HTTP/1.1\r\nHost: a\r\nHost: b\r\n${AUTH}\r\n`],
        200,
      ],
      [
        'Expect other than 100-continue',
        post('/api/deployments', '{}', `${JSON_CT}Expect: 200-ok\r\n`),
        417,
      ],
    ]
    for (const [note, parts, status] of cases) {
      const x = await s.raw(note, parts, { after: 'end' })
      expect(
        x.responses.map((r) => r.status),
        note,
      ).toEqual([status])
    }
    s.verify()
  })

  it('refuses several Authorization headers, whichever comes first, and Latin-1 bytes and junk', async () => {
    const cases: Array<[string, string | Buffer, number]> = [
      ['duplicate, both right', get('/api/deployments', AUTH), 401],
      ['duplicate, second wrong', get('/api/deployments', 'Authorization: Bearer wrong\r\n'), 401],
      [
        'duplicate, first wrong',
        get('/api/deployments').replace(AUTH, `Authorization: Bearer wrong\r\n${AUTH}`),
        401,
      ],
      ['duplicate, second empty', get('/api/deployments', 'authorization:\r\n'), 401],
      [
        'Latin-1 bytes',
        Buffer.from(
          get('/api/deployments').replace(AUTH, 'Authorization: Bearer \xff\xfe\xe9\r\n'),
          'latin1',
        ),
        401,
      ],
      [
        'token plus junk',
        get('/api/deployments').replace(AUTH, `Authorization: Bearer ${TOKEN} x\r\n`),
        401,
      ],
      [
        'token in another header',
        get('/api/deployments').replace(AUTH, `X-Api-Key: ${TOKEN}\r\n`),
        401,
      ],
      ['empty', get('/api/deployments').replace(AUTH, 'Authorization:\r\n'), 401],
    ]
    for (const [note, bytes, status] of cases) {
      const x = await s.raw(note, [bytes])
      expect(only(x), note).toBe(status)
      if (note.startsWith('duplicate')) {
        expect(JSON.parse(x.responses[0]?.body ?? '{}').details, note).toEqual({
          reason: 'duplicate',
        })
      }
    }
    s.verify()
  })

  it('caps bodies at 1 MiB, chunked or not, and answers bad bodies with 4xx JSON', async () => {
    const chunkedHead = `POST /api/deployments HTTP/1.1\r\nHost: x\r\n${AUTH}${JSON_CT}Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n`
    const chunk = `${(64 * 1024).toString(16)}\r\n${' '.repeat(64 * 1024)}\r\n`
    const over = await s.raw('chunked 1.06 MiB, no Content-Length', [
      chunkedHead,
      ...Array(17).fill(chunk),
      '0\r\n\r\n',
    ])
    expect(only(over)).toBe(413)
    const fits = await s.raw('chunked 1 MiB', [chunkedHead, ...Array(16).fill(chunk), '0\r\n\r\n'])
    expect(only(fits)).toBe(400)
    const big = await s.raw('Content-Length 2 MiB', [
      `POST /api/deployments HTTP/1.1\r\nHost: x\r\n${AUTH}${JSON_CT}Content-Length: ${2 << 20}\r\nConnection: close\r\n\r\n`,
      Buffer.alloc(2 << 20, 0x20),
    ])
    expect(only(big)).toBe(413)
    const declaredOnly = await s.raw('Content-Length 5 GB, no body', [
      `POST /api/deployments HTTP/1.1\r\nHost: x\r\n${AUTH}${JSON_CT}Content-Length: 5000000000\r\n\r\n`,
    ])
    expect(only(declaredOnly)).toBe(413)
    const gzip = await s.raw(
      'gzip',
      post('/api/deployments', gzipSync('{}'), `${JSON_CT}Content-Encoding: gzip\r\n`),
    )
    expect(only(gzip)).toBe(400)
    const cases: Array<[string, string]> = [
      ['text/plain', 'Content-Type: text/plain\r\n'],
      ['form', 'Content-Type: application/x-www-form-urlencoded\r\n'],
      ['no Content-Type', ''],
      ['two Content-Types', `${JSON_CT}Content-Type: text/plain\r\n`],
      ['charset utf-8', 'Content-Type: application/json; charset=utf-8\r\n'],
      ['charset UTF-16', 'Content-Type: application/json; charset=utf-16\r\n'],
      ['charset quoted', 'Content-Type: application/json; charset="utf-8"\r\n'],
      ['space before ;', 'Content-Type: application/json ; charset=utf-8\r\n'],
      ['Latin-1 bytes', 'Content-Type: application/json; charset=\xe9\r\n'],
    ]
    const body = JSON.stringify({ config: CONFIG, credentials: { API_KEY: CANARY } })
    for (const [note, ct] of cases) {
      const x = await s.raw(
        note,
        post('/api/deployments', body, ct).map((p) => Buffer.from(p as string, 'latin1')),
      )
      expect(only(x), note).toBeGreaterThanOrEqual(400)
    }
    for (const bytes of [
      [0xff, 0xfe],
      [0x7b, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x3a, 0x31, 0x7d],
      [0xef, 0xbb, 0xbf, 0x7b, 0x7d],
    ]) {
      const x = await s.raw(`bytes ${bytes}`, post('/api/deployments', Buffer.from(bytes)))
      expect(only(x)).toBeGreaterThanOrEqual(400)
    }
    s.verify()
  })

  it('accepts the white space HTTP allows around media type parameters', async () => {
    const body = JSON.stringify({
      config: CONFIG,
      credentials: { API_KEY: CANARY },
      confirm_cost: true,
    })
    for (const ct of [
      'application/json ; charset=utf-8',
      'application/json;  charset=utf-8',
      'Application/JSON ;charset=UTF-8',
    ]) {
      const x = await s.raw(ct, post('/api/deployments', body, `Content-Type: ${ct}\r\n`))
      expect(only(x), ct).toBe(202)
    }
    s.verify()
  })

  it('answers Expect: 100-continue with 100, then the answer', async () => {
    const x = await s.raw(
      'expect 100-continue',
      [
        `POST /api/deployments HTTP/1.1\r\nHost: x\r\n${AUTH}${JSON_CT}Content-Length: 2\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n`,
        '{}',
      ],
      { gapMs: 50 },
    )
    expect(x.interim).toEqual([100])
    expect(only(x)).toBe(400)
    s.verify()
  })

  it('treats a body that breaks off as the client’s doing: 4xx or silence, never a 500', async () => {
    const clHead = (path: string, extra = JSON_CT) =>
      `POST ${path} HTTP/1.1\r\nHost: x\r\n${AUTH}${extra}Content-Length: 100\r\n\r\n`
    const teHead = (path: string, extra = JSON_CT) =>
      `POST ${path} HTTP/1.1\r\nHost: x\r\n${AUTH}${extra}Transfer-Encoding: chunked\r\n\r\n`
    for (const path of ['/api/deployments', '/api/analyze', '/api/deployments/dep_0001/stop']) {
      for (const [note, parts] of [
        ['Content-Length, half a body', [clHead(path), '{"con']],
        ['Content-Length, no body', [clHead(path, '')]],
        ['chunked, half a chunk', [teHead(path), '10\r\n{"con']],
        ['chunked, no Content-Type', [teHead(path, ''), '5\r\n{"con\r\n']],
      ] as Array<[string, string[]]>) {
        for (const then of ['end', 'destroy'] as const) {
          const x = await s.raw(`${path} ${note} then ${then}`, parts, { after: then, gapMs: 20 })
          for (const r of x.responses) expect(r.status).toBeLessThan(500)
        }
      }
    }
    // The server lets the request handlers notice, then checks no 500 was logged.
    await new Promise((r) => setTimeout(r, 100))
    s.verify()
  })

  it('holds the rule for randomly corrupted requests (seeded byte mutations)', async () => {
    const rng = new Rng(SEED + 10)
    const body = JSON.stringify({
      config: CONFIG,
      credentials: { API_KEY: CANARY },
      confirm_cost: true,
    })
    const seeds = [
      Buffer.from(post('/api/deployments', body).join('')),
      Buffer.from(get('/api/deployments/dep_0001')),
      Buffer.from(post('/api/analyze?refresh=true', '{"url":"npm:x"}').join('')),
      Buffer.from(get('/api/cost?runtime=local')),
    ]
    const batch: Array<Promise<unknown>> = []
    for (let i = 0; i < 240; i += 1) {
      const bytes = Buffer.from(rng.pick(seeds))
      const out: number[] = [...bytes]
      for (let n = 1 + rng.int(4); n > 0; n -= 1) {
        const at = rng.int(out.length)
        const op = rng.int(4)
        const byte = rng.pick([
          0,
          10,
          13,
          32,
          34,
          37,
          47,
          58,
          59,
          92,
          123,
          0x7f,
          0x80,
          0xff,
          rng.int(256),
        ])
        if (op === 0) out[at] = byte
        else if (op === 1) out.splice(at, 0, byte)
        else if (op === 2) out.splice(at, 1)
        else
          out.splice(
            at,
            0,
            ...Buffer.from(
              rng.pick(['%', '%00', '\r\n', '\r\nContent-Length: 7', '..', ' HTTP/1.1', '\\']),
            ),
          )
      }
      batch.push(s.raw(`mutation ${i}`, [Buffer.from(out)], { after: 'end', timeoutMs: 1500 }))
      if (batch.length === 24) await Promise.all(batch.splice(0))
    }
    await Promise.all(batch)
    s.verify()
  })
})

describe(`rate limit and body cap over HTTP (seed ${SEED})`, () => {
  it('cannot be bypassed by bad input, spoofed X-Forwarded-For or pipelining; 429 is JSON', async () => {
    const s = await serve({ MCP_REMOTE_RATE_LIMIT: '5' })
    try {
      for (let i = 0; i < 5; i += 1)
        expect(only(await s.raw('warm', [get('/api/health')]))).toBe(200)
      const attempts: Array<[string, Array<string | Buffer>]> = [
        ['plain', [get('/api/deployments')]],
        ['spoofed XFF', [get('/api/deployments', 'X-Forwarded-For: 203.0.113.7\r\n')]],
        [
          'spoofed Forwarded',
          [get('/api/deployments', 'Forwarded: for=203.0.113.8\r\nX-Real-IP: 203.0.113.9\r\n')],
        ],
        ['no token', [get('/api/deployments').replace(AUTH, '')]],
        [
          'preflight',
          [
            `OPTIONS /api/deployments HTTP/1.1\r\nHost: x\r\nOrigin: https://evil.example\r\nAccess-Control-Request-Method: POST\r\nConnection: close\r\n\r\n`,
          ],
        ],
        ['malformed JSON', post('/api/deployments', '{')],
        [
          'oversized chunked body',
          [
            `POST /api/deployments HTTP/1.1\r\nHost: x\r\n${AUTH}${JSON_CT}Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n`,
            `200000\r\n${' '.repeat(0x200000)}\r\n0\r\n\r\n`,
          ],
        ],
        ['oversized body', post('/api/deployments', Buffer.alloc(2 << 20, 0x20))],
        ['unknown route', [get('/api/nothing')]],
      ]
      for (const [note, parts] of attempts) {
        const x = await s.raw(note, parts)
        expect(only(x), note).toBe(429)
        expect(Number(x.responses[0]?.headers['retry-after'])).toBeGreaterThan(0)
      }
      const pipelined = await s.raw(
        'ten pipelined requests',
        [
          get('/api/deployments').replace('Connection: close\r\n', '').repeat(9) +
            get('/api/deployments'),
        ],
        { expect: 10 },
      )
      expect(pipelined.responses.map((r) => r.status)).toEqual(Array(10).fill(429))
      s.verify()
    } finally {
      await s.server.close()
    }
  })
})
