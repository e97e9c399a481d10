import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  callTool,
  cutStream,
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
  waitFor,
} from './helpers.js'

// Slow calls are the fixture's `wait` tool, which answers when a `release` call names its key:
// a call takes exactly as long as the test wants, and no assertion depends on the clock.

/** Default settings: a fast call must keep its one-body JSON answer. */
let defaults: TestBridge
/** Switches a POST to an event stream after 100 ms, with keep-alives every 50 ms. */
let quick: TestBridge
const clients: Client[] = []

beforeAll(async () => {
  ;[defaults, quick] = await Promise.all([
    startTestBridge(ROUTING_FIXTURE),
    startTestBridge(ROUTING_FIXTURE, { streamAfterMs: 100, keepAliveMs: 50 }),
  ])
})

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close().catch(() => {})))
  await Promise.all([defaults?.bridge.close(), quick?.bridge.close()])
})

/** Answers the fixture's `wait` call with `key`, from a session of its own. */
async function release(t: TestBridge, key: string): Promise<string> {
  const session = await initializeRaw(mcpUrl(t), LATEST)
  return firstText(
    (
      (await readRpcMessage(await postRpc(t, session, callTool(1, 'release', { key })))) as {
        result: unknown
      }
    ).result,
  )
}

/** Resolves once the child runs a `wait` call with `key`. */
async function waiting(t: TestBridge, key: string): Promise<void> {
  const session = await initializeRaw(mcpUrl(t), LATEST)
  await waitFor(async () => {
    const answer = await readRpcMessage(await postRpc(t, session, callTool(1, 'waiting')))
    return firstText((answer as { result: unknown }).result)
      .split(',')
      .includes(key)
  })
}

/** Reads `reader` until `count` keep-alive comments went by; returns the events before them. */
async function untilKeepAlives(reader: ReturnType<typeof sseReader>, count: number) {
  const events: SseEvent[] = []
  let seen = 0
  while (seen < count) {
    const item = await reader.nextWithComments()
    if (item === undefined) throw new Error('stream ended')
    if (item.comment === 'keepalive') seen++
    else events.push(item)
  }
  return events
}

