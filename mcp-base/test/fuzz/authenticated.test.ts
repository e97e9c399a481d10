import { rawRequest } from '@mcp-remote/fuzz-kit'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  callTool,
  firstText,
  initializeRaw,
  JSON_AND_SSE,
  LATEST,
  mcpUrl,
  messageOf,
  ROUTING_FIXTURE,
  readRpcMessage,
  sseReader,
  startTestBridge,
  type TestBridge,
  TOKEN,
  waitFor,
} from '../helpers.js'
import {
  answerProblems,
  CANARY,
  deepJson,
  describeSent,
  logProblems,
  mutate,
  NASTY_STRINGS,
  NUMBERS,
  Rng,
  randomJson,
  SEED,
} from './fuzz-kit.js'

/*
 * The bridge as a client holding the token can drive it: malformed JSON-RPC of every shape,
 * wrong sessions, races, abandoned sessions and streams. The rule: JSON-RPC or HTTP errors as the
 * MCP specification has them (never a 5xx, never an `error` log line, never a secret), the child
 * answering a well-formed `tools/call` afterwards and `/health` staying 200.
 */

const SECRETS = [TOKEN, CANARY]
const POST_STATUSES = [200, 202, 400, 404, 406, 413, 415]

let t: TestBridge
let failures: string[] = []

/** POSTs `body` (text or bytes, sent as is) to `/mcp` and checks the answer against the rule. */
async function post(
  note: string,
  body: string | Uint8Array,
  headers: Record<string, string> = {},
  statuses = POST_STATUSES,
): Promise<{ status: number; text: string; type: string | null }> {
  const label = describeSent(note, typeof body === 'string' ? body : Buffer.from(body))
  let res: Response
  let text: string
  try {
    res = await fetch(mcpUrl(t), {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Accept: JSON_AND_SSE,
        'Mcp-Protocol-Version': LATEST,
        ...headers,
      },
      body,
      signal: AbortSignal.timeout(8000),
    })
    text = await res.text()
  } catch (error) {
    failures.push(`no answer (${(error as Error).name}) ← ${label}`)
    return { status: 0, text: '', type: null }
  }
  const type = res.headers.get('content-type')
  if (!statuses.includes(res.status)) failures.push(`status ${res.status} ← ${label}`)
  for (const problem of answerProblems(res.status, type, text, SECRETS)) {
    failures.push(`${problem} ← ${label}`)
  }
  if (res.status === 200) {
    const messages = type?.includes('application/json')
      ? [JSON.parse(text)]
      : text
          .split('\n')
          .filter((line) => line.startsWith('data: ') && line.length > 6)
          .map((line) => JSON.parse(line.slice(6)))
    for (const m of messages.flat()) {
      if (m?.jsonrpc !== '2.0') failures.push(`200 with no JSON-RPC message ← ${label}`)
    }
  }
  return { status: res.status, text, type }
}

/** Opens a session as a 2025-11-25 client. */
function open(): Promise<string> {
  return initializeRaw(mcpUrl(t), LATEST)
}

/**
 * Calls a fixture tool on `session`, or on a fresh session it ends afterwards (tests poll with
 * it: sessions left open would reach the bridge's session limit on a slow machine); the text of
 * its result.
 */
async function tool(name: string, args: Record<string, unknown> = {}, session?: string) {
  const id = session ?? (await open())
  const headers = {
    'Content-Type': 'application/json',
    Accept: JSON_AND_SSE,
    'Mcp-Session-Id': id,
    'Mcp-Protocol-Version': LATEST,
  }
  const res = await fetch(mcpUrl(t), {
    method: 'POST',
    headers,
    body: JSON.stringify(callTool(7, name, args)),
    signal: AbortSignal.timeout(8000),
  })
  const text = firstText(((await readRpcMessage(res)) as { result?: unknown }).result)
  if (session === undefined) await fetch(mcpUrl(t), { method: 'DELETE', headers })
  return text
}

