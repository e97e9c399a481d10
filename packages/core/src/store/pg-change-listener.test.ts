import { createServer, type Server, type Socket, connect as tcpConnect } from 'node:net'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CHANGE_CHANNEL, ChangeHub } from './change-feed.js'
import { PgChangeListener } from './pg-change-listener.js'

/**
 * A TCP proxy in front of PostgreSQL that can go silent without closing anything: what a
 * half-open connection or a pooler that drops notifications looks like from the client.
 */
async function silenceableProxy(target: URL) {
  let silent = false
  const open = new Set<Socket>()
  const server: Server = createServer((client) => {
    const upstream = tcpConnect(Number(target.port || 5432), target.hostname)
    open.add(client)
    open.add(upstream)
    client.on('data', (chunk) => {
      if (!silent) upstream.write(chunk)
    })
    upstream.on('data', (chunk) => {
      if (!silent) client.write(chunk)
    })
    for (const s of [client, upstream]) {
      s.on('error', () => {})
      s.on('close', () => {
        open.delete(s)
        client.destroy()
        upstream.destroy()
      })
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = new URL(target)
  url.hostname = '127.0.0.1'
  url.port = String((server.address() as { port: number }).port)
  return {
    url: url.toString(),
    silence() {
      silent = true
    },
    /** Speaks again; connections that lost bytes while silent are cut. */
    restore() {
      silent = false
      for (const s of open) s.destroy()
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

async function until(check: () => boolean, what: string) {
  const deadline = Date.now() + 10_000
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}

describe.runIf(process.env.DATABASE_URL)('PgChangeListener', () => {
  const base = process.env.DATABASE_URL ?? ''
  let notifier: pg.Client

  beforeAll(async () => {
    notifier = new pg.Client({ connectionString: base })
    await notifier.connect()
  })
  afterAll(async () => {
    await notifier?.end()
  })

  function record(hub: ChangeHub) {
    const seen: string[] = []
    const live: boolean[] = []
    hub.subscribe({ changed: (id) => seen.push(id), reset: () => live.push(hub.live) })
    return { seen, live }
  }

  it('goes live only once a probe came back, and passes on changes but never its probes', async () => {
    const hub = new ChangeHub(false)
    const feed = record(hub)
    const listener = new PgChangeListener(base, hub, { heartbeatMs: 50 })
    await listener.start()
    try {
      expect(hub.live).toBe(true)
      await notifier.query('SELECT pg_notify($1, $2)', [CHANGE_CHANNEL, 'dep_from_elsewhere'])
      await until(() => feed.seen.includes('dep_from_elsewhere'), 'the notification')
      await new Promise((r) => setTimeout(r, 200)) // a few heartbeats
      expect(feed.seen.every((id) => !id.startsWith('~'))).toBe(true)
    } finally {
      await listener.close()
    }
    expect(hub.live).toBe(false)
  })

  it('goes not-live when notifications stop arriving on a connection that stays open, and recovers', async () => {
    const proxy = await silenceableProxy(new URL(base))
    const hub = new ChangeHub(false)
    const feed = record(hub)
    const listener = new PgChangeListener(proxy.url, hub, {
      heartbeatMs: 50,
      probeTimeoutMs: 300,
      connectTimeoutMs: 1_000,
      retryMs: 50,
      maxRetryMs: 200,
    })
    await listener.start()
    try {
      expect(hub.live).toBe(true)
      proxy.silence()
      await until(() => !hub.live, 'the feed to notice the silence')
      proxy.restore()
      await until(() => hub.live, 'the feed to come back')
      expect(feed.live).toContain(false)
    } finally {
      await listener.close()
      await proxy.close()
    }
  })

  it('refuses to start where notifications never arrive, or keeps trying when asked to begin', async () => {
    const proxy = await silenceableProxy(new URL(base))
    const hub = new ChangeHub(false)
    proxy.silence()
    const listener = new PgChangeListener(proxy.url, hub, { connectTimeoutMs: 500 })
    try {
      await expect(listener.start()).rejects.toThrow()
      expect(hub.live).toBe(false)
      const patient = new PgChangeListener(proxy.url, hub, {
        connectTimeoutMs: 300,
        probeTimeoutMs: 300,
        retryMs: 50,
        maxRetryMs: 100,
      })
      await patient.begin()
      expect(hub.live).toBe(false)
      proxy.restore()
      await until(() => hub.live, 'the feed once notifications arrive')
      await patient.close()
    } finally {
      await listener.close()
      proxy.restore()
      await proxy.close()
    }
  })
})
