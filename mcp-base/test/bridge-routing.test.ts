import type { Client } from '@modelcontextprotocol/sdk/client/index.js'
import {
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  ListRootsRequestSchema,
  LoggingMessageNotificationSchema,
  ResourceUpdatedNotificationSchema,
  ToolListChangedNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  callTool,
  connectV1,
  firstText,
  initializeRaw,
  LATEST,
  mcpUrl,
  postRpc,
  ROUTING_FIXTURE,
  readRpcMessage,
  startTestBridge,
  type TestBridge,
  type TransportKind,
  waitFor,
} from './helpers.js'

let t: TestBridge
const clients: Client[] = []

beforeAll(async () => {
  t = await startTestBridge(ROUTING_FIXTURE, {
    env: { ...process.env, MCP_BRIDGE_TOKEN: 'x', MCP_BRIDGE_OTHER: 'y', FIXTURE_VISIBLE: '1' },
  })
})

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close().catch(() => {})))
  await t?.bridge.close()
})

/** A client that answers sampling, elicitation and roots with its own name. */
async function agent(name: string, kind: TransportKind): Promise<Client> {
  const client = await connectV1(
    t.bridge,
    kind,
    'path',
    { sampling: {}, elicitation: {}, roots: { listChanged: true } },
    name,
  )
  client.setRequestHandler(CreateMessageRequestSchema, async (request) => {
    const first = request.params.messages[0]?.content
    const prompt = first && 'text' in first ? first.text : ''
    return { model: name, role: 'assistant', content: { type: 'text', text: `${name}:${prompt}` } }
  })
  client.setRequestHandler(ElicitRequestSchema, async () => ({
    action: 'accept',
    content: { name },
  }))
  client.setRequestHandler(ListRootsRequestSchema, async () => ({
    roots: [{ uri: `file:///${name}`, name }],
  }))
  clients.push(client)
  return client
}

