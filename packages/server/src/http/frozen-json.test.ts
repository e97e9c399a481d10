import { describe, expect, it } from 'vitest'
import { frozenJson } from './frozen-json.js'

describe('frozenJson', () => {
  it('serializes a frozen value once and an unfrozen one every time', () => {
    const frozen = Object.freeze({ a: 1, list: Object.freeze([1, 2]) })
    const first = frozenJson(frozen)
    expect(first).toBe('{"a":1,"list":[1,2]}')
    expect(frozenJson(frozen)).toBe(first)

    const open: { a: number } = { a: 1 }
    expect(frozenJson(open)).toBe('{"a":1}')
    open.a = 2
    expect(frozenJson(open)).toBe('{"a":2}')
  })
})
