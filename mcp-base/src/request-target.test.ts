import { describe, expect, it } from 'vitest'
import { parseRequestTarget, queryParam } from './request-target.js'

describe('parseRequestTarget', () => {
  it.each([
    ['/mcp', { pathToken: undefined, path: '/mcp', query: '' }],
    ['/t/abc/mcp', { pathToken: 'abc', path: '/mcp', query: '' }],
    ['/t/abc/messages?sessionId=1', { pathToken: 'abc', path: '/messages', query: 'sessionId=1' }],
    ['/t/a%2Bb/sse/', { pathToken: 'a+b', path: '/sse', query: '' }],
    ['/t/abc', { pathToken: 'abc', path: '/', query: '' }],
    ['/health', { pathToken: undefined, path: '/health', query: '' }],
  ])('splits %s', (url, expected) => {
    expect(parseRequestTarget(url)).toEqual(expected)
  })
})

describe('queryParam', () => {
  it('reads one parameter', () => {
    expect(queryParam('a=1&sessionId=xyz', 'sessionId')).toBe('xyz')
    expect(queryParam('', 'sessionId')).toBeUndefined()
  })
})
