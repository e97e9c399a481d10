import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import type { AppEnv } from '../app-env.js'
import { errorResponse } from '../error-response.js'
import { rateLimit } from './rate-limit.js'

function app(perMinute: number, maxBuckets: number) {
  let now = 0
  const hono = new Hono<AppEnv>()
  hono.use(
    '*',
    rateLimit({
      perMinute,
      maxBuckets,
      clock: { now: () => now },
      clientKey: (c) => c.req.header('x-client') ?? 'none',
    }),
  )
  hono.get('/', (c) => c.text('ok'))
  hono.onError(errorResponse)
  return {
    get: (client: string) => hono.request('/', { headers: { 'x-client': client } }),
    advance: (ms: number) => {
      now += ms
    },
  }
}

describe('rateLimit', () => {
  it('keys clients by at most 64 characters of what identifies them', async () => {
    const { get } = app(1, 100)
    const prefix = 'f'.repeat(64)
    expect((await get(`${prefix}-one`)).status).toBe(200)
    expect((await get(`${prefix}-two`)).status).toBe(429)
  })

  it('stays within its bucket cap under a flood of new clients, sweeping refilled ones', async () => {
    const { get, advance } = app(2, 3)
    expect((await get('a')).status).toBe(200)
    expect((await get('a')).status).toBe(200)
    expect((await get('a')).status).toBe(429)
    // Two more clients fill the map; a's bucket is still empty, so it is kept.
    expect((await get('b')).status).toBe(200)
    expect((await get('c')).status).toBe(200)
    advance(60_000) // every bucket refills: the next newcomer's sweep clears them
    expect((await get('d')).status).toBe(200)
    expect((await get('a')).status).toBe(200)
    for (let i = 0; i < 1_000; i += 1) expect((await get(`flood-${i}`)).status).toBe(200)
  })
})
