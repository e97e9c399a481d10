import { describe, expect, it } from 'vitest'
import { isRpcMessage } from './json-rpc.js'

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
