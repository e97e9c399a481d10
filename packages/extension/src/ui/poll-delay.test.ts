import { describe, expect, it } from 'vitest'
import { afterFailureDelayMs, listPollDelayMs, pollDelayMs } from './poll-delay'

describe('poll delays', () => {
  it.each([
    ['deploying', 2000],
    ['running', 30000],
    ['unhealthy', 30000],
    ['stopped', 30000],
    ['failed', 30000],
  ] as const)('re-reads a %s deployment after %i ms', (status, ms) => {
    expect(pollDelayMs(status)).toBe(ms)
  })

  it('re-reads a list quickly while any of it is deploying', () => {
    expect(listPollDelayMs(['running', 'deploying'])).toBe(2000)
    expect(listPollDelayMs(['running', 'stopped'])).toBe(30000)
    expect(listPollDelayMs([])).toBe(30000)
  })
})

describe('afterFailureDelayMs', () => {
  it.each([
    [2_000, null, 2_000],
    [2_000, 20, 20_000],
    [30_000, 5, 30_000],
  ])('after %i ms with Retry-After %s waits %i ms', (delay, retryAfterSeconds, expected) => {
    expect(afterFailureDelayMs(delay, { retryAfterSeconds })).toBe(expected)
  })
})
