import { describe, expect, it } from 'vitest'
import { presentedToken, TokenVerifier } from './auth.js'

describe('presentedToken', () => {
  it.each([
    [
      'a path token over headers',
      'p',
      { authorization: 'Bearer b' },
      { source: 'path', value: 'p' },
    ],
    ['a bearer token', undefined, { authorization: 'Bearer b' }, { source: 'bearer', value: 'b' }],
    [
      'a lower-case bearer scheme',
      undefined,
      { authorization: 'bearer b' },
      { source: 'bearer', value: 'b' },
    ],
    ['an API key', undefined, { 'x-api-key': 'k' }, { source: 'api-key', value: 'k' }],
    [
      'a bearer token over an API key',
      undefined,
      { authorization: 'Bearer b', 'x-api-key': 'k' },
      { source: 'bearer', value: 'b' },
    ],
  ] as const)('takes %s', (_, path, headers, expected) => {
    expect(presentedToken(path, headers)).toEqual(expected)
  })

  it('finds nothing in a Basic authorization header', () => {
    expect(presentedToken(undefined, { authorization: 'Basic dXNlcjpwYXNz' })).toBeUndefined()
  })
})

describe('TokenVerifier', () => {
  const verifier = new TokenVerifier('s3cret-token')

  it('accepts the token', () => {
    expect(verifier.verify('s3cret-token')).toBe(true)
  })

  it.each(['', 's3cret', 's3cret-token ', 'S3CRET-TOKEN', 's3cret-token-and-more'])(
    'refuses %j',
    (candidate) => {
      expect(verifier.verify(candidate)).toBe(false)
    },
  )
})
