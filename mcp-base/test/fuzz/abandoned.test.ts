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
import { CANARY, describeSent, logProblems, Rng, SEED } from './fuzz-kit.js'

/*
 * Sessions opened and abandoned in every state a client can leave one: never used, a GET stream
 * dropped, a slow call's stream dropped, a stream left connected. Memory stays bounded: every
 * abandoned session is reaped (counted through `status()`), and what a session keeps for replay
 * is capped (counted through a resume). Waits are conditions, never durations.
 */

const REPLAY_EVENTS = 16
let t: TestBridge

const headers = (session: string, extra: Record<string, string> = {}) => ({
  'Content-Type': 'application/json',
  Accept: JSON_AND_SSE,
  'Mcp-Session-Id': session,
  'Mcp-Protocol-Version': LATEST,
  ...extra,
})

/** Calls a fixture tool on a fresh session (itself abandoned after). */
async function tool(name: string, args: Record<string, unknown> = {}): Promise<string> {
  const session = await initializeRaw(mcpUrl(t), LATEST)
  const res = await fetch(mcpUrl(t), {
    method: 'POST',
    headers: headers(session),
    body: JSON.stringify(callTool(1, name, args)),
  })
  return firstText(((await readRpcMessage(res)) as { result?: unknown }).result)
}

beforeAll(async () => {
  t = await startTestBridge(ROUTING_FIXTURE, {
    env: { ...process.env, MCP_BRIDGE_TOKEN: TOKEN, FIXTURE_SECRET: CANARY },
    sessionIdleMs: 200,
    streamAfterMs: 50,
    keepAliveMs: 0,
    replayMaxEvents: REPLAY_EVENTS,
  })
})

afterAll(async () => {
  await t?.bridge.close()
})

describe(`bridge fuzz: abandoned sessions (seed ${SEED})`, () => {
  it('reaps every session a client left, in whatever state, and caps what each keeps', async () => {
    const pid = t.bridge.status().childPid
    const rng = new Rng(SEED + 5)
    const kinds: string[] = []
    const released: string[] = []
    for (let i = 0; i < 60; i += 1) {
      const session = await initializeRaw(mcpUrl(t), rng.pick([LATEST, '2025-06-18', '2025-03-26']))
      const kind = rng.pick(['idle', 'get-dropped', 'call-dropped', 'notified'])
      kinds.push(kind)
      if (kind === 'get-dropped') {
        const controller = new AbortController()
        const res = await fetch(mcpUrl(t), {
          headers: headers(session, { Accept: 'text/event-stream' }),
          signal: controller.signal,
        })
        expect(res.status, describeSent(`GET stream of session ${i}`)).toBe(200)
        controller.abort()
      } else if (kind === 'call-dropped') {
        // The call outlasts --stream-after, becomes a stream (headers sent), and is dropped.
        const key = `k${i}`
        const controller = new AbortController()
        const res = await fetch(mcpUrl(t), {
          method: 'POST',
          headers: headers(session),
          body: JSON.stringify(callTool(2, 'wait', { key })),
          signal: controller.signal,
        })
        expect(res.headers.get('content-type')).toContain('text/event-stream')
        controller.abort()
        released.push(key)
      } else if (kind === 'notified') {
        await fetch(mcpUrl(t), {
          method: 'POST',
          headers: headers(session),
          body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }),
        })
      }
    }
    // The dropped calls answer later: their answers are kept for a resume nobody makes.
    for (const key of released) expect(await tool('release', { key })).toBe('released')
    for (let i = 0; i < 3; i += 1) expect(await tool('notify-tools-changed')).toBe('ok')
    await waitFor(() => t.bridge.status().sessions.streamableHttp === 0, 20_000)
    expect(await tool('waiting')).toBe('')
    expect(kinds.filter((k) => k === 'call-dropped').length).toBeGreaterThan(0)
    expect(t.bridge.status().childPid).toBe(pid)
    expect((await fetch(`${t.bridge.url}/health`)).status).toBe(200)
    expect(logProblems(t.logs.splice(0), [TOKEN, CANARY]).slice(0, 20)).toEqual([])
  })

  it('replays at most replayMaxEvents events, however many the stream carried', async () => {
    const session = await initializeRaw(mcpUrl(t), LATEST)
    const controller = new AbortController()
    const res = await fetch(mcpUrl(t), {
      headers: headers(session, { Accept: 'text/event-stream' }),
      signal: controller.signal,
    })
    const events = sseReader(res)
    const priming = (await events.next())?.id as string
    expect(priming).toMatch(/^\d+-\d+$/)
    const sent = REPLAY_EVENTS * 3
    const calls = Array.from({ length: sent }, () => tool('notify-tools-changed'))
    for (let i = 0; i < sent; i += 1) {
      expect(messageOf((await events.next()) as never)?.method).toBe(
        'notifications/tools/list_changed',
      )
    }
    await Promise.all(calls)
    const resumed = await fetch(mcpUrl(t), {
      headers: headers(session, { Accept: 'text/event-stream', 'Last-Event-ID': priming }),
    })
    expect(resumed.status).toBe(200)
    const replay = sseReader(resumed)
    let replayed = 0
    // The old connection is closed by the resume; the replay is written at once.
    while (replayed < REPLAY_EVENTS) {
      const event = await replay.next()
      if (event === undefined) break
      replayed++
    }
    expect(replayed).toBe(REPLAY_EVENTS)
    expect(await events.next()).toBeUndefined()
    expect(t.logs.some((e) => e.msg === 'resumed stream lost events to the replay limits')).toBe(
      true,
    )
    await replay.cancel()
    controller.abort()
    await waitFor(() => t.bridge.status().sessions.streamableHttp === 0, 20_000)
  })
})
