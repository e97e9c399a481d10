import type { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  connectV1,
  firstText,
  ROUTING_FIXTURE,
  startTestBridge,
  type TestBridge,
  waitFor,
} from './helpers.js'

let t: TestBridge
let a: Client
let b: Client

beforeAll(async () => {
  // A real-sized first delay, so the outage is long enough to observe from outside.
  t = await startTestBridge(ROUTING_FIXTURE, { restartDelay: { minMs: 1000, maxMs: 2000 } })
  a = await connectV1(t.bridge, 'http')
  b = await connectV1(t.bridge, 'sse')
})

afterAll(async () => {
  await Promise.all([a?.close(), b?.close()].map((p) => p?.catch(() => {})))
  await t?.bridge.close()
})

const health = async () => (await fetch(`${t.bridge.url}/health`)).status
const pidOf = async (client: Client) =>
  Number(firstText(await client.callTool({ name: 'pid', arguments: {} })))

describe('bridge when the child dies', () => {
  it('fails the request in flight, reports 503, restarts the child and keeps the sessions', async () => {
    const firstPid = await pidOf(a)
    expect(t.bridge.status().childPid).toBe(firstPid)
    const inFlight = a.callTool({ name: 'hang', arguments: {} })
    await waitFor(
      async () => firstText(await b.callTool({ name: 'hangs', arguments: {} })) === '1/0',
    )

    process.kill(firstPid, 'SIGKILL')
    await expect(inFlight).rejects.toMatchObject({ code: -32000 })
    await waitFor(async () => (await health()) === 503)
    // A request while the child is down is refused at once, not queued.
    await expect(b.callTool({ name: 'pid', arguments: {} })).rejects.toMatchObject({
      code: -32000,
    })

    await waitFor(async () => (await health()) === 200)
    const [pidA, pidB] = [await pidOf(a), await pidOf(b)]
    expect(pidA).not.toBe(firstPid)
    expect(pidB).toBe(pidA)
    expect(t.bridge.status().sessions).toEqual({ sse: 1, streamableHttp: 1 })
  })

  it('fails a request whose tool makes the child exit', async () => {
    await expect(a.callTool({ name: 'exit', arguments: {} })).rejects.toMatchObject({
      code: -32000,
    })
    await waitFor(async () => (await health()) === 200)
    expect(firstText(await b.callTool({ name: 'hangs', arguments: {} }))).toBe('0/0')
  })

  it('logs the exit and the restart without the token', () => {
    const messages = t.logs.map((e) => e.msg)
    expect(messages).toContain('child exited')
    expect(messages).toContain('child restart scheduled')
    expect(messages.filter((m) => m === 'child ready').length).toBeGreaterThanOrEqual(3)
  })
})
