import { describe, expect, it } from 'vitest'
import { defaultRuntimeFromHealth, runtimeProblemsFromHealth, runtimesFromHealth } from './health'

describe('runtimesFromHealth', () => {
  it.each([
    [{ runtimes: ['local', 'fly'] }, ['local', 'fly']],
    [{ runtimes: ['fly'] }, ['fly']],
    [
      {
        runtimes: [
          { name: 'local', ok: true },
          { name: 'fly', ok: false },
        ],
      },
      ['local', 'fly'],
    ],
    [
      {
        runtimes: [
          { name: 'local', ok: true },
          { name: 'fly', available: false },
        ],
      },
      ['local'],
    ],
    [{ runtimes: [{ name: 'fly', available: true }, { name: 'local' }] }, ['local', 'fly']],
    [{ runtimes: { local: { ok: true }, fly: null } }, ['local']],
    [
      { runtimes: { local: { ok: true }, fly: { ok: false, error: 'timed out' } } },
      ['local', 'fly'],
    ],
    [{ runtimes: { fly: { ok: false, error: 'unavailable' } } }, ['fly']],
    [{ runtimes: { local: { ok: true }, fly: { ok: true } } }, ['local', 'fly']],
    [{ runtimes: ['docker'] }, ['local']],
    [{ status: 'ok' }, ['local']],
    [null, ['local']],
  ])('reads %j as %j', (health, expected) => {
    expect(runtimesFromHealth(health)).toEqual(expected)
  })
})

describe('defaultRuntimeFromHealth', () => {
  it.each([
    [{ default_runtime: 'fly' }, ['local', 'fly'], 'fly'],
    [{ default_runtime: 'local' }, ['local', 'fly'], 'local'],
    [{ default_runtime: 'fly' }, ['local'], 'local'],
    [{ default_runtime: 'docker' }, ['fly', 'local'], 'fly'],
    [{ status: 'ok' }, ['local', 'fly'], 'local'],
    [null, ['fly'], 'fly'],
  ] as const)('reads %j offering %j as %s', (health, offered, expected) => {
    expect(defaultRuntimeFromHealth(health, offered)).toBe(expected)
  })
})

describe('runtimeProblemsFromHealth', () => {
  it.each([
    [
      { runtimes: { local: { ok: true }, fly: { ok: false, error: 'timed out' } } },
      { fly: 'timed out' },
    ],
    [{ runtimes: [{ name: 'fly', ok: false }, 'local'] }, { fly: 'failed' }],
    [{ runtimes: { local: { ok: true }, fly: { ok: true } } }, {}],
    [null, {}],
  ])('reads %j as %j', (health, expected) => {
    expect(runtimeProblemsFromHealth(health)).toEqual(expected)
  })
})