describe('bridge routing between sessions', () => {
  it.each([
    ['sse', 'http'],
    ['http', 'http'],
    ['http', 'sse'],
  ] as const)(
    'sends a sampling request to the session whose call caused it (%s and %s)',
    async (kindA, kindB) => {
      const a = await agent(`alice-${kindA}`, kindA)
      const b = await agent(`bob-${kindB}`, kindB)
      const fromA = await a.callTool({ name: 'sample', arguments: { prompt: 'hi' } })
      const fromB = await b.callTool({ name: 'sample', arguments: { prompt: 'yo' } })
      expect(firstText(fromA)).toBe(`alice-${kindA}:hi`)
      expect(firstText(fromB)).toBe(`bob-${kindB}:yo`)
    },
  )

  it('routes elicitation and roots requests to the calling session', async () => {
    const a = await agent('carol', 'http')
    const b = await agent('dave', 'sse')
    expect(firstText(await b.callTool({ name: 'elicit', arguments: {} }))).toBe('accept:dave')
    expect(firstText(await a.callTool({ name: 'elicit', arguments: {} }))).toBe('accept:carol')
    expect(firstText(await a.callTool({ name: 'roots', arguments: {} }))).toBe('file:///carol')
    expect(firstText(await b.callTool({ name: 'roots', arguments: {} }))).toBe('file:///dave')
  })

  it('announces a changed tool list to every session', async () => {
    const a = await agent('erin', 'http')
    const b = await agent('frank', 'sse')
    const seen: string[] = []
    a.setNotificationHandler(ToolListChangedNotificationSchema, async () => {
      seen.push('erin')
    })
    b.setNotificationHandler(ToolListChangedNotificationSchema, async () => {
      seen.push('frank')
    })
    await a.callTool({ name: 'notify-tools-changed', arguments: {} })
    await waitFor(() => seen.length === 2)
    expect(seen.sort()).toEqual(['erin', 'frank'])
  })

  it('sends log messages to the session with a request in flight', async () => {
    const a = await agent('gina', 'http')
    const b = await agent('hank', 'sse')
    const seen: string[] = []
    a.setNotificationHandler(LoggingMessageNotificationSchema, async (n) => {
      seen.push(`gina:${n.params.data}`)
    })
    b.setNotificationHandler(LoggingMessageNotificationSchema, async (n) => {
      seen.push(`hank:${n.params.data}`)
    })
    await a.callTool({ name: 'log', arguments: { message: 'one' } })
    await b.callTool({ name: 'log', arguments: { message: 'two' } })
    expect(seen).toEqual(['gina:one', 'hank:two'])
  })

  it('subscribes the child once per resource and tells every subscriber of updates', async () => {
    const a = await agent('ivy', 'http')
    const b = await agent('jack', 'sse')
    const seen: string[] = []
    a.setNotificationHandler(ResourceUpdatedNotificationSchema, async () => {
      seen.push('ivy')
    })
    b.setNotificationHandler(ResourceUpdatedNotificationSchema, async () => {
      seen.push('jack')
    })
    await a.subscribeResource({ uri: 'fixture://a' })
    await b.subscribeResource({ uri: 'fixture://a' })
    await a.callTool({ name: 'touch', arguments: {} })
    await waitFor(() => seen.length === 2)
    expect(seen.sort()).toEqual(['ivy', 'jack'])
    await a.unsubscribeResource({ uri: 'fixture://a' })
    expect(firstText(await a.callTool({ name: 'subscriptions', arguments: {} }))).toBe(
      'fixture://a',
    )
    await b.unsubscribeResource({ uri: 'fixture://a' })
    expect(firstText(await a.callTool({ name: 'subscriptions', arguments: {} }))).toBe('')
  })

  it('passes a cancellation to the child under the id the child knows', async () => {
    const a = await agent('kate', 'http')
    const controller = new AbortController()
    const call = a.callTool({ name: 'hang', arguments: {} }, undefined, {
      signal: controller.signal,
    })
    const b = await agent('kim', 'sse')
    const hangs = async () => firstText(await b.callTool({ name: 'hangs', arguments: {} }))
    await waitFor(async () => (await hangs()) === '1/0')
    controller.abort('enough')
    await expect(call).rejects.toThrow()
    await waitFor(async () => (await hangs()) === '0/1')
  })

  it.each([
    ['one request not answered in any form yet', [1], LATEST, true],
    [
      'a batch already streaming, of a client before 2025-11-25 (no event id)',
      [1, 2],
      '2025-06-18',
      true,
    ],
    [
      'a batch already streaming with event ids (left for the client to close)',
      [1, 2],
      LATEST,
      false,
    ],
  ] as const)(
    'forgets a cancelled request and ends its POST when nothing can follow (%s)',
    async (_, ids, version, ends) => {
      const session = await initializeRaw(mcpUrl(t), version)
      const running = async () => {
        const res = await postRpc(t, session, callTool(99, 'hangs'), { version })
        const text = firstText(((await readRpcMessage(res)) as { result?: unknown }).result)
        return Number(text.split('/')[0])
      }
      const before = await running()
      const calls = ids.map((id) => callTool(id, 'hang'))
      const controller = new AbortController()
      const post = postRpc(t, session, calls.length === 1 ? calls[0] : calls, {
        version,
        signal: controller.signal,
      })
      await waitFor(async () => (await running()) === before + ids.length)
      for (const id of ids) {
        const cancel = await postRpc(
          t,
          session,
          { jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: id } },
          { version },
        )
        expect(cancel.status).toBe(202)
      }
      await waitFor(async () => (await running()) === before)
      // Its ids are free again.
      const again = await postRpc(
        t,
        session,
        { jsonrpc: '2.0', id: ids[0], method: 'ping' },
        { version },
      )
      expect(await readRpcMessage(again)).toEqual({ jsonrpc: '2.0', id: ids[0], result: {} })
      const res = await post
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toBe('text/event-stream')
      if (ends) {
        const events = (await res.text()).split('\n\n').filter((e) => e.includes('data: {'))
        expect(events).toEqual([])
      } else controller.abort()
    },
  )

  it('gives the child the bridge environment without MCP_BRIDGE_ variables', async () => {
    const a = await agent('liam', 'http')
    expect(firstText(await a.callTool({ name: 'env', arguments: {} }))).toBe('FIXTURE_VISIBLE')
  })

  it('answers initialize from the child, negotiating the version the client asked for', async () => {
    const a = await agent('mia', 'http')
    expect(a.getServerVersion()).toEqual({ name: 'routing-fixture', version: '1.0.0' })
    expect(a.getServerCapabilities()?.resources).toEqual({ subscribe: true, listChanged: true })
    const res = await fetch(`${t.bridge.url}/t/test-token-5f0c2b8e9d7a4c1e/mcp`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 'init',
        method: 'initialize',
        params: {
          protocolVersion: '2024-11-05',
          capabilities: {},
          clientInfo: { name: 'old', version: '1' },
        },
      }),
    })
    expect(await readRpcMessage(res)).toMatchObject({
      id: 'init',
      result: { protocolVersion: '2024-11-05' },
    })
  })
})