/** The child still answers a well-formed call, `/health` is 200, and nothing broke the rule. */
async function verify(pid: number | undefined): Promise<void> {
  expect(await tool('pid')).toBe(String(pid))
  const health = await fetch(`${t.bridge.url}/health`)
  expect(health.status).toBe(200)
  const found = [...failures.splice(0), ...logProblems(t.logs.splice(0), SECRETS)]
  expect(found.slice(0, 20), `${found.length} problems`).toEqual([])
}

/** A well-formed message of every kind a client sends, to mutate. */
function validMessages(rng: Rng): unknown[] {
  return [
    { jsonrpc: '2.0', id: rng.int(1000), method: 'ping' },
    { jsonrpc: '2.0', id: `s${rng.int(1000)}`, method: 'tools/list', params: {} },
    callTool(rng.int(1000), rng.pick(NASTY_STRINGS).slice(0, 200), { a: randomJson(rng) }),
    {
      jsonrpc: '2.0',
      id: rng.int(1000),
      method: 'resources/read',
      params: { uri: 'fixture://a', _meta: { progressToken: rng.pick([1, 'p', null, {}]) } },
    },
    { jsonrpc: '2.0', method: 'notifications/initialized' },
    { jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: rng.int(5) } },
    { jsonrpc: '2.0', method: 'notifications/progress', params: { progressToken: 1, progress: 1 } },
    { jsonrpc: '2.0', id: rng.int(5), result: {} },
    { jsonrpc: '2.0', id: rng.int(5), error: { code: -1, message: 'x' } },
    { jsonrpc: '2.0', id: null, error: { code: -1, message: 'x' } },
    {
      jsonrpc: '2.0',
      id: 3,
      method: 'initialize',
      params: { protocolVersion: LATEST, capabilities: {} },
    },
  ]
}

/** One seeded body: junk text, junk JSON, a mutated message, a batch, odd ids, deep nesting. */
function fuzzBody(rng: Rng): string | Uint8Array {
  const valid = validMessages(rng)
  switch (rng.int(9)) {
    case 0:
      return rng.pick([
        '',
        ' ',
        '{',
        '[',
        '}',
        'null',
        '1',
        '"x"',
        'true',
        '[]',
        '{}',
        '[[]]',
        '[{}]',
        '{"jsonrpc":"2.0"',
        '{"jsonrpc":"2.0","id":1,"method":"ping"}garbage',
        '\ufeff{"jsonrpc":"2.0","id":1,"method":"ping"}',
        '{"jsonrpc":"2.0","id":1,"method":"ping","id":2}',
        '{"jsonrpc":"2.0","id":1e999,"method":"ping"}',
        '{"jsonrpc":"2.0","id":-0,"method":"ping"}',
        '{"jsonrpc":"2.0","id":123456789012345678901234567890,"method":"ping"}',
        '{"__proto__":{"jsonrpc":"2.0"},"id":1,"method":"ping"}',
        '{"jsonrpc":"2.0","id":1,"method":"ping","params":{"__proto__":{"x":1}}}',
        '\u0000',
      ])
    case 1:
      return Uint8Array.from(
        rng.pick([
          [0xff, 0xfe],
          [0x7b, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x3a, 0x31, 0x7d],
          [0xc0, 0xaf],
          [0xef, 0xbb, 0xbf, 0x7b, 0x7d],
        ]),
      )
    case 2:
      return JSON.stringify(randomJson(rng, 4))
    case 3:
    case 4:
      return JSON.stringify(mutate(rng, rng.pick(valid)))
    case 5:
      return JSON.stringify(
        Array.from({ length: 1 + rng.int(6) }, () =>
          rng.chance(0.6) ? rng.pick(valid) : mutate(rng, rng.pick(valid)),
        ),
      )
    case 6: {
      const id = rng.pick<unknown>([...NUMBERS, ...NASTY_STRINGS, null, true, {}, [], 1.5])
      return JSON.stringify({ jsonrpc: '2.0', id, method: rng.pick(['ping', 'tools/list']) })
    }
    case 7: {
      const kind = rng.pick(['array', 'object'] as const)
      const deep = deepJson(rng.pick([50, 1000, 5000, 10_000]), kind)
      return rng.chance(0.5)
        ? `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"x","arguments":{"a":${deep}}}}`
        : `{"jsonrpc":"2.0","method":"notifications/x","params":{"a":${deep}}}`
    }
    default: {
      const text = JSON.stringify(rng.pick(valid))
      return text.slice(0, rng.int(text.length))
    }
  }
}

