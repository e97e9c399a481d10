import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadServerEnv, ServerConfigError } from './server-config.js'

describe('loadServerEnv', () => {
  it('gives the embedded defaults for an empty environment', () => {
    expect(loadServerEnv({})).toMatchObject({
      PORT: 8787,
      HOST: '127.0.0.1',
      DATA_DIR: resolve('.mcp-remote'),
      DATABASE_URL: undefined,
      MASTER_ENCRYPTION_KEY: [],
      MCP_REMOTE_CORS_ORIGINS: [],
      MCP_REMOTE_RATE_LIMIT: 100,
      MCP_REMOTE_TRUST_PROXY: false,
      MCP_REMOTE_HEALTH_INTERVAL_MS: 30_000,
      LOG_LEVEL: 'info',
      FLY_ORG: 'personal',
    })
  })

  it('parses lists, numbers and flags', () => {
    const key = `${'A'.repeat(43)}=`
    const env = loadServerEnv({
      PORT: '9000',
      MASTER_ENCRYPTION_KEY: `${key}, ${key.replace('A', 'B')}`,
      MCP_REMOTE_CORS_ORIGINS:
        'chrome-extension://abcdefghijklmnopabcdefghijklmnop,http://localhost:3000',
      MCP_REMOTE_TRUST_PROXY: 'true',
    })
    expect(env.PORT).toBe(9000)
    expect(env.MASTER_ENCRYPTION_KEY).toHaveLength(2)
    expect(env.MCP_REMOTE_CORS_ORIGINS).toEqual([
      'chrome-extension://abcdefghijklmnopabcdefghijklmnop',
      'http://localhost:3000',
    ])
    expect(env.MCP_REMOTE_TRUST_PROXY).toBe(true)
  })

  it.each([
    ['PORT', 'eighty', 'PORT must be an integer from 0 to 65535'],
    ['PORT', '70000', 'PORT must be at most 65535'],
    ['LOG_LEVEL', 'loud', 'LOG_LEVEL must be one of'],
    ['DATABASE_URL', 'mysql://u:p@h/db', 'DATABASE_URL must be a postgres'],
    [
      'MASTER_ENCRYPTION_KEY',
      'too-short-secret',
      'MASTER_ENCRYPTION_KEY must be comma-separated Fernet keys',
    ],
    ['MCP_REMOTE_API_TOKEN', 'short-secret', 'MCP_REMOTE_API_TOKEN must be at least 16 characters'],
    [
      'MCP_REMOTE_CORS_ORIGINS',
      'https://ok.example,not an origin',
      'MCP_REMOTE_CORS_ORIGINS must be',
    ],
    ['MCP_REMOTE_TRUST_PROXY', 'maybe', 'MCP_REMOTE_TRUST_PROXY must be true or false'],
  ])('stops on a bad %s with one line naming it but not the value', (name, value, message) => {
    let error: unknown
    try {
      loadServerEnv({ [name]: value })
    } catch (err) {
      error = err
    }
    expect(error).toBeInstanceOf(ServerConfigError)
    const { message: text, variable } = error as ServerConfigError
    expect(variable).toBe(name)
    expect(text.startsWith(message)).toBe(true)
    expect(text).not.toContain('\n')
    expect(text).not.toContain(value)
  })
})

describe('loadServerEnv with Fly', () => {
  it('requires FLY_IMAGE once FLY_API_TOKEN is set, without echoing the token', () => {
    expect(() => loadServerEnv({ FLY_API_TOKEN: 'fo1_secret-token' })).toThrow(
      'FLY_IMAGE is required when FLY_API_TOKEN is set',
    )
    expect(
      loadServerEnv({ FLY_API_TOKEN: 'fo1_x', FLY_IMAGE: 'registry.fly.io/mcp-base:1' }),
    ).toMatchObject({
      FLY_ORG: 'personal',
      FLY_IMAGE: 'registry.fly.io/mcp-base:1',
    })
  })
})
