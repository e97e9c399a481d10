import { describe, expect, it } from 'vitest'
import {
  isClientMessage,
  isRpcMessage,
  nestsDeeperThan,
  serialize,
  TopLevelIdScanner,
} from './json-rpc.js'

describe('isRpcMessage', () => {
  it.each([
    ['a request', { jsonrpc: '2.0', id: 1, method: 'ping' }],
    ['a request with a string id', { jsonrpc: '2.0', id: 'a', method: 'ping', params: {} }],
    ['a notification', { jsonrpc: '2.0', method: 'notifications/initialized' }],
    ['a result', { jsonrpc: '2.0', id: 1, result: {} }],
    ['an error', { jsonrpc: '2.0', id: 1, error: { code: -1, message: 'x' } }],
    ['an error with a null id', { jsonrpc: '2.0', id: null, error: { code: -1, message: 'x' } }],
  ])('accepts %s', (_, value) => {
    expect(isRpcMessage(value)).toBe(true)
  })

  it.each([
    ['null', null],
    ['an array', [{ jsonrpc: '2.0', method: 'ping' }]],
    ['a wrong version', { jsonrpc: '1.0', id: 1, method: 'ping' }],
    ['an id alone', { jsonrpc: '2.0', id: 1 }],
    ['a request with a null id', { jsonrpc: '2.0', id: null, method: 'ping' }],
    ['a request with an object id', { jsonrpc: '2.0', id: {}, method: 'ping' }],
    ['a method that is not a string', { jsonrpc: '2.0', id: 1, method: 7 }],
    ['a result without an id', { jsonrpc: '2.0', result: {} }],
    ['a result with a null id', { jsonrpc: '2.0', id: null, result: {} }],
  ])('refuses %s', (_, value) => {
    expect(isRpcMessage(value)).toBe(false)
  })
})

describe('isClientMessage', () => {
  it.each([
    ['a request', { jsonrpc: '2.0', id: 1, method: 'ping' }],
    ['a request with params', { jsonrpc: '2.0', id: 'a', method: 'x', params: { a: [1] } }],
    [
      'a request with a progress token',
      { jsonrpc: '2.0', id: 1, method: 'x', params: { _meta: { progressToken: 'p', k: 1 } } },
    ],
    ['a notification', { jsonrpc: '2.0', method: 'notifications/initialized', params: {} }],
    ['a result', { jsonrpc: '2.0', id: 1, result: {} }],
    ['an error', { jsonrpc: '2.0', id: 1, error: { code: -1, message: 'x', data: [1] } }],
    ['an error with a null id', { jsonrpc: '2.0', id: null, error: { code: -1, message: 'x' } }],
  ])('accepts %s', (_, value) => {
    expect(isClientMessage(value)).toBe(true)
  })

  it.each([
    ['params that are not an object', { jsonrpc: '2.0', id: 1, method: 'x', params: false }],
    ['params that are an array', { jsonrpc: '2.0', id: 1, method: 'x', params: [1] }],
    ['params that are null', { jsonrpc: '2.0', method: 'x', params: null }],
    ['a member JSON-RPC has not', { jsonrpc: '2.0', id: 1, method: 'ping', prototype: {} }],
    ['a request with a result', { jsonrpc: '2.0', id: 1, method: 'ping', result: '' }],
    ['_meta that is not an object', { jsonrpc: '2.0', id: 1, method: 'x', params: { _meta: 1 } }],
    [
      'a progress token that is no id',
      { jsonrpc: '2.0', id: 1, method: 'x', params: { _meta: { progressToken: null } } },
    ],
    ['a result that is not an object', { jsonrpc: '2.0', id: 1, result: 'x' }],
    [
      'a result and an error',
      { jsonrpc: '2.0', id: 1, result: {}, error: { code: 1, message: '' } },
    ],
    ['an error without a code', { jsonrpc: '2.0', id: 1, error: { message: 'x' } }],
    [
      'an error with a fractional code',
      { jsonrpc: '2.0', id: 1, error: { code: 1.5, message: '' } },
    ],
    ['what isRpcMessage refuses', { jsonrpc: '2.0', id: 1 }],
  ])('refuses %s', (_, value) => {
    expect(isClientMessage(value)).toBe(false)
  })
})

describe('nestsDeeperThan', () => {
  it('counts arrays and objects, not brackets in strings', () => {
    expect(nestsDeeperThan('[[[1]]]', 3)).toBe(false)
    expect(nestsDeeperThan('[[[[1]]]]', 3)).toBe(true)
    expect(nestsDeeperThan('{"a":{"b":[{}]}}', 3)).toBe(true)
    expect(nestsDeeperThan('{"a":"[[[[[[\\"[[["}', 1)).toBe(false)
    expect(nestsDeeperThan('[1],[2],[3]', 1)).toBe(false)
  })

  it('finds what JSON.stringify cannot write again', () => {
    const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`
    expect(() => JSON.stringify(JSON.parse(deep))).toThrow(RangeError)
    expect(nestsDeeperThan(deep, 1000)).toBe(true)
  })
})

describe('TopLevelIdScanner', () => {
  const scan = (text: string, pieces = 1) => {
    const scanner = new TopLevelIdScanner()
    const size = Math.ceil(text.length / pieces)
    for (let i = 0; i < text.length; i += size) scanner.push(text.slice(i, i + size))
    return { id: scanner.id, hasMethod: scanner.hasMethod }
  }

  it.each([1, 3, 17])('finds the top-level id first or last, in %i pieces', (pieces) => {
    const big = 'x'.repeat(500)
    expect(scan(`{"result":{"id":9,"t":"${big}"},"jsonrpc":"2.0","id":42}`, pieces)).toEqual({
      id: 42,
      hasMethod: false,
    })
    expect(scan(`{"jsonrpc":"2.0","id":"a\\"b","result":{"id":1,"s":"}{]["}}`, pieces)).toEqual({
      id: 'a"b',
      hasMethod: false,
    })
    expect(
      scan(`{ "id" : 7 , "method" : "sampling/createMessage", "params": {"id": 8} }`, pieces),
    ).toEqual({ id: 7, hasMethod: true })
  })

  it('finds nothing where there is no string or number id at the top', () => {
    expect(scan('{"jsonrpc":"2.0","result":{"id":3}}')).toEqual({ id: undefined, hasMethod: false })
    expect(scan('{"id":{"a":1},"result":{}}').id).toBeUndefined()
    expect(scan('{"id":null,"error":{}}').id).toBeUndefined()
    expect(scan('[{"id":1}]').id).toBeUndefined()
    expect(scan('yyyyyyyy').id).toBeUndefined()
    expect(scan(`{"id":"${'k'.repeat(1000)}"}`).id).toBeUndefined()
  })
})

describe('serialize', () => {
  it('returns undefined for a message nested too deep to write again', () => {
    const depth = 100_000
    const deep = JSON.parse(
      `{"jsonrpc":"2.0","id":1,"result":${'['.repeat(depth)}${']'.repeat(depth)}}`,
    )
    expect(serialize(deep)).toBeUndefined()
    expect(serialize({ jsonrpc: '2.0', id: 1, result: {} })).toBe(
      '{"jsonrpc":"2.0","id":1,"result":{}}',
    )
  })
})
