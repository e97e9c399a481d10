import { type RawExchange, type RawOptions, rawRequest } from '@mcp-remote/fuzz-kit'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  callTool,
  firstText,
  JSON_AND_SSE,
  LATEST,
  ROUTING_FIXTURE,
  readRpcMessage,
  startTestBridge,
  type TestBridge,
} from '../helpers.js'
import {
  answerProblems,
  CANARY,
  describeSent,
  logProblems,
  NASTY_STRINGS,
  Rng,
  randomString,
  SEED,
} from './fuzz-kit.js'

/*
 * The bridge as a stranger on the internet meets it: no token, or a wrong one, over raw bytes.
 * The rule for every answer: no 5xx, no secret in a body or a log line (raw or percent-encoded),
 * no session opened, nothing reaching the child, and the child still serving afterwards.
 *
 * The token has the characters a base64 token has (`+`, `/`, `=`), so it only fits a path
 * segment percent-encoded: what `/t/<token>` decoding and log redaction must both get right.
 */

const SECRET_TOKEN = 'Fz+9/tok=en_5f0c2b8e9d7a4c1e'
const ENCODED = encodeURIComponent(SECRET_TOKEN)
const SECRETS = [SECRET_TOKEN, CANARY]

let t: TestBridge
let port: number
let host: string
let measurer: string
let childPid: number | undefined
let failures: string[] = []

function bearer(token = SECRET_TOKEN): string {
  return `Authorization: Bearer ${token}\r\n`
}

/** A request with the given head lines (each ending in CRLF) and body. */
function request(method: string, path: string, lines = '', body = ''): string {
  const length = body === '' ? '' : `Content-Length: ${Buffer.byteLength(body, 'latin1')}\r\n`
  return `${method} ${path} HTTP/1.1\r\nHost: ${host}\r\n${lines}${length}Connection: close\r\n\r\n${body}`
}

/** Sends raw bytes; every response is held to the rule, problems collected under the seed. */
async function raw(
  note: string,
  parts: Array<string | Buffer>,
  opts?: RawOptions,
): Promise<RawExchange> {
  const exchange = await rawRequest(port, parts, { timeoutMs: 3000, ...opts })
  const sent = Buffer.concat(
    parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : p)),
  )
  for (const res of exchange.responses) {
    for (const problem of answerProblems(
      res.status,
      res.headers['content-type'],
      res.body,
      SECRETS,
    )) {
      failures.push(`${problem} ← ${describeSent(note, sent)}`)
    }
  }
  return exchange
}

const statusOf = (x: RawExchange) => x.responses[0]?.status ?? 0

/** Calls a fixture tool through the measuring session (Bearer auth). */
async function tool(name: string): Promise<string> {
  const res = await fetch(`${t.bridge.url}/mcp`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${SECRET_TOKEN}`,
      'Content-Type': 'application/json',
      Accept: JSON_AND_SSE,
      'Mcp-Session-Id': measurer,
      'Mcp-Protocol-Version': LATEST,
    },
    body: JSON.stringify(callTool(1, name)),
  })
  return firstText(((await readRpcMessage(res)) as { result?: unknown }).result)
}

/** Messages the child has read so far (the call asking counts itself). */
async function received(): Promise<number> {
  return Number(await tool('received'))
}

/** Fails with every problem found since the last check, then starts over. */
function verify(): void {
  const found = [...failures.splice(0), ...logProblems(t.logs.splice(0), SECRETS)]
  expect(found.slice(0, 20), `${found.length} problems`).toEqual([])
}

beforeAll(async () => {
  t = await startTestBridge(ROUTING_FIXTURE, {
    token: SECRET_TOKEN,
    env: { ...process.env, MCP_BRIDGE_TOKEN: SECRET_TOKEN, FIXTURE_SECRET: CANARY },
    keepAliveMs: 0,
  })
  port = t.bridge.port
  host = `127.0.0.1:${port}`
  const res = await fetch(`${t.bridge.url}/mcp`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${SECRET_TOKEN}`,
      'Content-Type': 'application/json',
      Accept: JSON_AND_SSE,
    },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 0,
      method: 'initialize',
      params: {
        protocolVersion: LATEST,
        capabilities: {},
        clientInfo: { name: 'm', version: '1' },
      },
    }),
  })
  await res.text()
  measurer = res.headers.get('mcp-session-id') as string
  childPid = t.bridge.status().childPid
  failures = []
})

