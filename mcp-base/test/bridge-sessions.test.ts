import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  initializeRaw,
  JSON_AND_SSE,
  ROUTING_FIXTURE,
  readRpcMessage,
  startTestBridge,
  type TestBridge,
  TOKEN,
  waitFor,
} from './helpers.js'

let t: TestBridge
let mcp: string

beforeAll(async () => {
  t = await startTestBridge(ROUTING_FIXTURE, { sessionIdleMs: 300, keepAliveMs: 100 })
  mcp = `${t.bridge.url}/t/${TOKEN}/mcp`
})

afterAll(async () => {
  await t?.bridge.close()
})

function initialize(): Promise<string> {
  return initializeRaw(mcp, '2025-06-18')
}

/** POSTs `body`, as given, to a session. */
function postBody(
  sessionId: string,
  body: string,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(mcp, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Accept: JSON_AND_SSE,
      'Mcp-Session-Id': sessionId,
      ...headers,
    },
    body,
  })
}

function ping(
  sessionId: string,
  headers: Record<string, string> = {},
  body: unknown = { jsonrpc: '2.0', id: 2, method: 'ping' },
): Promise<Response> {
  return postBody(sessionId, JSON.stringify(body), headers)
}

async function openStream(url: string, headers: Record<string, string>) {
  const controller = new AbortController()
  const res = await fetch(url, { headers, signal: controller.signal })
  const reader = res.body!.getReader()
  let text = ''
  return {
    res,
    async readUntil(pattern: string) {
      while (!text.includes(pattern)) {
        const { value, done } = await reader.read()
        if (done) throw new Error('stream ended')
        text += new TextDecoder().decode(value)
      }
      return text
    },
    close: () => controller.abort(),
  }
}