beforeAll(async () => {
  t = await startTestBridge(ROUTING_FIXTURE, {
    env: { ...process.env, MCP_BRIDGE_TOKEN: TOKEN, FIXTURE_SECRET: CANARY },
    streamAfterMs: 100,
    keepAliveMs: 50,
  })
  failures = []
})

afterAll(async () => {
  await t?.bridge.close()
})

describe(`bridge fuzz: authenticated surface (seed ${SEED})`, () => {
  it('answers seeded malformed JSON-RPC with JSON-RPC or HTTP errors, and keeps serving', async () => {
    const pid = t.bridge.status().childPid
    const rng = new Rng(SEED + 2)
    const workers = await Promise.all(Array.from({ length: 6 }, () => open()))
    await Promise.all(
      workers.map(async (session, w) => {
        for (let i = 0; i < 70; i += 1) {
          const body = fuzzBody(rng)
          const headers: Record<string, string> = { 'Mcp-Session-Id': session }
          if (rng.chance(0.05)) delete headers['Mcp-Session-Id']
          await post(`worker ${w} request ${i}`, body, headers)
        }
      }),
    )
    for (const session of workers) {
      const res = await fetch(mcpUrl(t), {
        method: 'DELETE',
        headers: { 'Mcp-Session-Id': session },
      })
      expect([200, 404]).toContain(res.status)
    }
    await verify(pid)
  })

  it('refuses JSON nested deeper than it can forward, and the session is not left busy', async () => {
    const pid = t.bridge.status().childPid
    const session = await open()
    for (const depth of [5000, 10_000, 1_000_000]) {
      for (const kind of ['array', 'object'] as const) {
        const deep = deepJson(depth, kind)
        const bodies = [
          `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"pid","arguments":{"a":${deep}}}}`,
          `{"jsonrpc":"2.0","method":"notifications/x","params":{"a":${deep}}}`,
          `[{"jsonrpc":"2.0","id":2,"method":"ping"},{"jsonrpc":"2.0","id":3,"method":"ping","params":{"a":${deep}}}]`,
        ]
        for (const body of bodies) {
          const { status } = await post(`depth ${depth} ${kind}`, body, {
            'Mcp-Session-Id': session,
          })
          // A million `{"a":` is over the 4 MB cap: 413 first.
          expect([400, 413], describeSent(`depth ${depth} ${kind}`, body)).toContain(status)
        }
      }
    }
    // Nothing stayed in flight for the session: the same id is free again.
    expect(await tool('pid', {}, session)).toBe(String(pid))
    await verify(pid)
  })

  it('answers odd ids with the id sent, and refuses an id already in flight', async () => {
    const pid = t.bridge.status().childPid
    const session = await open()
    for (const id of [
      0,
      -0,
      1.5,
      2 ** 53 + 1,
      1e308,
      -(2 ** 63),
      '',
      'x'.repeat(70_000),
      '\ud800',
    ]) {
      const { status, text } = await post(
        `ping with id ${String(id).slice(0, 20)}`,
        JSON.stringify({ jsonrpc: '2.0', id, method: 'ping' }),
        { 'Mcp-Session-Id': session },
      )
      expect(status).toBe(200)
      expect(JSON.parse(text)).toEqual({
        jsonrpc: '2.0',
        id: JSON.parse(JSON.stringify(id)),
        result: {},
      })
    }
    // Two requests with one id in one batch, or while the first waits: the second is refused,
    // the first still answered, and nothing is left running at the child once the session ends.
    const batch = await post(
      'batch with a duplicate id',
      JSON.stringify([callTool(5, 'hang'), callTool(5, 'hang')]),
      { 'Mcp-Session-Id': session },
    )
    expect(batch.status).toBe(400)
    const first = fetch(mcpUrl(t), {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Accept: JSON_AND_SSE,
        'Mcp-Session-Id': session,
        'Mcp-Protocol-Version': LATEST,
      },
      body: JSON.stringify(callTool(9, 'wait', { key: 'dup' })),
    })
    await waitFor(async () => (await tool('waiting')) === 'dup')
    const second = await post(
      'same id while the first waits',
      JSON.stringify(callTool(9, 'hang')),
      {
        'Mcp-Session-Id': session,
      },
    )
    expect(second.status).toBe(400)
    expect(await tool('release', { key: 'dup' })).toBe('released')
    const answer = (await readRpcMessage(await first)) as { id: number; result: unknown }
    expect(answer.id).toBe(9)
    expect(firstText(answer.result)).toBe('released dup')
    expect(await tool('hangs')).toBe('0/0')
    await verify(pid)
  })

  it('takes bodies up to the cap, refuses bigger ones with 413, and bodies that break off', async () => {
    const pid = t.bridge.status().childPid
    const session = await open()
    const port = t.bridge.port
    const head = (extra: string) =>
      `POST /t/${TOKEN}/mcp HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nAccept: ${JSON_AND_SSE}\r\nMcp-Session-Id: ${session}\r\n${extra}`
    const fits = JSON.stringify({
      jsonrpc: '2.0',
      method: 'notifications/x',
      params: { pad: 'x'.repeat(4 * 1024 * 1024 - 200) },
    })
    expect((await post('4 MB notification', fits, { 'Mcp-Session-Id': session })).status).toBe(202)
    const over = `${fits.slice(0, -2)}${'x'.repeat(300)}"}}`
    expect((await post('4 MB + 100 B', over, { 'Mcp-Session-Id': session })).status).toBe(413)
    const chunk = `${(256 * 1024).toString(16)}\r\n${' '.repeat(256 * 1024)}\r\n`
    const cases: Array<[string, Array<string | Buffer>, number[]]> = [
      [
        'chunked 5 MB',
        [head('Transfer-Encoding: chunked\r\n\r\n'), ...Array(20).fill(chunk), '0\r\n\r\n'],
        [413],
      ],
      ['Content-Length 5 GB', [head('Content-Length: 5000000000\r\n\r\n')], [413]],
      [
        'Content-Length, half a body',
        [head('Content-Length: 100\r\n\r\n'), '{"jsonrpc":"2.0",'],
        [],
      ],
      [
        'chunked, half a chunk',
        [head('Transfer-Encoding: chunked\r\n\r\n'), '40\r\n{"jsonrpc":'],
        [],
      ],
      [
        'chunked, bad chunk',
        [head('Transfer-Encoding: chunked\r\n\r\n'), '2\r\n{}xx\r\n0\r\n\r\n'],
        [400],
      ],
      [
        'Expect: 100-continue',
        [head('Content-Length: 2\r\nExpect: 100-continue\r\n\r\n'), '{}'],
        [400],
      ],
    ]
    for (const [note, parts, statuses] of cases) {
      for (const after of ['end', 'destroy'] as const) {
        const x = await rawRequest(port, parts, { after, gapMs: 10, timeoutMs: 3000 })
        const sent = describeSent(
          `${note} then ${after}`,
          Buffer.concat(parts.map((p) => Buffer.from(p))),
        )
        for (const r of x.responses) {
          if (after === 'end' && statuses.length > 0 && !statuses.includes(r.status)) {
            failures.push(`status ${r.status} ← ${sent}`)
          }
          for (const problem of answerProblems(
            r.status,
            r.headers['content-type'],
            r.body,
            SECRETS,
          )) {
            failures.push(`${problem} ← ${sent}`)
          }
        }
      }
    }
    await verify(pid)
  })

  it('answers wrong and missing session ids with 400 or 404, on every transport', async () => {
    const pid = t.bridge.status().childPid
    const ids = [
      undefined,
      '',
      ' ',
      'x',
      '00000000-0000-0000-0000-000000000000',
      '__proto__',
      'constructor',
      'a'.repeat(8000),
      `${await open()}x`,
      '%00',
    ]
    const ping = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' })
    for (const id of ids) {
      const headers: Record<string, string> = id === undefined ? {} : { 'Mcp-Session-Id': id }
      const label = `session id ${JSON.stringify(id?.slice(0, 40))}`
      expect((await post(`POST ${label}`, ping, headers, [400, 404])).status).not.toBe(0)
      for (const method of ['GET', 'DELETE']) {
        const res = await fetch(mcpUrl(t), {
          method,
          headers: { Accept: 'text/event-stream', ...headers },
        })
        const text = await res.text()
        expect([400, 404], describeSent(`${method} ${label}`)).toContain(res.status)
        expect(answerProblems(res.status, res.headers.get('content-type'), text, SECRETS)).toEqual(
          [],
        )
      }
      const query = id === undefined ? '' : `?sessionId=${encodeURIComponent(id)}`
      const res = await fetch(`${t.bridge.url}/t/${TOKEN}/messages${query}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: ping,
      })
      expect(res.status, describeSent(`POST /messages ${label}`)).toBe(404)
      await res.text()
    }
    await verify(pid)
  })

  it('takes junk on a live SSE session with 400, and the stream goes on', async () => {
    const pid = t.bridge.status().childPid
    const controller = new AbortController()
    const stream = await fetch(`${t.bridge.url}/t/${TOKEN}/sse`, { signal: controller.signal })
    const events = sseReader(stream)
    const endpoint = (await events.next())?.data as string
    const url = `${t.bridge.url}${endpoint}`
    const rng = new Rng(SEED + 3)
    const postSse = (body: string | Uint8Array, extra = '') =>
      fetch(`${url}${extra}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body,
      })
    const init = await postSse(
      JSON.stringify({
        jsonrpc: '2.0',
        id: 0,
        method: 'initialize',
        params: {
          protocolVersion: '2024-11-05',
          capabilities: {},
          clientInfo: { name: 'f', version: '1' },
        },
      }),
    )
    expect(init.status).toBe(202)
    expect(messageOf((await events.next()) as never)?.id).toBe(0)
    for (let i = 0; i < 80; i += 1) {
      const body = fuzzBody(rng)
      const label = describeSent(
        `SSE POST ${i}`,
        typeof body === 'string' ? body : Buffer.from(body),
      )
      const res = await postSse(
        body,
        rng.chance(0.1) ? `&sessionId=${rng.pick(NASTY_STRINGS).slice(0, 50)}` : '',
      )
      const text = await res.text()
      if (![202, 400, 404, 413].includes(res.status))
        failures.push(`status ${res.status} ← ${label}`)
      for (const problem of answerProblems(
        res.status,
        res.headers.get('content-type'),
        text,
        SECRETS,
      )) {
        failures.push(`${problem} ← ${label}`)
      }
    }
    // Too deep to forward: 400, as on Streamable HTTP.
    const deep = `{"jsonrpc":"2.0","id":50,"method":"ping","params":{"a":${deepJson(5000, 'array')}}}`
    expect((await postSse(deep)).status).toBe(400)
    // An id already in flight: the second request gets an error, the first stays cancellable.
    expect((await postSse(JSON.stringify(callTool(60, 'hang')))).status).toBe(202)
    expect((await postSse(JSON.stringify(callTool(60, 'hang')))).status).toBe(202)
    for (let event = await events.next(); ; event = await events.next()) {
      expect(event, 'the SSE stream ended').toBeDefined()
      const message = messageOf(event as never)
      if (message?.id === 60) {
        expect(message.error).toMatchObject({ code: -32600 })
        break
      }
    }
    expect((await postSse(JSON.stringify(callTool(99, 'pid')))).status).toBe(202)
    for (let event = await events.next(); ; event = await events.next()) {
      expect(event, 'the SSE stream ended').toBeDefined()
      const message = messageOf(event as never)
      if (message?.id === 99) {
        expect(firstText(message.result)).toBe(String(pid))
        break
      }
    }
    controller.abort()
    await waitFor(() => t.bridge.status().sessions.sse === 0)
    // Closing the session cancelled the hanging call at the child (it would run for ever).
    await waitFor(async () => (await tool('hangs')).startsWith('0/'))
    await verify(pid)
  })

  it('survives GET streams opened and dropped again and again, and Last-Event-ID junk', async () => {
    const pid = t.bridge.status().childPid
    const session = await open()
    const get = (headers: Record<string, string>, signal?: AbortSignal) =>
      fetch(mcpUrl(t), {
        headers: {
          Accept: 'text/event-stream',
          'Mcp-Session-Id': session,
          'Mcp-Protocol-Version': LATEST,
          ...headers,
        },
        ...(signal ? { signal } : {}),
      })
    let primed: string | undefined
    for (let i = 0; i < 40; i += 1) {
      const controller = new AbortController()
      const res = await get({}, controller.signal)
      // A drop the bridge has not seen yet makes the next GET a conflict: 409, never worse.
      expect([200, 409], describeSent(`GET stream ${i}`)).toContain(res.status)
      if (res.status === 200) primed = (await sseReader(res).next())?.id
      controller.abort()
    }
    expect(primed).toMatch(/^\d+-\d+$/)
    const junk = [
      'x',
      '-',
      '1-',
      '-1',
      '1--1',
      '0-0',
      '999999999999999-1',
      '1-999999999999999',
      '9999999999999999-1',
      '1e3-1',
      ' 1-1',
      '1-1\u0000',
      '\ud800',
      '__proto__',
      'a'.repeat(8000),
      `${primed}x`,
      (primed as string).replace(/^\d+/, '999'),
    ]
    for (const id of junk) {
      const res = await get({ 'Last-Event-ID': id }).catch(() => undefined)
      if (res === undefined) continue // fetch refuses to send a header value such as NUL
      const text = res.status === 200 ? '' : await res.text()
      if (res.status === 200) await res.body?.cancel()
      expect([400], describeSent(`Last-Event-ID ${JSON.stringify(id.slice(0, 30))}`)).toContain(
        res.status,
      )
      expect(answerProblems(res.status, res.headers.get('content-type'), text, SECRETS)).toEqual([])
    }
    // The GET stream the session left can still be resumed.
    const resumed = await get({ 'Last-Event-ID': primed as string })
    expect(resumed.status).toBe(200)
    await resumed.body?.cancel()
    await verify(pid)
  })

  it('keeps DELETE races to 200 or 404, and cancels what the session had running', async () => {
    const pid = t.bridge.status().childPid
    const rng = new Rng(SEED + 4)
    for (let round = 0; round < 15; round += 1) {
      const session = await open()
      const headers = {
        'Content-Type': 'application/json',
        Accept: JSON_AND_SSE,
        'Mcp-Session-Id': session,
        'Mcp-Protocol-Version': LATEST,
      }
      const hang = fetch(mcpUrl(t), {
        method: 'POST',
        headers,
        body: JSON.stringify(callTool(1, 'hang')),
      })
      const racers = [
        () => fetch(mcpUrl(t), { method: 'DELETE', headers }),
        () => fetch(mcpUrl(t), { method: 'DELETE', headers }),
        () =>
          fetch(mcpUrl(t), { method: 'POST', headers, body: JSON.stringify(callTool(2, 'pid')) }),
        () => fetch(mcpUrl(t), { method: 'GET', headers }),
        () => fetch(mcpUrl(t), { method: 'GET', headers: { ...headers, 'Last-Event-ID': '1-1' } }),
      ]
      const order = racers
        .map((racer) => ({ racer, key: rng.next() }))
        .sort((a, b) => a.key - b.key)
      const answers = await Promise.all(
        order.map(async ({ racer }) => {
          const res = await racer()
          await res.text()
          return res.status
        }),
      )
      for (const status of answers) {
        expect([200, 400, 404, 409], describeSent(`DELETE race round ${round}`)).toContain(status)
      }
      const hung = await hang
      expect([200, 404]).toContain(hung.status)
      await hung.text()
    }
    await waitFor(async () => (await tool('hangs')).startsWith('0/'))
    await verify(pid)
  })
})
