import { describe, expect, it } from 'vitest'
import { defaultAllowedHosts, isHostAllowed, isOriginAllowed, parseList } from './request-guard.js'

describe('isHostAllowed', () => {
  const defaults = defaultAllowedHosts(8080)

  it.each([
    ['localhost:8080', defaults, true],
    ['127.0.0.1:8080', defaults, true],
    ['[::1]:8080', defaults, true],
    ['LOCALHOST:8080', defaults, true],
    ['localhost:9999', defaults, false],
    ['evil.example:8080', defaults, false],
    [undefined, defaults, false],
    ['app.fly.dev', ['app.fly.dev'], true],
    ['app.fly.dev:443', ['app.fly.dev'], true],
    ['app.fly.dev:443', ['app.fly.dev:8080'], false],
    ['[::1]:1234', ['[::1]'], true],
    ['anything.example', ['*'], true],
  ] as const)('says %s against %j is %s', (host, allowed, expected) => {
    expect(isHostAllowed(host, allowed)).toBe(expected)
  })
})

describe('isOriginAllowed', () => {
  it.each([
    [undefined, [], true],
    ['https://claude.ai', [], false],
    ['https://claude.ai', ['https://claude.ai'], true],
    ['https://claude.ai', ['https://claude.ai/'], true],
    ['https://claude.ai.evil.example', ['https://claude.ai'], false],
    ['http://localhost:3000', ['*'], true],
  ] as const)('says %s against %j is %s', (origin, allowed, expected) => {
    expect(isOriginAllowed(origin, allowed)).toBe(expected)
  })

  it.each([
    ['http://127.0.0.1:8080', defaultAllowedHosts(8080), true],
    ['http://localhost:8080', defaultAllowedHosts(8080), true],
    ['http://localhost:9999', defaultAllowedHosts(8080), false],
    ['https://app.fly.dev', ['app.fly.dev'], true],
    ['https://evil.example', ['*'], false],
    ['not a url', defaultAllowedHosts(8080), false],
  ] as const)(
    'accepts the bridge own origin: %s with hosts %j is %s',
    (origin, hosts, expected) => {
      expect(isOriginAllowed(origin, [], hosts)).toBe(expected)
    },
  )
})

describe('parseList', () => {
  it('splits on commas, trims and drops blanks', () => {
    expect(parseList(' a.example , b.example:8080,, ')).toEqual(['a.example', 'b.example:8080'])
    expect(parseList(undefined)).toEqual([])
  })
})
