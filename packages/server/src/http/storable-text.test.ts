import { describe, expect, it } from 'vitest'
import { unstorableText } from './storable-text.js'

describe('unstorableText', () => {
  it('accepts ordinary text, emoji (surrogate pairs) and non-strings', () => {
    expect(unstorableText({ a: 'plain', b: ['ünï', '😀'], c: 1, d: null, e: true })).toEqual([])
  })

  it.each([
    ['a NUL', { a: 'x\u0000y' }, 'a', /U\+0000/],
    ['a lone high surrogate', { a: ['ok', '\ud83d'] }, 'a.1', /surrogate/],
    ['a lone low surrogate', { a: { b: '\ude00x' } }, 'a.b', /surrogate/],
    ['a NUL at the root', 'x\u0000', '(root)', /U\+0000/],
  ])('names the path of %s, never the value', (_, value, path, rule) => {
    const issues = unstorableText(value)
    expect(issues).toEqual([{ path, message: expect.stringMatching(rule) }])
  })

  it('reports a bad key on its parent without quoting the key', () => {
    const issues = unstorableText({ credentials: { 'SECRET\u0000': 'v' } })
    expect(issues).toEqual([{ path: 'credentials', message: expect.stringMatching(/^keys must/) }])
  })

  it('stops at the limit', () => {
    expect(unstorableText(Array(50).fill('\u0000'), 3)).toHaveLength(3)
  })
})
