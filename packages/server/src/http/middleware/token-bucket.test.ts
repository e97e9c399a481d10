import { describe, expect, it } from 'vitest'
import { type Bucket, isFull, takeToken } from './token-bucket.js'

const policy = { capacity: 100, windowMs: 60_000 }

describe('takeToken', () => {
  it('allows a burst of capacity requests, then refuses with the wait for one token', () => {
    let bucket: Bucket | undefined
    for (let i = 0; i < 100; i += 1) {
      const r = takeToken(bucket, 0, policy)
      expect(r.allowed).toBe(true)
      bucket = r.bucket
    }
    const refused = takeToken(bucket, 0, policy)
    expect(refused).toMatchObject({ allowed: false, remaining: 0, retryAfterS: 1 })
  })

  it('refills continuously at capacity per window', () => {
    const drained = { tokens: 0, at: 0 }
    expect(takeToken(drained, 599, policy).allowed).toBe(false)
    expect(takeToken(drained, 600, policy).allowed).toBe(true)
    expect(takeToken(drained, 60_000, policy).remaining).toBe(99)
  })

  it('never holds more than capacity', () => {
    expect(takeToken({ tokens: 100, at: 0 }, 10 * 60_000, policy).remaining).toBe(99)
    expect(isFull({ tokens: 50, at: 0 }, 30_000, policy)).toBe(true)
    expect(isFull({ tokens: 50, at: 0 }, 29_000, policy)).toBe(false)
  })

  it('asks a slow limit to wait whole seconds', () => {
    const slow = { capacity: 1, windowMs: 60_000 }
    expect(takeToken({ tokens: 0, at: 0 }, 0, slow).retryAfterS).toBe(60)
  })
})
