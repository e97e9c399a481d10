import { describe, expect, it } from 'vitest'
import { isNotFoundPage } from './not-found-page'

describe('isNotFoundPage', () => {
  it.each([
    ['Page not found · GitHub · GitHub', true],
    ['Page not found · GitHub', true],
    ['modelcontextprotocol/servers: Model Context Protocol Servers', false],
    ['Issues · modelcontextprotocol/servers · GitHub', false],
    ['', false],
  ])('reads the title %j as a not-found page: %s', (title, expected) => {
    expect(isNotFoundPage({ title })).toBe(expected)
  })
})
