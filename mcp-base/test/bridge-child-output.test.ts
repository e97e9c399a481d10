import { CreateMessageRequestSchema } from '@modelcontextprotocol/sdk/types.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { UNFORWARDABLE } from '../src/json-rpc.js'
import {
  callTool,
  connectV1,
  firstText,
  JSON_AND_SSE,
  LATEST,
  mcpUrl,
  postRpc,
  ROUTING_FIXTURE,
  readRpcMessage,
  startTestBridge,
  type TestBridge,
  waitFor,
} from './helpers.js'

// Whatever the child writes, the bridge keeps serving: what it cannot forward is dropped with a
// warning, and a client waiting for it gets an error instead.

const MAX_LINE = 64 * 1024
let t: TestBridge
let pid: number | undefined

beforeAll(async () => {
  t = await startTestBridge(ROUTING_FIXTURE, { maxChildMessageBytes: MAX_LINE })
  pid = t.bridge.status().childPid
})

afterAll(async () => {
  // Nothing the child wrote made it restart (or took the bridge down).
  expect(t.bridge.status()).toMatchObject({ child: 'ready', childPid: pid })
  await t?.bridge.close()
})

/** Opens a raw Streamable HTTP session declaring sampling, so child requests come to it. */
async function session(): Promise<string> {
  const res = await fetch(mcpUrl(t), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: JSON_AND_SSE },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 0,
      method: 'initialize',
      params: {
        protocolVersion: LATEST,
        capabilities: { sampling: {} },
        clientInfo: { name: 'raw', version: '1' },
      },
    }),
  })
  expect(res.status).toBe(200)
  await res.text()
  return res.headers.get('mcp-session-id') as string
}

/** Calls a fixture tool over a raw session; the JSON-RPC answer. */
async function call(sessionId: string, id: number, name: string, args = {}) {
  const res = await postRpc(t, sessionId, callTool(id, name, args))
  return (await readRpcMessage(res)) as {
    id: number
    result?: { content: Array<{ text: string }> }
    error?: { code: number; message: string }
  }
}

const textOf = (answer: Awaited<ReturnType<typeof call>>) => answer.result?.content[0]?.text
const warned = (msg: string) => t.logs.filter((e) => e.level === 'warn' && e.msg === msg)

