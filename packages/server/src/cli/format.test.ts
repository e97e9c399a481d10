import type { DeploymentView } from '@mcp-remote/core'
import { describe, expect, it } from 'vitest'
import { formatConnectHelp } from './format.js'

function running(base: string): DeploymentView {
  return {
    id: 'dep_1',
    source: 'npm:@modelcontextprotocol/server-everything',
    package_name: '@modelcontextprotocol/server-everything',
    display_name: 'Everything',
    runtime: 'local',
    status: 'running',
    status_reason: null,
    retry_allowed: false,
    endpoints: { sse: `${base}/t/tok/sse`, streamable_http: `${base}/t/tok/mcp` },
    tools: ['echo'],
    credential_names: [],
    cost: null,
    health_failures: 0,
    last_health_at: null,
    created_at: '2026-01-01T00:00:00.000Z',
    updated_at: '2026-01-01T00:00:00.000Z',
    events: [],
  }
}

describe('formatConnectHelp', () => {
  it.each(['http://127.0.0.1:40000', 'http://localhost:40000', 'http://[::1]:40000'])(
    'does not offer claude.ai a loopback URL it cannot reach (%s)',
    (base) => {
      const help = formatConnectHelp(running(base))
      expect(help).toContain('claude.ai       needs a public URL')
      expect(help).not.toContain(`Add custom connector, URL: ${base}`)
      expect(help).toContain(`claude mcp add --transport http server-everything ${base}/t/tok/mcp`)
    },
  )

  it('gives claude.ai a public URL', () => {
    const help = formatConnectHelp(running('https://mcpr-dep-1.fly.dev'))
    expect(help).toContain(
      'claude.ai       Settings > Connectors > Add custom connector, URL: https://mcpr-dep-1.fly.dev/t/tok/mcp',
    )
  })
})
