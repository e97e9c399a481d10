import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  callTool,
  initializeRaw,
  JSON_AND_SSE,
  LATEST,
  mcpUrl,
  postRpc,
  ROUTING_FIXTURE,
  readRpcMessage,
  sseReader,
  startTestBridge,
  type TestBridge,
  TOKEN,
  waitFor,
} from './helpers.js'

// A child that stops reading its stdin must not make the bridge queue without bound: past
// maxChildQueueBytes, new requests are refused (503 + Retry-After, or a JSON-RPC error inside a
// batch) until the child reads again.

const MAX_QUEUE = 64 * 1024
const BIG = 'b'.repeat(384 * 1024)
let t: TestBridge

beforeAll(async () => {
  t = await startTestBridge(ROUTING_FIXTURE, { maxChildQueueBytes: MAX_QUEUE })
})

afterAll(async () => {
  await t?.bridge.close()
})

const text = (answer: unknown) =>
  (answer as { result?: { content: Array<{ text: string }> } }).result?.content[0]?.text

describe('bridge: backpressure on the child stdin', () => {
  it('refuses requests while the child is not reading, and serves again once it reads', async () => {
    const session = await initializeRaw(mcpUrl(t), LATEST)
    expect(text(await readRpcMessage(await postRpc(t, session, callTool(1, 'stop-reading'))))).toBe(
      'paused',
    )
    // Big calls until the socket to the child is full and the rest waits in the bridge.
    const pending: Array<Promise<Response>> = []
    for (let id = 10; t.bridge.status().childQueuedBytes <= MAX_QUEUE; id++) {
      if (id > 60) throw new Error('the queue to the child never filled')
      const sent = t.logs.length
      pending.push(postRpc(t, session, callTool(id, 'pid', { big: BIG })))
      // The bridge took the POST in once it wrote the call on (queued) or it ran through.
      await waitFor(() => t.bridge.status().childQueuedBytes > 0 || t.logs.length > sent)
    }

    const refused = await postRpc(t, session, callTool(2, 'pid'))
    expect(refused.status).toBe(503)
    expect(refused.headers.get('retry-after')).toBe('1')
    expect(await refused.json()).toEqual({
      jsonrpc: '2.0',
      id: null,
      error: { code: -32000, message: 'The MCP server is not reading its input; retry shortly.' },
    })
    expect(t.logs.some((e) => e.msg === 'child not reading its input; refusing requests')).toBe(
      true,
    )
    // Notifications only are not refused (202), and nothing bounds them… but they are dropped.
    const notified = await postRpc(t, session, {
      jsonrpc: '2.0',
      method: 'notifications/roots/list_changed',
    })
    expect(notified.status).toBe(202)

    // Over the legacy SSE transport too.
    const sse = await fetch(`${t.bridge.url}/t/${TOKEN}/sse`, {
      headers: { Accept: 'text/event-stream' },
    })
    const events = sseReader(sse)
    const endpoint = (await events.next())?.data as string
    const post = await fetch(`${t.bridge.url}${endpoint}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(callTool(3, 'pid')),
    })
    expect(post.status).toBe(503)
    expect(post.headers.get('retry-after')).toBe('1')
    await events.cancel()

    // The child reads again: every call queued meanwhile is answered, and new ones are served.
    process.kill(t.bridge.status().childPid as number, 'SIGUSR2')
    const answers = await Promise.all(pending.map(async (res) => readRpcMessage(await res)))
    expect(answers.map(text)).toEqual(pending.map(() => String(t.bridge.status().childPid)))
    await waitFor(() => t.bridge.status().childQueuedBytes <= MAX_QUEUE)
    expect(text(await readRpcMessage(await postRpc(t, session, callTool(4, 'pid'))))).toBe(
      String(t.bridge.status().childPid),
    )
    await waitFor(() => t.logs.some((e) => e.msg === 'child reading its input again'))
  })

  it('answers the requests of a batch that fills the queue with JSON-RPC errors', async () => {
    const session = await initializeRaw(mcpUrl(t), '2025-03-26')
    const version = { version: '2025-03-26' }
    expect(
      text(await readRpcMessage(await postRpc(t, session, callTool(1, 'stop-reading'), version))),
    ).toBe('paused')
    // Enough big calls in one batch to fill the queue: those after it are refused one by one.
    const batch = Array.from({ length: 6 }, (_, i) => callTool(10 + i, 'pid', { big: BIG }))
    const res = await fetch(mcpUrl(t), {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Accept: JSON_AND_SSE,
        'Mcp-Session-Id': session,
        'Mcp-Protocol-Version': '2025-03-26',
      },
      body: JSON.stringify(batch),
    })
    expect(res.status).toBe(200)
    const events = sseReader(res)
    const refused = JSON.parse((await events.next())?.data ?? '{}')
    expect(refused).toMatchObject({
      jsonrpc: '2.0',
      error: { code: -32000, message: 'The MCP server is not reading its input; retry shortly.' },
    })
    expect(refused.id).toBeGreaterThan(10)
    process.kill(t.bridge.status().childPid as number, 'SIGUSR2')
    const ids = new Set<number>([refused.id])
    for (let event = await events.next(); event; event = await events.next()) {
      if (event.data !== '') ids.add(JSON.parse(event.data).id)
    }
    // Every request of the batch got exactly one answer: a result or the refusal.
    expect([...ids].sort()).toEqual(batch.map((r) => r.id))
  })
})
