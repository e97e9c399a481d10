import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  cutStream,
  EVERYTHING,
  firstText,
  initializeRaw,
  LATEST,
  mcpUrl,
  messageOf,
  postRpc,
  ROUTING_FIXTURE,
  readRpcMessage,
  type SseEvent,
  sseReader,
  startTestBridge,
  type TestBridge,
} from './helpers.js'

let everything: TestBridge
let routing: TestBridge
const clients: Client[] = []

beforeAll(async () => {
  ;[everything, routing] = await Promise.all([
    startTestBridge(EVERYTHING, { allowAnyCommand: true }),
    startTestBridge(ROUTING_FIXTURE),
  ])
})

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close().catch(() => {})))
  await Promise.all([everything?.bridge.close(), routing?.bridge.close()])
})

function initialize(t: TestBridge, version = LATEST): Promise<string> {
  return initializeRaw(mcpUrl(t), version)
}

function get(
  t: TestBridge,
  sessionId: string,
  headers: Record<string, string> = {},
  signal?: AbortSignal,
): Promise<Response> {
  return fetch(mcpUrl(t), {
    headers: {
      Accept: 'text/event-stream',
      'Mcp-Session-Id': sessionId,
      'Mcp-Protocol-Version': LATEST,
      ...headers,
    },
    signal,
  })
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** A tools/call of server-everything's slow tool, reporting progress at each of 3 steps. */
function slowCall(id: number, duration = 0.45) {
  return {
    jsonrpc: '2.0',
    id,
    method: 'tools/call',
    params: {
      name: 'trigger-long-running-operation',
      arguments: { duration, steps: 3 },
      _meta: { progressToken: `p${id}` },
    },
  }
}

/**
 * What a message is, for comparing sequences: `progress <n>` or `result <id>`; undefined for
 * other notifications (server-everything logs now and then to sessions with calls in flight).
 */
function describeMessage(message: Record<string, unknown> | undefined): string | undefined {
  if (message?.method === 'notifications/progress') {
    return `progress ${(message.params as { progress: number }).progress}`
  }
  if (message === undefined || message.method !== undefined) return undefined
  return `result ${String(message.id)}`
}

/** The described messages of `events`, others left out. */
function describeAll(events: SseEvent[]): string[] {
  return events.flatMap((event) => describeMessage(messageOf(event)) ?? [])
}

describe('resuming Streamable HTTP streams with Last-Event-ID', () => {
  it('starts a POST stream with a priming event and gives every message an id', async () => {
    const session = await initialize(everything)
    const res = await postRpc(everything, session, slowCall(2, 0.15))
    expect(res.headers.get('content-type')).toBe('text/event-stream')
    const events = sseReader(res)
    const seen: SseEvent[] = []
    for (let event = await events.next(); event; event = await events.next()) seen.push(event)
    expect(seen[0]).toEqual({ id: expect.stringMatching(/^\d+-\d+$/), data: '' })
    expect(describeAll(seen.slice(1))).toEqual([
      'progress 1',
      'progress 2',
      'progress 3',
      'result 2',
    ])
    const ids = seen.map((e) => e.id)
    expect(ids.every((id) => id !== undefined)).toBe(true)
    expect(new Set(ids).size).toBe(ids.length)
  })

  it('sends no priming event to a client of an older protocol version, but still ids', async () => {
    const session = await initialize(everything, '2025-06-18')
    const res = await postRpc(everything, session, slowCall(2, 0.15), { version: '2025-06-18' })
    const events = sseReader(res)
    const seen: SseEvent[] = []
    for (let event = await events.next(); event; event = await events.next()) seen.push(event)
    expect(seen.every((event) => /^\d+-\d+$/.test(event.id ?? ''))).toBe(true)
    expect(describeAll(seen)).toEqual(['progress 1', 'progress 2', 'progress 3', 'result 2'])
  })

  it('replays what a dropped POST stream missed, once and in order, then the rest', async () => {
    const session = await initialize(everything)
    const controller = new AbortController()
    const res = await postRpc(everything, session, slowCall(7), { signal: controller.signal })
    const events = sseReader(res)
    const received: string[] = []
    let lastId: string | undefined
    for (let event = await events.next(); event; event = await events.next()) {
      lastId = event.id ?? lastId
      const described = describeMessage(messageOf(event))
      if (described === undefined) continue
      received.push(described)
      break // drop the connection right after the first progress
    }
    controller.abort()
    // Let the bridge send the next progress into the void.
    await sleep(250)
    const resumed = await get(everything, session, { 'Last-Event-ID': lastId as string })
    expect(resumed.status).toBe(200)
    const replayed = sseReader(resumed)
    for (let event = await replayed.next(); event; event = await replayed.next()) {
      received.push(...describeAll([event]))
    }
    // The stream ended after the response.
    expect(received).toEqual(['progress 1', 'progress 2', 'progress 3', 'result 7'])
  })

  it('lets the SDK client resume a dropped POST stream on its own', async () => {
    let cut = false
    // Cuts the tools/call event stream after its first message, as a flaky network would.
    const flaky: typeof fetch = async (input, init) => {
      const res = await fetch(input, init)
      const isCall = init?.method === 'POST' && String(init.body).includes('"tools/call"')
      if (cut || !isCall || !res.headers.get('content-type')?.includes('text/event-stream')) {
        return res
      }
      cut = true
      return cutStream(res, (text) => text.includes('notifications/progress'))
    }
    const client = new Client({ name: 'resumer', version: '1.0.0' })
    client.onerror = () => {}
    clients.push(client)
    await client.connect(
      new StreamableHTTPClientTransport(new URL(mcpUrl(everything)), {
        fetch: flaky,
        reconnectionOptions: {
          initialReconnectionDelay: 100,
          maxReconnectionDelay: 1000,
          reconnectionDelayGrowFactor: 1.5,
          maxRetries: 3,
        },
      }),
    )
    const progress: number[] = []
    const result = await client.callTool(
      { name: 'trigger-long-running-operation', arguments: { duration: 0.6, steps: 3 } },
      undefined,
      { onprogress: (p) => progress.push(p.progress) },
    )
    expect(cut).toBe(true)
    expect(firstText(result)).toContain('Long running operation completed')
    expect(progress).toEqual([1, 2, 3])
  })

  it('replays a finished stream whose end was lost, and ends', async () => {
    const session = await initialize(everything)
    const res = await postRpc(everything, session, slowCall(3, 0.15))
    const events = sseReader(res)
    const first = await events.next()
    for (let event = await events.next(); event; event = await events.next()) {}
    // As if everything after the priming event had been lost.
    const again = await get(everything, session, { 'Last-Event-ID': first?.id as string })
    expect(again.status).toBe(200)
    const replayed = sseReader(again)
    const messages: string[] = []
    for (let event = await replayed.next(); event; event = await replayed.next()) {
      messages.push(...describeAll([event]))
    }
    expect(messages).toEqual(['progress 1', 'progress 2', 'progress 3', 'result 3'])
  })

  it.each([
    ['garbage', 'not-an-id'],
    ['an id of a stream the session never had', '999-1'],
    ['an id after which nothing is left', 'LAST'],
  ])('answers a Last-Event-ID that is %s with 400, and keeps serving', async (_, value) => {
    const session = await initialize(everything)
    let lastEventId = value
    if (value === 'LAST') {
      const res = await postRpc(everything, session, slowCall(4, 0.06))
      const events = sseReader(res)
      for (let event = await events.next(); event; event = await events.next()) {
        lastEventId = event.id ?? lastEventId
      }
    }
    const res = await get(everything, session, { 'Last-Event-ID': lastEventId })
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ jsonrpc: '2.0', error: { code: -32000 } })
    const ping = await postRpc(everything, session, { jsonrpc: '2.0', id: 5, method: 'ping' })
    expect(await readRpcMessage(ping)).toEqual({ jsonrpc: '2.0', id: 5, result: {} })
    expect((await fetch(`${everything.bridge.url}/health`)).status).toBe(200)
  })

  it('keeps what the GET stream missed while the client was away, and replays it', async () => {
    const session = await initialize(routing)
    const controller = new AbortController()
    const stream = await get(routing, session, {}, controller.signal)
    const priming = await sseReader(stream).next()
    expect(priming).toEqual({ id: expect.stringMatching(/^\d+-\d+$/), data: '' })
    controller.abort()
    await sleep(100)
    const call = (id: number) =>
      postRpc(routing, session, {
        jsonrpc: '2.0',
        id,
        method: 'tools/call',
        params: { name: 'notify-tools-changed', arguments: {} },
      }).then(readRpcMessage)
    await call(10)
    const resumed = await get(routing, session, { 'Last-Event-ID': priming?.id as string })
    expect(resumed.status).toBe(200)
    const events = sseReader(resumed)
    const missed = await events.next()
    expect(messageOf(missed as SseEvent)).toEqual({
      jsonrpc: '2.0',
      method: 'notifications/tools/list_changed',
    })
    // The resumed connection carries the stream from now on.
    await call(11)
    const live = await events.next()
    expect(messageOf(live as SseEvent)?.method).toBe('notifications/tools/list_changed')
    expect(live?.id).not.toBe(missed?.id)
    // Another GET without Last-Event-ID while it is connected is refused.
    expect((await get(routing, session)).status).toBe(409)
    await events.cancel()
  })
})
