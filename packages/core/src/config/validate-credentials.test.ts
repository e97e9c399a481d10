import { describe, expect, it } from 'vitest'
import { MissingCredentialsError } from '../errors/index.js'
import { validateCredentials } from './validate-credentials.js'

const config = {
  env_vars: [
    { name: 'API_KEY', description: '', required: true, secret: true, default: null },
    { name: 'REGION', description: '', required: false, secret: false, default: 'eu' },
  ],
}

function rejection(credentials: Record<string, unknown>): MissingCredentialsError {
  try {
    validateCredentials(config, credentials)
  } catch (err) {
    if (err instanceof MissingCredentialsError) return err
    throw err
  }
  throw new Error('accepted')
}

describe('validateCredentials', () => {
  it('returns the given values plus declared defaults', () => {
    expect(validateCredentials(config, { API_KEY: 'k' })).toEqual({ API_KEY: 'k', REGION: 'eu' })
  })

  it('refuses a value with a NUL character, which no environment can carry, without quoting it', () => {
    const err = rejection({ API_KEY: 'canary\u0000value' })
    expect(err.code).toBe('missing_credentials')
    expect(err.details).toMatchObject({ invalid_values: ['API_KEY'] })
    expect(JSON.stringify(err.toJSON())).not.toContain('canary')
  })

  it('refuses a value longer than 64 KiB and one that is not a string', () => {
    expect(rejection({ API_KEY: 'x'.repeat(64 * 1024 + 1) }).details).toMatchObject({
      invalid_values: ['API_KEY'],
    })
    expect(rejection({ API_KEY: 42 }).details).toMatchObject({ invalid_values: ['API_KEY'] })
  })
})
