import { describe, expect, it } from 'vitest'
import { validateDeploymentConfig } from '../config/index.js'
import { InvalidTransitionError, ValidationError } from './mcp-remote-error.js'

describe('ValidationError', () => {
  it('lists at most 50 issues, clipped, and counts them all', () => {
    const issues = Array.from({ length: 20_000 }, (_, i) => ({
      path: `env_vars.${i}.name`,
      message: `bad ${'x'.repeat(i === 0 ? 10_000 : 3)}`,
    }))
    const err = new ValidationError('invalid', issues)
    const details = err.details as { issues: Array<{ message: string }>; issues_total?: number }
    expect(details.issues).toHaveLength(50)
    expect(details.issues_total).toBe(20_000)
    expect(details.issues[0]?.message.length).toBeLessThanOrEqual(500)
    expect(JSON.stringify(err.details).length).toBeLessThan(50_000)
  })

  it('keeps a short list as it is', () => {
    const err = new ValidationError('invalid', [{ path: 'a', message: 'required' }])
    expect(err.details).toEqual({ issues: [{ path: 'a', message: 'required' }] })
  })

  it('answers a config with thousands of unknown keys briefly', () => {
    const input = Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`k${i}`, i]))
    try {
      validateDeploymentConfig(input)
      expect.unreachable()
    } catch (err) {
      expect(err).toBeInstanceOf(ValidationError)
      expect(JSON.stringify((err as ValidationError).details).length).toBeLessThan(50_000)
    }
  })
})

describe('InvalidTransitionError', () => {
  it.each([
    ['deploying', 'stop', true],
    ['deploying', 'restart', true],
    ['stopped', 'stop', false],
    ['failed', 'stop', false],
  ] as const)('from %s on %s allows a retry: %s', (from, event, retry) => {
    const err = new InvalidTransitionError(from, event)
    expect(err.toJSON()).toMatchObject({ error: 'invalid_transition', retry_allowed: retry })
  })
})
