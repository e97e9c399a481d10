import { describe, expect, it } from 'vitest'
import { newId } from './ids.js'

describe('newId', () => {
  it('prefixes 20 random lowercase base-36 characters', () => {
    expect(newId('dep')).toMatch(/^dep_[0-9a-z]{20}$/)
    expect(newId('ana_')).toMatch(/^ana_[0-9a-z]{20}$/)
  })

  it('does not repeat over many draws and uses the whole alphabet', () => {
    const ids = Array.from({ length: 5000 }, () => newId('dep'))
    expect(new Set(ids).size).toBe(ids.length)
    const seen = new Set(ids.flatMap((id) => [...id.slice(4)]))
    expect(seen.size).toBe(36)
  })

  it.each(['', 'DEP', 'de-p', 'a'.repeat(17)])('refuses the prefix %j', (prefix) => {
    expect(() => newId(prefix)).toThrow(/prefix/)
  })
})
