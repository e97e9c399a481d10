import { describe, expect, it } from 'vitest'
import { parseRepoLocation } from './parse-repo-location'

const at = (href: string) => parseRepoLocation(new URL(href))

describe('parseRepoLocation', () => {
  it.each([
    [
      'https://github.com/modelcontextprotocol/servers',
      'https://github.com/modelcontextprotocol/servers',
    ],
    [
      'https://github.com/modelcontextprotocol/servers/',
      'https://github.com/modelcontextprotocol/servers',
    ],
    [
      'https://github.com/github/github-mcp-server?tab=readme-ov-file',
      'https://github.com/github/github-mcp-server',
    ],
    [
      'https://github.com/microsoft/playwright-mcp#readme',
      'https://github.com/microsoft/playwright-mcp',
    ],
    [
      'https://github.com/modelcontextprotocol/servers/issues/42',
      'https://github.com/modelcontextprotocol/servers',
    ],
    [
      'https://github.com/modelcontextprotocol/servers/pulls',
      'https://github.com/modelcontextprotocol/servers',
    ],
    [
      'https://github.com/modelcontextprotocol/servers/blob/main/README.md',
      'https://github.com/modelcontextprotocol/servers',
    ],
    ['https://github.com/upstash/context7.git', 'https://github.com/upstash/context7'],
    ['https://github.com/jlowin/fastmcp', 'https://github.com/jlowin/fastmcp'],
    ['https://github.com/a-b/c.d_e-f', 'https://github.com/a-b/c.d_e-f'],
  ])('reads %s as the repository %s', (href, sourceUrl) => {
    expect(at(href)?.sourceUrl).toBe(sourceUrl)
  })

  it('keeps the ref and folder of a /tree/ page', () => {
    expect(at('https://github.com/modelcontextprotocol/servers/tree/main/src/everything')).toEqual({
      owner: 'modelcontextprotocol',
      repo: 'servers',
      ref: 'main',
      subdir: 'src/everything',
      sourceUrl: 'https://github.com/modelcontextprotocol/servers/tree/main/src/everything',
      key: 'modelcontextprotocol/servers',
    })
  })

  it('reads a /blob/ page of a file in a folder as that folder (one server of a monorepo)', () => {
    const loc = at(
      'https://github.com/modelcontextprotocol/servers/blob/main/src/everything/README.md',
    )
    expect(loc?.subdir).toBe('src/everything')
    expect(loc?.ref).toBe('main')
    expect(loc?.sourceUrl).toBe(
      'https://github.com/modelcontextprotocol/servers/tree/main/src/everything',
    )
  })

  it('reads a /tree/<ref> page without a folder as the ref only', () => {
    const loc = at('https://github.com/modelcontextprotocol/servers/tree/v2025.4.24')
    expect(loc?.ref).toBe('v2025.4.24')
    expect(loc?.subdir).toBeNull()
    expect(loc?.sourceUrl).toBe('https://github.com/modelcontextprotocol/servers/tree/v2025.4.24')
  })

  it('decodes and re-encodes folder names with spaces', () => {
    const loc = at('https://github.com/o/r/tree/main/my%20server')
    expect(loc?.subdir).toBe('my server')
    expect(loc?.sourceUrl).toBe('https://github.com/o/r/tree/main/my%20server')
  })

  it('gives every page of a repository the same key, whatever the case', () => {
    expect(at('https://github.com/ModelContextProtocol/Servers/issues')?.key).toBe(
      at('https://github.com/modelcontextprotocol/servers/tree/main/src/git')?.key,
    )
  })

  it.each([
    'https://github.com/',
    'https://github.com/modelcontextprotocol',
    'https://github.com/settings/profile',
    'https://github.com/settings/tokens/new',
    'https://github.com/orgs/modelcontextprotocol/repositories',
    'https://github.com/organizations/new',
    'https://github.com/marketplace/actions/checkout',
    'https://github.com/explore/repos',
    'https://github.com/notifications/subscriptions',
    'https://github.com/login/oauth/authorize',
    'https://github.com/sponsors/octocat/dashboard',
    'https://github.com/topics/mcp-server',
    'https://github.com/users/octocat/projects',
    'https://github.com/apps/dependabot',
    'https://github.com/search/advanced',
    'https://github.com/codespaces/new',
    'https://github.com/pulls/assigned',
    'https://github.com/features/copilot',
    'https://github.com/enterprise/contact',
    'https://github.com/advisories/GHSA-8r8j-xvfj-36f9',
    'https://github.com/mcp/microsoft/playwright-mcp',
    'https://github.com/resources/articles/ai',
    'https://github.com/solutions/use-case/devops',
  ])('ignores GitHub’s own page %s', (href) => {
    expect(at(href)).toBeNull()
  })

  it.each([
    'http://github.com/modelcontextprotocol/servers',
    'https://gist.github.com/octocat/abc123',
    'https://raw.githubusercontent.com/o/r/main/README.md',
    'https://github.example.com/o/r',
    'https://github.com/-bad/repo',
    'https://github.com/bad-/repo',
    'https://github.com/o/..',
    'https://github.com/o/%E0%A4%A',
  ])('ignores %s, which is not a github.com repository', (href) => {
    expect(at(href)).toBeNull()
  })
})
