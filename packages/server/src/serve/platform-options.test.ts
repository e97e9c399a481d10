import { describe, expect, it } from 'vitest'
import { loadServerEnv } from '../config/index.js'
import { platformOptionsFor } from './platform-options.js'

const silent = { info() {}, warn() {}, error() {} }

describe('platformOptionsFor', () => {
  it('maps the configuration to createPlatform options, passing core only the Fly and analysis variables', () => {
    const env = loadServerEnv({
      DATA_DIR: '/srv/mcp',
      DATABASE_URL: 'postgres://db/mcp',
      MCP_REMOTE_HEALTH_INTERVAL_MS: '10000',
      FLY_API_TOKEN: 'fo1_t',
      FLY_IMAGE: 'registry.fly.io/mcp-base:1',
      GITHUB_TOKEN: 'ghp_x',
      GITHUB_API_URL: 'http://127.0.0.1:9999/github',
      NPM_REGISTRY_URL: 'http://127.0.0.1:9999/npm',
      MCP_REMOTE_API_TOKEN: 'api-token-not-for-core',
    })
    const opts = platformOptionsFor(env, silent, { allowLocalSources: false })
    expect(opts).toMatchObject({
      dataDir: '/srv/mcp',
      databaseUrl: 'postgres://db/mcp',
      allowLocalSources: false,
      startTimeoutMs: 60_000,
      health: { intervalMs: 10_000, timeoutMs: 5_000, concurrency: 200, strikes: 3 },
    })
    expect(opts.env).toEqual({
      FLY_API_TOKEN: 'fo1_t',
      FLY_ORG: 'personal',
      FLY_IMAGE: 'registry.fly.io/mcp-base:1',
      GITHUB_TOKEN: 'ghp_x',
      GITHUB_API_URL: 'http://127.0.0.1:9999/github',
      NPM_REGISTRY_URL: 'http://127.0.0.1:9999/npm',
    })
    expect(opts.masterKey).toBeUndefined()
  })
})
