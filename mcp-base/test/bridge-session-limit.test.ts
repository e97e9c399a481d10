import { afterEach, describe, expect, it } from 'vitest'
import {
  initializeRaw,
  JSON_AND_SSE,
  LATEST,
  mcpUrl,
  ROUTING_FIXTURE,
  sseReader,
  startTestBridge,
  type TestBridge,
  TOKEN,
  waitFor,
} from './helpers.js'

// At most maxSessions sessions at once, both transports together: a new one beyond gets 503
// with Retry-After and a JSON-RPC error, until one closes (DELETE, a dropped SSE stream, or
// the idle reaper).

let t: TestBridge | undefined

afterEach(async () => {
  await t?.bridge.close()
  t = undefined
})

const REFUSAL = {
  jsonrpc: '2.0',
  id: null,
  error: {
    code: -32000,
    message: 'Too many sessions: the bridge serves no more at once; close one or retry later.',
  },
}

function initialize(bridge: TestBridge): Promise<Response> {
  return fetch(mcpUrl(bridge), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: JSON_AND_SSE },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: {
        protocolVersion: LATEST,
        capabilities: {},
        clientInfo: { name: 'n', version: '1' },
      },
    }),
  })
}

function openSse(bridge: TestBridge): Promise<Response> {
  return fetch(`${bridge.bridge.url}/t/${TOKEN}/sse`, { headers: { Accept: 'text/event-stream' } })
}

async function expectRefused(res: Response) {
  expect(res.status).toBe(503)
  expect(res.headers.get('retry-after')).toBe('5')
  expect(await res.json()).toEqual(REFUSAL)
}

describe('bridge: session limit', () => {
  it('refuses sessions over the limit on both transports, and frees a slot as one closes', async () => {
    const bridge = await startTestBridge(ROUTING_FIXTURE, { maxSessions: 2 })
    t = bridge
    const first = await initializeRaw(mcpUrl(bridge), LATEST)
    const sse = await openSse(bridge)
    expect(sse.status).toBe(200)
    const events = sseReader(sse)
    expect((await events.next())?.data).toContain('/messages?sessionId=')
    expect(bridge.bridge.status().sessions).toEqual({ sse: 1, streamableHttp: 1 })

    await expectRefused(await initialize(bridge))
    await expectRefused(await openSse(bridge))
    expect(bridge.bridge.status().sessions).toEqual({ sse: 1, streamableHttp: 1 })
    expect(bridge.logs.filter((e) => e.msg === 'session refused: too many sessions')).toHaveLength(
      2,
    )
    // Requests in sessions already open are served as ever.
    const ping = await fetch(mcpUrl(bridge), {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Accept: JSON_AND_SSE,
        'Mcp-Session-Id': first,
        'Mcp-Protocol-Version': LATEST,
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'ping' }),
    })
    expect(ping.status).toBe(200)

    // DELETE frees a slot.
    const deleted = await fetch(mcpUrl(bridge), {
      method: 'DELETE',
      headers: { 'Mcp-Session-Id': first },
    })
    expect(deleted.status).toBe(200)
    const second = await initialize(bridge)
    expect(second.status).toBe(200)
    await second.text()
    await expectRefused(await initialize(bridge))

    // So does an SSE stream the client drops.
    await events.cancel()
    await waitFor(() => bridge.bridge.status().sessions.sse === 0)
    const again = await openSse(bridge)
    expect(again.status).toBe(200)
    await again.body?.cancel()
  })

  it('frees the slots of sessions the reaper closes', async () => {
    const bridge = await startTestBridge(ROUTING_FIXTURE, { maxSessions: 3, sessionIdleMs: 200 })
    t = bridge
    for (let i = 0; i < 3; i++) await initializeRaw(mcpUrl(bridge), LATEST)
    await expectRefused(await initialize(bridge))
    await waitFor(() => bridge.bridge.status().sessions.streamableHttp === 0)
    expect(bridge.logs.some((e) => e.msg === 'idle sessions closed')).toBe(true)
    const res = await initialize(bridge)
    expect(res.status).toBe(200)
    await res.text()
  })

  it('defaults to 100 sessions', async () => {
    const bridge = await startTestBridge(ROUTING_FIXTURE)
    t = bridge
    for (let i = 0; i < 100; i++) await initializeRaw(mcpUrl(bridge), LATEST)
    await expectRefused(await initialize(bridge))
  })
})
