import { describe, expect, it } from 'vitest'
import { childEnv } from './child-env.js'

describe('childEnv', () => {
  it('keeps everything but MCP_BRIDGE_ variables', () => {
    expect(
      childEnv({
        PATH: '/bin',
        GITHUB_TOKEN: 'g',
        MCP_BRIDGE_TOKEN: 't',
        MCP_BRIDGE_ALLOWED_HOSTS: 'h',
        MCP_BRIDGEX: 'kept',
        EMPTY: undefined,
      }),
    ).toEqual({ PATH: '/bin', GITHUB_TOKEN: 'g', MCP_BRIDGEX: 'kept' })
  })
})