describe('a POST whose answer is slow becomes an event stream', () => {
  it('answers a fast call with one JSON body (default settings)', async () => {
    const session = await initializeRaw(mcpUrl(defaults), LATEST)
    const res = await postRpc(defaults, session, callTool(2, 'pid'))
    expect(res.headers.get('content-type')).toBe('application/json')
    expect(await res.json()).toMatchObject({ jsonrpc: '2.0', id: 2, result: { content: [{}] } })
  })

  it('sends a priming event, keep-alives, then the answer as an event with an id', async () => {
    const session = await initializeRaw(mcpUrl(quick), LATEST)
    const res = await postRpc(quick, session, callTool(3, 'wait', { key: 'raw' }))
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/event-stream')
    expect(res.headers.get('mcp-session-id')).toBe(session)
    const reader = sseReader(res)
    const first = await reader.nextWithComments()
    expect(first).toEqual({ id: expect.stringMatching(/^\d+-\d+$/), data: '' })
    // The call is still running while keep-alives go by.
    expect(await untilKeepAlives(reader, 2)).toEqual([])
    expect(await release(quick, 'raw')).toBe('released')
    const answer = (await reader.next()) as SseEvent
    expect(answer.id).toMatch(/^\d+-\d+$/)
    expect(answer.id).not.toBe(first?.id)
    expect(messageOf(answer)).toEqual({
      jsonrpc: '2.0',
      id: 3,
      result: { content: [{ type: 'text', text: 'released raw' }] },
    })
    // The stream ends after its answer.
    expect(await reader.nextWithComments()).toBeUndefined()
  })

  it('starts with a keep-alive comment, not a priming event, for clients before 2025-11-25', async () => {
    const old = '2025-06-18'
    const session = await initializeRaw(mcpUrl(quick), old)
    const res = await postRpc(quick, session, callTool(4, 'wait', { key: 'old' }), { version: old })
    expect(res.headers.get('content-type')).toBe('text/event-stream')
    const reader = sseReader(res)
    expect(await reader.nextWithComments()).toEqual({
      id: undefined,
      data: '',
      comment: 'keepalive',
    })
    expect(await untilKeepAlives(reader, 1)).toEqual([])
    await release(quick, 'old')
    const answer = (await reader.next()) as SseEvent
    expect(answer.id).toMatch(/^\d+-\d+$/)
    expect(messageOf(answer)).toMatchObject({
      id: 4,
      result: { content: [{ text: 'released old' }] },
    })
    expect(await reader.next()).toBeUndefined()
  })

  it('lets the SDK 1.x client complete a slow call', async () => {
    let kind: string | null = null
    let keepAlives = 0
    // Notes what the bridge answered the call with, and counts the keep-alives it carried.
    const watching: typeof fetch = async (input, init) => {
      const res = await fetch(input, init)
      if (init?.method !== 'POST' || !String(init.body).includes('"wait"')) return res
      kind = res.headers.get('content-type')
      const decoder = new TextDecoder()
      const counted = (res.body as ReadableStream<Uint8Array>).pipeThrough(
        new TransformStream<Uint8Array, Uint8Array>({
          transform(chunk, controller) {
            keepAlives += decoder.decode(chunk, { stream: true }).split(': keepalive').length - 1
            controller.enqueue(chunk)
          },
        }),
      )
      return new Response(counted, { status: res.status, headers: res.headers })
    }
    const client = new Client({ name: 'slow', version: '1.0.0' })
    clients.push(client)
    await client.connect(
      new StreamableHTTPClientTransport(new URL(mcpUrl(quick)), { fetch: watching }),
    )
    const call = client.callTool({ name: 'wait', arguments: { key: 'sdk' } })
    await waitFor(() => keepAlives >= 2)
    expect(kind).toBe('text/event-stream')
    expect(await release(quick, 'sdk')).toBe('released')
    expect(firstText(await call)).toBe('released sdk')
  })

  it.each([
    ['while the client is away', 'away'],
    ['once the client is back', 'back'],
  ] as const)(
    'lets the SDK client resume a slow call cut mid-wait, answered %s, and answers it once',
    async (_, when) => {
      const key = `cut-${when}`
      let cutAfter: string | undefined
      let resumedWith: string | null = null
      // Cuts the call's event stream once its priming event and a keep-alive went through, as a
      // proxy cutting the connection would; holds the client's resumption as the case needs.
      const flaky: typeof fetch = async (input, init) => {
        const lastEventId = new Headers(init?.headers).get('last-event-id')
        if (init?.method === 'GET' && lastEventId !== null) {
          if (when === 'away') {
            expect(await release(quick, key)).toBe('released')
            // The child answered `wait` before this later call: the bridge has kept the answer.
            await release(quick, 'none')
          }
          const resumed = await fetch(input, init)
          // Headers came: the bridge has attached the resumed connection to the stream.
          resumedWith = lastEventId
          return resumed
        }
        const res = await fetch(input, init)
        if (init?.method !== 'POST' || !String(init.body).includes(`"${key}"`)) return res
        expect(res.headers.get('content-type')).toBe('text/event-stream')
        return cutStream(res, (text) => {
          const id = /^id: (\S+)$/m.exec(text)?.[1]
          if (id === undefined || !text.includes(': keepalive')) return false
          cutAfter = id
          return true
        })
      }
      const client = new Client({ name: 'resumer', version: '1.0.0' })
      client.onerror = () => {}
      clients.push(client)
      const transport = new StreamableHTTPClientTransport(new URL(mcpUrl(quick)), {
        fetch: flaky,
        reconnectionOptions: {
          initialReconnectionDelay: 20,
          maxReconnectionDelay: 200,
          reconnectionDelayGrowFactor: 1.5,
          maxRetries: 5,
        },
      })
      await client.connect(transport)
      // Counts every answer to the call the client is handed.
      const answers: JSONRPCMessage[] = []
      const deliver = transport.onmessage
      transport.onmessage = (message: JSONRPCMessage) => {
        if ('result' in message && JSON.stringify(message).includes(`released ${key}`)) {
          answers.push(message)
        }
        deliver?.(message)
      }
      const call = client.callTool({ name: 'wait', arguments: { key } })
      await waiting(quick, key)
      if (when === 'back') {
        await waitFor(() => resumedWith !== null)
        expect(await release(quick, key)).toBe('released')
      }
      expect(firstText(await call)).toBe(`released ${key}`)
      expect(cutAfter).toBeDefined()
      expect(resumedWith).toBe(cutAfter)
      // Another call, so that a second copy of the answer would have arrived by now.
      expect(firstText(await client.callTool({ name: 'pid', arguments: {} }))).toMatch(/^\d+$/)
      expect(answers).toHaveLength(1)
    },
  )
})
