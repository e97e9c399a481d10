import { describe, expect, it } from 'vitest'
import { restartDelay } from './backoff.js'

describe('restartDelay', () => {
  it.each([
    [0, 1000],
    [1, 2000],
    [2, 4000],
    [4, 16_000],
    [5, 30_000],
    [50, 30_000],
  ])('waits before restart %i for %i ms', (attempt, ms) => {
    expect(restartDelay(attempt)).toBe(ms)
  })
})
