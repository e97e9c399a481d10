import { describe, expect, it } from 'vitest'
import { listPollDelayMs, pollDelayMs } from './poll-delay'

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
