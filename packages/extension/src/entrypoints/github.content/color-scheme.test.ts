import { describe, expect, it } from 'vitest'
import { resolveColorScheme } from './color-scheme'

describe('resolveColorScheme', () => {
  it.each([
    ['light', true, 'light'],
    ['dark', false, 'dark'],
    ['auto', true, 'dark'],
    ['auto', false, 'light'],
    [null, true, 'dark'],
    ['something-new', false, 'light'],
  ] as const)('data-color-mode=%s with a dark system (%s) gives %s', (mode, dark, expected) => {
    expect(resolveColorScheme(mode, dark)).toBe(expected)
  })
})
