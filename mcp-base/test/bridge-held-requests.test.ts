import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  callTool,
  firstText,
  initializeRaw,
  LATEST,
  mcpUrl,
  messageOf,
  postRpc,
  ROUTING_FIXTURE,
  readRpcMessage,
  sseReader,
  startTestBridge,
  type TestBridge,
  waitFor,
} from './helpers.js'

/*
 * A request of the server's that no client can take right now. A Streamable HTTP client opens
 * its GET stream only after `notifications/initialized`: the very moment a server asks for its
 * roots. The bridge used to answer for it (`{ roots: [] }`), so the server never learnt them.
 * Its own bridge: every other session here must be one that declared nothing.
 */

let t: TestBridge

beforeAll(async () => {
  t = await startTestBridge(ROUTING_FIXTURE)
})

afterAll(async () => {
  await t?.bridge.close()
})

/** Opens a session as a raw 2025-11-25 client declaring `capabilities`; its session id. */
async function open(capabilities: Record<string, unknown>): Promise<string> {
  const id = await initializeRaw(mcpUrl(t), LATEST, capabilities)
  await postRpc(t, id, { jsonrpc: '2.0', method: 'notifications/initialized' })
  return id
}

async function tool(session: string, name: string, id: number): Promise<string> {
  const res = await postRpc(t, session, callTool(id, name))
  return firstText(((await readRpcMessage(res)) as { result?: unknown }).result)
}

describe('server requests for a client that is not listening yet', () => {
  it('keeps a roots request for the session that declared roots until its GET stream opens', async () => {
    const withRoots = await open({ roots: { listChanged: true } })
    const other = await open({})
    // The child asks for roots while no session listens and none that declared roots has a
    // request in flight.
    expect(await tool(other, 'ask-roots', 2)).toBe('asked')

    const get = await fetch(mcpUrl(t), {
      headers: { Accept: 'text/event-stream', 'Mcp-Session-Id': withRoots },
    })
    expect(get.status).toBe(200)
    const events = sseReader(get)
    const nextMessage = async () => {
      for (let event = await events.next(); event; event = await events.next()) {
        const message = messageOf(event)
        if (message !== undefined) return message
      }
      return undefined
    }
    let polls = 10
    // Whichever comes first: the request on the stream, or an answer the client never gave.
    const first = await Promise.race([
      nextMessage(),
      waitFor(async () => (await tool(other, 'roots-answers', ++polls)) !== '[]').then(
        async () => `answered without the client: ${await tool(other, 'roots-answers', 99)}`,
      ),
    ])
    expect(first).toMatchObject({ jsonrpc: '2.0', method: 'roots/list' })
    const request = first as { id: number }
    const answer = await postRpc(t, withRoots, {
      jsonrpc: '2.0',
      id: request.id,
      result: { roots: [{ uri: 'file:///work', name: 'work' }] },
    })
    expect(answer.status).toBe(202)
    await waitFor(async () => (await tool(other, 'roots-answers', ++polls)) !== '[]')
    expect(await tool(other, 'roots-answers', 100)).toBe('["file:///work"]')
    await events.cancel()
  })
})