afterAll(async () => {
  await t?.bridge.close()
})

describe(`bridge fuzz: unauthenticated surface (seed ${SEED})`, () => {
  it('refuses every path and method without a valid token, and nothing reaches the child', async () => {
    const before = await received()
    const upper = SECRET_TOKEN.toUpperCase()
    const tokens = [
      '',
      'x',
      SECRET_TOKEN, // raw: its `/` ends the segment
      ENCODED.slice(1),
      `${SECRET_TOKEN}x`,
      `x${SECRET_TOKEN}`,
      upper,
      encodeURIComponent(upper),
      ENCODED.slice(0, -1),
      `${ENCODED}%00`,
      `${ENCODED}%20`,
      `%20${ENCODED}`,
      encodeURIComponent(ENCODED), // double encoding
      ENCODED.replaceAll('%', '%25'),
      `${ENCODED}%2Fmcp`, // the endpoint inside the token segment
      ENCODED.replace('t', '%C5%A3'), // a look-alike letter
      ENCODED.replace('F', '\uff26'), // fullwidth F, as UTF-8 bytes
      '%E0%A4%A',
      '%',
      '..',
      '%2e%2e',
    ]
    const paths = [
      '/',
      '*',
      '/mcp',
      '/mcp/',
      '//mcp',
      '/MCP',
      '/sse',
      '/messages',
      '/messages?sessionId=00000000-0000-0000-0000-000000000000',
      '/health/../mcp',
      '/t',
      '/t/',
      '/t//mcp',
      `/T/${ENCODED}/mcp`,
      `/mcp?token=${ENCODED}`,
      `/mcp?token=${SECRET_TOKEN}`,
      `/mcp?access_token=${encodeURIComponent(ENCODED)}`,
      `/sse?token=${ENCODED}&sessionId=x`,
      `/messages?sessionId=x&api_key=${ENCODED}`,
      `/x/${ENCODED}/mcp`,
      `http://${host}/mcp`,
      ...tokens.flatMap((token) => [`/t/${token}/mcp`, `/t/${token}/sse`, `/t/${token}`]),
    ]
    const methods = [
      'GET',
      'POST',
      'DELETE',
      'PUT',
      'PATCH',
      'HEAD',
      'OPTIONS',
      'TRACE',
      'PROPFIND',
    ]
    const credentials = ['', bearer('wrong'), bearer(SECRET_TOKEN.slice(1)), 'X-API-Key: \r\n']
    const rng = new Rng(SEED)
    const batch: Array<Promise<unknown>> = []
    for (const path of paths) {
      for (const method of methods) {
        const creds = rng.pick(credentials)
        const body = method === 'POST' ? '{"jsonrpc":"2.0","id":1,"method":"tools/list"}' : ''
        const lines = `${creds}${body ? 'Content-Type: application/json\r\n' : ''}Accept: ${JSON_AND_SSE}\r\n`
        const bytes = Buffer.from(request(method, path, lines, body), 'utf8')
        const note = `${method} ${path}`
        batch.push(
          raw(note, [bytes], { after: 'end', head: method === 'HEAD' }).then((x) => {
            const status = statusOf(x)
            const health = path === '/health' && (method === 'GET' || method === 'HEAD')
            const allowed =
              method === 'OPTIONS' ? [204, 400] : health ? [200] : [400, 401, 404, 405]
            if (!allowed.includes(status)) {
              failures.push(`status ${status}, expected ${allowed} ← ${describeSent(note, bytes)}`)
            }
          }),
        )
        if (batch.length >= 32) await Promise.all(batch.splice(0))
      }
    }
    await Promise.all(batch)
    expect(t.bridge.status().sessions).toEqual({ sse: 0, streamableHttp: 1 })
    expect(await received()).toBe(before + 1)
    verify()
  })

  it('takes the percent-encoded token in the path, in any hex case, and nothing like it', async () => {
    const probe = (token: string) =>
      raw(`POST /t/${token}/mcp text/plain`, [
        request('POST', `/t/${token}/mcp`, 'Content-Type: text/plain\r\n', 'x'),
      ])
    // 415 comes after the token check: the token was taken.
    expect(statusOf(await probe(ENCODED))).toBe(415)
    expect(statusOf(await probe(ENCODED.toLowerCase().replace('fz', 'Fz')))).toBe(415)
    const every = [...Buffer.from(SECRET_TOKEN)].map((b) => `%${b.toString(16)}`).join('')
    expect(statusOf(await probe(every))).toBe(415)
    for (const token of [SECRET_TOKEN, encodeURIComponent(ENCODED), `${ENCODED}%0A`]) {
      expect(statusOf(await probe(token)), token).toBe(401)
    }
    verify()
  })

  it('answers what the HTTP parser refuses with a 4xx, never a 5xx or a crash', async () => {
    const head = (lines: string) => `GET /mcp HTTP/1.1\r\nHost: ${host}\r\n${lines}\r\n`
    const post = `POST /mcp HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\n`
    const cases: Array<[string, Array<string | Buffer>, number[]]> = [
      [
        'duplicate Content-Length',
        [`${post}Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}`],
        [400],
      ],
      [
        'Content-Length and chunked',
        [`${post}Content-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n`],
        [400],
      ],
      ['Content-Length not a number', [`${post}Content-Length: abc\r\n\r\n{}`], [400]],
      ['negative Content-Length', [`${post}Content-Length: -2\r\n\r\n{}`], [400]],
      [
        'bad chunk size',
        [`${post}Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`],
        [400, 401],
      ],
      [
        'chunked, then garbage',
        [`${post}Transfer-Encoding: chunked\r\n\r\n2\r\n{}xx0\r\n\r\n`],
        [400, 401],
      ],
      ['Transfer-Encoding gzip', [`${post}Transfer-Encoding: gzip\r\n\r\n{}`], [400, 401, 501]],
      ['control byte in a header value', [head('X-A: a\x01b\r\n')], [400]],
      ['NUL in a header value', [head('X-A: a\x00b\r\n')], [400]],
      ['DEL in a header value', [head('X-A: a\x7fb\r\n')], [400]],
      ['space in a header name', [head('X A: b\r\n')], [400]],
      ['header without a colon', [head('X-A\r\n')], [400]],
      ['obsolete line folding', [head('X-A: a\r\n b\r\n')], [400]],
      ['bare LF line ends', [`GET /mcp HTTP/1.1\nHost: ${host}\n\n`], [400, 401]],
      ['huge header', [head(`X-A: ${'a'.repeat(100_000)}\r\n`)], [431]],
      ['many headers', [head('X-A: b\r\n'.repeat(10_000))], [431]],
      [
        'huge request line',
        [`GET /t/${'a'.repeat(20_000)}/mcp HTTP/1.1\r\nHost: ${host}\r\n\r\n`],
        [431],
      ],
      [
        'huge token in Authorization',
        [head(`Authorization: Bearer ${'a'.repeat(15_000)}\r\n`)],
        [401],
      ],
      ['unknown method', [`FOO /mcp HTTP/1.1\r\nHost: ${host}\r\n\r\n`], [400]],
      ['lower-case method', [`get /mcp HTTP/1.1\r\nHost: ${host}\r\n\r\n`], [400]],
      ['bad version', [`GET /mcp HTTP/9.9\r\nHost: ${host}\r\n\r\n`], [400, 505]],
      ['binary garbage', [Buffer.from([0, 1, 2, 0xff, 13, 10, 13, 10])], [400]],
      ['TLS hello on plain HTTP', [Buffer.from('16030100a5010000a103035f', 'hex')], [400]],
      ['no Host on HTTP/1.1', ['GET /mcp HTTP/1.1\r\n\r\n'], [400]],
      ['no Host on HTTP/1.0', ['GET /mcp HTTP/1.0\r\n\r\n'], [403]],
      ['HTTP/1.0 health, no Host', ['GET /health HTTP/1.0\r\n\r\n'], [200]],
      ['HTTP/1.0 with Host', [`GET /mcp HTTP/1.0\r\nHost: ${host}\r\n\r\n`], [401]],
      ['HTTP/0.9', ['GET /mcp\r\n\r\n'], [400, 403]],
      [
        'two Host headers',
        [`GET /mcp HTTP/1.1\r\nHost: ${host}\r\nHost: evil.example\r\n\r\n`],
        [401],
      ],
      [
        'Expect other than 100-continue',
        [`${post}Expect: 200-ok\r\nContent-Length: 2\r\n\r\n{}`],
        [417],
      ],
      // Node closes a CONNECT nobody listens for without a word.
      ['CONNECT', [`CONNECT ${host} HTTP/1.1\r\nHost: ${host}\r\n\r\n`], []],
      [
        'absolute-form other host',
        ['GET http://evil.example/mcp HTTP/1.1\r\nHost: evil.example\r\n\r\n'],
        [403],
      ],
      ['asterisk-form OPTIONS', [`OPTIONS * HTTP/1.1\r\nHost: ${host}\r\n\r\n`], [204]],
    ]
    for (const [note, parts, statuses] of cases) {
      const x = await raw(note, parts, { after: 'end' })
      expect(
        x.responses.map((r) => r.status),
        describeSent(note),
      ).toEqual(
        statuses.length === 0
          ? []
          : x.responses.length > 0
            ? x.responses.map(() => expect.toSatisfy((s: number) => statuses.includes(s)))
            : ['a response'],
      )
    }
    verify()
  })

  it('answers Expect: 100-continue and huge unauthenticated bodies without reading them', async () => {
    const expect100 = await raw(
      'expect 100-continue, no token',
      [
        `POST /mcp HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nContent-Length: 2\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n`,
        '{}',
      ],
      { gapMs: 30 },
    )
    expect(statusOf(expect100)).toBe(401)
    const big = await raw('8 MB body, no token', [
      `POST /mcp HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nContent-Length: ${8 << 20}\r\nConnection: close\r\n\r\n`,
      Buffer.alloc(8 << 20, 0x20),
    ])
    expect(statusOf(big)).toBe(401)
    const declared = await raw('Content-Length 5 GB, no token, no body', [
      `POST /t/x/mcp HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nContent-Length: 5000000000\r\n\r\n`,
    ])
    expect(statusOf(declared)).toBe(401)
    verify()
  })

  it('serves pipelined, slow and broken-off requests one by one', async () => {
    const one = (path: string) => `GET ${path} HTTP/1.1\r\nHost: ${host}\r\n\r\n`
    const paths = ['/health', '/mcp', `/t/${ENCODED.slice(3)}/sse`, '/nothing', '/health']
    const pipelined = await raw('five pipelined requests', [paths.map(one).join('')], {
      expect: 5,
    })
    expect(pipelined.responses.map((r) => r.status)).toEqual([200, 401, 401, 401, 200])
    const bytes = Buffer.from(request('GET', '/t/nope/mcp', bearer('x')))
    const slow = await raw(
      'one byte at a time',
      [...bytes].map((b) => Buffer.from([b])),
      {
        gapMs: 1,
      },
    )
    expect(statusOf(slow)).toBe(401)
    for (const cut of [5, 20, bytes.length - 3]) {
      const x = await raw(`request cut after ${cut} bytes`, [bytes.subarray(0, cut)], {
        after: 'destroy',
      })
      expect(x.responses).toEqual([])
    }
    verify()
  })

  it('checks Host and Origin before anything, token or not', async () => {
    const hosts: Array<[string, number]> = [
      [host, 401],
      [`localhost:${port}`, 401],
      [`LOCALHOST:${port}`, 401],
      [`[::1]:${port}`, 401],
      ['localhost', 403],
      [`localhost:${port + 1}`, 403],
      [`127.0.0.1:${port}.evil.example`, 403],
      [`evil.example`, 403],
      [`user@127.0.0.1:${port}`, 403],
      [SECRET_TOKEN, 403],
      [ENCODED, 403],
    ]
    for (const [value, status] of hosts) {
      for (const creds of ['', bearer('nope')]) {
        const bytes = `GET /mcp HTTP/1.1\r\nHost: ${value}\r\n${creds}Connection: close\r\n\r\n`
        const x = await raw(`Host ${value}`, [bytes])
        expect([status, 400], describeSent(`Host ${value}`, bytes)).toContain(statusOf(x))
      }
    }
    const origins: Array<[string, number]> = [
      [`http://${host}`, 401],
      [`http://localhost:${port}/`, 401],
      ['null', 403],
      ['http://evil.example', 403],
      [`http://localhost:${port}.evil.example`, 403],
      [`http://127.0.0.1:${port}@evil.example`, 403],
      [`http://evil.example#@127.0.0.1:${port}`, 403],
      ['file://', 403],
      ['', 403],
      [`http://${host}, http://evil.example`, 403],
      [`https://${ENCODED}.example`, 403],
    ]
    for (const [origin, status] of origins) {
      for (const creds of ['', bearer('nope'), bearer()]) {
        const bytes = `GET /mcp HTTP/1.1\r\nHost: ${host}\r\nOrigin: ${origin}\r\n${creds}Connection: close\r\n\r\n`
        const x = await raw(`Origin ${origin}`, [bytes])
        // With the right token an allowed origin reaches the transport (406: no Accept).
        const want = status === 401 && creds === bearer() ? 406 : status
        expect(statusOf(x), describeSent(`Origin ${origin}`, bytes)).toBe(want)
      }
    }
    verify()
  })

  it('holds the rule for randomly corrupted requests (seeded byte mutations)', async () => {
    const before = await received()
    const rng = new Rng(SEED + 1)
    const body = JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/call',
      params: { name: 'exit' },
    })
    const seeds = [
      request(
        'POST',
        '/t/not-the-token/mcp',
        `Content-Type: application/json\r\nAccept: ${JSON_AND_SSE}\r\n`,
        body,
      ),
      request('GET', '/sse', bearer('Fz+9/x')),
      request(
        'POST',
        '/messages?sessionId=1',
        'X-API-Key: nope\r\nContent-Type: application/json\r\n',
        body,
      ),
      request('DELETE', '/mcp', 'Mcp-Session-Id: 1\r\n'),
      request('GET', '/health'),
    ].map((s) => Buffer.from(s, 'latin1'))
    const batch: Array<Promise<unknown>> = []
    for (let i = 0; i < 300; i += 1) {
      const out = [...rng.pick(seeds)]
      for (let n = 1 + rng.int(4); n > 0; n -= 1) {
        const at = rng.int(out.length)
        const op = rng.int(4)
        const byte = rng.pick([0, 10, 13, 32, 37, 47, 58, 63, 92, 0x7f, 0x80, 0xff, rng.int(256)])
        if (op === 0) out[at] = byte
        else if (op === 1) out.splice(at, 0, byte)
        else if (op === 2) out.splice(at, 1)
        else {
          const insert = rng.pick([
            '%',
            '%2F',
            '%00',
            '\r\n',
            '\r\nContent-Length: 7',
            '\r\nTransfer-Encoding: chunked',
            '/t/',
            '..',
            ' HTTP/1.1',
            randomString(rng, 8),
            rng.pick(NASTY_STRINGS).slice(0, 100),
          ])
          out.splice(at, 0, ...Buffer.from(insert, 'utf8'))
        }
      }
      const bytes = Buffer.from(out)
      batch.push(
        raw(`mutation ${i}`, [bytes], { after: 'end', timeoutMs: 1500 }).then((x) => {
          for (const r of x.responses) {
            if (r.status < 300 && r.status !== 200) {
              failures.push(`status ${r.status} ← ${describeSent(`mutation ${i}`, bytes)}`)
            }
            // Only /health may answer 200 without a token.
            if (r.status === 200 && r.body !== '' && !r.body.includes('"status"')) {
              failures.push(`200 without a token ← ${describeSent(`mutation ${i}`, bytes)}`)
            }
          }
        }),
      )
      if (batch.length === 30) await Promise.all(batch.splice(0))
    }
    await Promise.all(batch)
    expect(await received()).toBe(before + 1)
    expect(t.bridge.status().childPid).toBe(childPid)
    expect(t.bridge.status().sessions).toEqual({ sse: 0, streamableHttp: 1 })
    const health = await fetch(`${t.bridge.url}/health`)
    expect(health.status).toBe(200)
    verify()
  })
})