describe('bridge: what the child writes never takes it down', () => {
  it('answers a call whose answer nests too deep to forward with -32603, then serves on', async () => {
    const id = await session()
    const answer = await call(id, 1, 'emit', { what: 'deep-response' })
    expect(answer).toEqual({
      jsonrpc: '2.0',
      id: 1,
      error: { code: -32603, message: UNFORWARDABLE },
    })
    expect(warned('message from the child cannot be forwarded; dropped').length).toBeGreaterThan(0)
    expect(textOf(await call(id, 2, 'pid'))).toBe(String(pid))
  })

  it('does the same over the legacy SSE transport', async () => {
    const client = await connectV1(t.bridge, 'sse')
    try {
      await expect(
        client.callTool({ name: 'emit', arguments: { what: 'deep-response' } }),
      ).rejects.toMatchObject({ code: -32603 })
      expect(firstText(await client.callTool({ name: 'pid', arguments: {} }))).toBe(String(pid))
    } finally {
      await client.close()
    }
  })

  it('drops a notification nested too deep and still answers the call', async () => {
    const id = await session()
    const before = warned('message from the child cannot be forwarded; dropped').length
    const answer = await call(id, 1, 'emit', { what: 'deep-notification' })
    expect(textOf(answer)).toBe('after deep notification')
    const after = warned('message from the child cannot be forwarded; dropped')
    expect(after.length).toBe(before + 1)
    expect(after.at(-1)).toMatchObject({ method: 'notifications/message' })
  })

  it('answers the child itself when its request nests too deep for the client', async () => {
    const client = await connectV1(t.bridge, 'http', 'path', { sampling: {} })
    let sampled = 0
    client.setRequestHandler(CreateMessageRequestSchema, async () => {
      sampled++
      return { model: 'm', role: 'assistant', content: { type: 'text', text: 'no' } }
    })
    try {
      const answer = await client.callTool({ name: 'emit', arguments: { what: 'deep-request' } })
      expect(firstText(answer)).toBe('after deep request')
      const raw = JSON.parse(firstText(await client.callTool({ name: 'raw-answers' })))
      expect(raw).toContainEqual({
        jsonrpc: '2.0',
        id: 'raw-deep',
        error: {
          code: -32603,
          message: 'The bridge cannot forward this request to the client.',
        },
      })
      expect(sampled).toBe(0)
    } finally {
      await client.close()
    }
  })

  it('answers a call whose answer is over the line limit with -32603 (the id read on the fly)', async () => {
    const id = await session()
    const answer = await call(id, 7, 'emit', { what: 'huge-response', size: MAX_LINE * 3 })
    expect(answer).toEqual({
      jsonrpc: '2.0',
      id: 7,
      error: { code: -32603, message: UNFORWARDABLE },
    })
    expect(warned('message from the child too large; dropped').at(-1)).toMatchObject({
      reason: 'too_large',
      hasMethod: false,
      limit: MAX_LINE,
    })
    expect(textOf(await call(id, 8, 'pid'))).toBe(String(pid))
  })

  it('answers the child itself when its request is over the line limit', async () => {
    const id = await session()
    expect(textOf(await call(id, 1, 'emit', { what: 'huge-request', size: MAX_LINE * 2 }))).toBe(
      'after huge request',
    )
    const raw = JSON.parse(textOf(await call(id, 2, 'raw-answers')) ?? '[]')
    expect(raw).toContainEqual({
      jsonrpc: '2.0',
      id: 'raw-huge',
      error: {
        code: -32603,
        message: `The bridge cannot forward a message of over ${MAX_LINE} characters.`,
      },
    })
  })

  it('drops a line that never ends as it streams by, and reads on after its newline', async () => {
    const id = await session()
    const size = 8 * 1024 * 1024
    expect(textOf(await call(id, 1, 'emit', { what: 'no-newline', size }))).toBe('after no newline')
    expect(warned('message from the child too large; dropped').at(-1)).toMatchObject({
      length: size,
      id: undefined,
    })
  })

  it('logs a stderr line over the limit cut short, and the lines after it', async () => {
    const id = await session()
    const answer = await call(id, 1, 'emit', { what: 'stderr-no-newline', size: 1024 * 1024 })
    expect(textOf(answer)).toBe('after stderr')
    const output = () => t.logs.filter((e) => e.msg === 'child output' && e.stream === 'stderr')
    // stderr is a pipe of its own: it may come after the answer.
    await waitFor(() => output().some((e) => e.line === 'stderr after'))
    const cut = output().filter((e) => String(e.line).startsWith('zzz'))
    expect(cut).toHaveLength(1)
    expect(String(cut[0]?.line).length).toBeLessThanOrEqual(2001)
  })

  it('logs lines that are no JSON-RPC (bytes that are no UTF-8 too) and reads on', async () => {
    const id = await session()
    expect(textOf(await call(id, 1, 'emit', { what: 'garbage' }))).toBe('after garbage')
    const stdout = t.logs.filter((e) => e.msg === 'child output' && e.stream === 'stdout')
    expect(stdout.map((e) => e.line)).toEqual(
      expect.arrayContaining(['\ufffd\ufffd\u0000{', 'not json at all', '{"jsonrpc":"2.0"}']),
    )
    // Bytes that are no UTF-8 inside an answer become U+FFFD; the answer goes through.
    expect(textOf(await call(id, 2, 'emit', { what: 'non-utf8' }))).toBe('a\ufffd\ufffdb')
  })
})
