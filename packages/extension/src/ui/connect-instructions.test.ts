import { describe, expect, it } from 'vitest'
import { connectSnippets, maskToken, serverSlug, shellWord } from './connect-instructions'

const endpoints = {
  sse: 'http://127.0.0.1:41234/t/AbC-12_xyz/sse',
  streamable_http: 'http://127.0.0.1:41234/t/AbC-12_xyz/mcp',
}

describe('connect instructions', () => {
  it('gives claude.ai the Streamable HTTP URL as the connector URL', () => {
    expect(connectSnippets('everything', endpoints).claudeAi).toBe(endpoints.streamable_http)
  })

  it('gives Claude Desktop a config that runs the mcp-remote proxy on the URL', () => {
    const config = JSON.parse(connectSnippets('everything', endpoints).claudeDesktop)
    expect(config).toEqual({
      mcpServers: {
        everything: { command: 'npx', args: ['mcp-remote', endpoints.streamable_http] },
      },
    })
  })

  it('gives Claude Code an http transport command', () => {
    expect(connectSnippets('everything', endpoints).claudeCode).toBe(
      `claude mcp add --transport http everything ${endpoints.streamable_http}`,
    )
  })

  it.each([
    ['Everything', '', 'everything'],
    ['@modelcontextprotocol/server-everything', '', 'server-everything'],
    ['GitHub MCP Server', 'x', 'github-mcp-server'],
    ['!!!', '@acme/weather', 'weather'],
    ['', '', 'mcp-server'],
  ])('names %j (package %j) %s', (display, pkg, slug) => {
    expect(serverSlug(display, pkg)).toBe(slug)
  })

  it('quotes shell words only when needed', () => {
    expect(shellWord('https://a.fly.dev/t/x-y_z/mcp')).toBe('https://a.fly.dev/t/x-y_z/mcp')
    expect(shellWord("it's & more")).toBe(`'it'\\''s & more'`)
  })

  it('masks the capability token wherever an endpoint appears', () => {
    const desktop = connectSnippets('everything', endpoints).claudeDesktop
    expect(maskToken(endpoints.sse)).toBe('http://127.0.0.1:41234/t/••••••••/sse')
    expect(maskToken(desktop)).not.toContain('AbC-12_xyz')
    expect(maskToken(desktop)).toContain('/t/••••••••/mcp')
  })
})