describe('bridge sessions', () => {
  it('answers a ping over a session it created', async () => {
    const id = await initialize()
    const res = await ping(id)
    expect(await readRpcMessage(res)).toEqual({ jsonrpc: '2.0', id: 2, result: {} })
  })

  it('closes a Streamable HTTP session left idle without a stream', async () => {
    const id = await initialize()
    // Watch from the side: a ping would itself be activity.
    await waitFor(() => t.bridge.status().sessions.streamableHttp === 0)
    expect((await ping(id)).status).toBe(404)
  })

  it('closes an idle session even while the server keeps notifying every session', async () => {
    const idle = await initialize()
    const busy = await initialize()
    // notify-tools-changed makes the child send tools/list_changed, which goes to every session.
    // Keep that up for longer than the idle timeout plus a reaper pass.
    const deadline = Date.now() + 1600
    let call = 10
    while (Date.now() < deadline) {
      const res = await ping(
        busy,
        {},
        {
          jsonrpc: '2.0',
          id: call++,
          method: 'tools/call',
          params: { name: 'notify-tools-changed', arguments: {} },
        },
      )
      expect(res.status).toBe(200)
      await res.text()
      await new Promise((r) => setTimeout(r, 50))
    }
    expect((await ping(idle)).status).toBe(404)
    expect((await ping(busy)).status).toBe(200)
  })

  it('keeps an idle session whose GET stream is open, and feeds the stream keep-alives', async () => {
    const id = await initialize()
    const stream = await openStream(mcp, { Accept: 'text/event-stream', 'Mcp-Session-Id': id })
    expect(stream.res.status).toBe(200)
    await stream.readUntil(': keepalive\n\n')
    // Several reaper passes go by while the stream is open.
    await stream.readUntil(': keepalive\n\n: keepalive\n\n: keepalive\n\n')
    expect((await ping(id)).status).toBe(200)
    const second = await fetch(mcp, {
      headers: { Accept: 'text/event-stream', 'Mcp-Session-Id': id },
    })
    expect(second.status).toBe(409)
    stream.close()
  })

  it('ends a session on DELETE', async () => {
    const id = await initialize()
    const res = await fetch(mcp, { method: 'DELETE', headers: { 'Mcp-Session-Id': id } })
    expect(res.status).toBe(200)
    expect((await ping(id)).status).toBe(404)
  })

  it.each<{ name: string; headers: Record<string, string>; status: number }>([
    { name: 'a request without Mcp-Session-Id', headers: { 'Mcp-Session-Id': '' }, status: 400 },
    {
      name: 'an Accept without text/event-stream',
      headers: { Accept: 'application/json' },
      status: 406,
    },
    { name: 'a body that is not JSON', headers: { 'Content-Type': 'text/plain' }, status: 415 },
    {
      name: 'an unknown protocol version',
      headers: { 'Mcp-Protocol-Version': '1999-01-01' },
      status: 400,
    },
  ])('refuses $name with $status', async ({ headers, status }) => {
    const id = await initialize()
    const res = await ping(id, headers)
    expect(res.status).toBe(status)
  })

  it('refuses an initialize naming an unsupported protocol version with 400, opening no session', async () => {
    const before = t.bridge.status().sessions.streamableHttp
    const res = await fetch(mcp, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Accept: JSON_AND_SSE,
        'Mcp-Protocol-Version': 'banana',
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: {
          protocolVersion: '2025-06-18',
          capabilities: {},
          clientInfo: { name: 'c', version: '1' },
        },
      }),
    })
    expect(res.status).toBe(400)
    expect(res.headers.get('mcp-session-id')).toBeNull()
    expect(await res.json()).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32000 } })
    expect(t.bridge.status().sessions.streamableHttp).toBe(before)
  })

  it.each(['GET', 'POST', 'DELETE'])(
    'refuses a %s naming an unsupported protocol version with 400, whatever its session',
    async (method) => {
      const res = await fetch(mcp, {
        method,
        headers: {
          'Content-Type': 'application/json',
          Accept: JSON_AND_SSE,
          'Mcp-Session-Id': 'no-such-session',
          'Mcp-Protocol-Version': '2099-01-01',
        },
        ...(method === 'POST'
          ? { body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'ping' }) }
          : {}),
      })
      expect(res.status).toBe(400)
    },
  )

  it('takes media types in Accept in any case, as HTTP has them', async () => {
    const id = await initialize()
    const res = await ping(id, { Accept: 'Application/JSON, Text/Event-Stream' })
    expect(await readRpcMessage(res)).toEqual({ jsonrpc: '2.0', id: 2, result: {} })
    const get = await fetch(mcp, {
      headers: { Accept: 'TEXT/EVENT-STREAM', 'Mcp-Session-Id': id },
    })
    expect(get.status).toBe(200)
    await get.body?.cancel()
  })

  it('answers a POST of notifications or responses only with 202 and no body', async () => {
    const id = await initialize()
    const res = await postBody(
      id,
      JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }),
    )
    expect(res.status).toBe(202)
    expect(res.headers.get('content-type')).toBeNull()
    expect(await res.text()).toBe('')
    const response = await postBody(id, JSON.stringify({ jsonrpc: '2.0', id: 99, result: {} }))
    expect(response.status).toBe(202)
    expect(await response.text()).toBe('')
  })

  it.each([
    ['an object with only an id', { jsonrpc: '2.0', id: 3 }],
    ['a request with a null id', { jsonrpc: '2.0', id: null, method: 'ping' }],
    ['a result without an id', { jsonrpc: '2.0', result: {} }],
    ['an empty batch', []],
  ])('refuses %s with 400', async (_, body) => {
    const id = await initialize()
    const res = await postBody(id, JSON.stringify(body))
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32600 } })
  })

  it('answers a JSON-RPC batch (2025-03-26) as an event stream, one event per answer', async () => {
    const id = await initialize()
    const res = await postBody(
      id,
      JSON.stringify([
        { jsonrpc: '2.0', id: 'a', method: 'ping' },
        { jsonrpc: '2.0', method: 'notifications/initialized' },
        { jsonrpc: '2.0', id: 'b', method: 'ping' },
      ]),
      { 'Mcp-Protocol-Version': '2025-03-26' },
    )
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/event-stream')
    const answers = (await res.text())
      .split('\n')
      .filter((line) => line.startsWith('data: {'))
      .map((line) => JSON.parse(line.slice(6)) as { id: string })
    expect(answers.map((a) => a.id).sort()).toEqual(['a', 'b'])
    const notifications = await postBody(
      id,
      JSON.stringify([{ jsonrpc: '2.0', method: 'notifications/initialized' }]),
    )
    expect(notifications.status).toBe(202)
  })

  it('takes a request without Mcp-Protocol-Version (a 2025-03-26 client)', async () => {
    const id = await initialize()
    const res = await postBody(id, JSON.stringify({ jsonrpc: '2.0', id: 4, method: 'ping' }))
    expect(await readRpcMessage(res)).toEqual({ jsonrpc: '2.0', id: 4, result: {} })
  })

  it.each<{ name: string; headers: Record<string, string>; status: number }>([
    { name: 'without Mcp-Session-Id', headers: {}, status: 400 },
    { name: 'with an unknown Mcp-Session-Id', headers: { 'Mcp-Session-Id': 'nope' }, status: 404 },
    {
      name: 'without text/event-stream in Accept',
      headers: { Accept: 'application/json' },
      status: 406,
    },
  ])('refuses a GET $name with $status', async ({ headers, status }) => {
    const res = await fetch(mcp, { headers: { Accept: 'text/event-stream', ...headers } })
    expect(res.status).toBe(status)
  })

  it('answers 404 to every method once a session is deleted', async () => {
    const id = await initialize()
    const headers = { 'Mcp-Session-Id': id }
    expect((await fetch(mcp, { method: 'DELETE', headers })).status).toBe(200)
    expect((await fetch(mcp, { method: 'DELETE', headers })).status).toBe(404)
    const get = await fetch(mcp, { headers: { ...headers, Accept: 'text/event-stream' } })
    expect(get.status).toBe(404)
  })

  it('writes keep-alive comments on a legacy SSE stream', async () => {
    const stream = await openStream(`${t.bridge.url}/t/${TOKEN}/sse`, {
      Accept: 'text/event-stream',
    })
    const text = await stream.readUntil(': keepalive\n\n')
    expect(text.startsWith('event: endpoint\n')).toBe(true)
    stream.close()
  })
})
