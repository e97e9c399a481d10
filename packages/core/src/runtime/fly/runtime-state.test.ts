import { describe, expect, it } from 'vitest'
import { runtimeStateOf } from './runtime-state.js'

const wakes = { services: [{ autostart: true }] }
const sleeps = { services: [{ autostart: false }] }

describe('runtimeStateOf', () => {
  it.each([
    ['started', wakes, 'running'],
    ['starting', wakes, 'starting'],
    ['created', wakes, 'starting'],
    ['suspended', wakes, 'running'],
    ['stopped', wakes, 'running'],
    ['stopped', sleeps, 'stopped'],
    ['suspended', sleeps, 'stopped'],
    ['failed', wakes, 'failed'],
    ['destroyed', wakes, 'gone'],
    ['destroying', sleeps, 'gone'],
  ] as const)('maps a %s machine (%j) to %s', (state, config, expected) => {
    expect(runtimeStateOf({ state, config }).state).toBe(expected)
  })

  it('names a failing check of a started machine', () => {
    expect(runtimeStateOf({ state: 'started', checks: [{ status: 'critical' }] })).toEqual({
      state: 'running',
      detail: 'fly: started, check critical',
    })
  })
})
