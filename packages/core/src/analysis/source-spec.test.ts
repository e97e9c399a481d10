import { describe, expect, it } from 'vitest'
import { McpRemoteError } from '../errors/index.js'
import { normalizeSource, parseSource } from './source-spec.js'

describe('parseSource', () => {
  it.each([
    [
      'https://github.com/acme/weather',
      { owner: 'acme', repo: 'weather', ref: undefined, subdir: '' },
    ],
    [
      'https://github.com/acme/weather/',
      { owner: 'acme', repo: 'weather', ref: undefined, subdir: '' },
    ],
    [
      'https://github.com/acme/weather.git',
      { owner: 'acme', repo: 'weather', ref: undefined, subdir: '' },
    ],
    ['github.com/acme/weather', { owner: 'acme', repo: 'weather', ref: undefined, subdir: '' }],
    [
      'https://www.github.com/acme/weather?tab=readme-ov-file#setup',
      { owner: 'acme', repo: 'weather', ref: undefined, subdir: '' },
    ],
    [
      'https://github.com/acme/servers/tree/main',
      { owner: 'acme', repo: 'servers', ref: 'main', subdir: '' },
    ],
    [
      'https://github.com/modelcontextprotocol/servers/tree/main/src/filesystem/',
      { owner: 'modelcontextprotocol', repo: 'servers', ref: 'main', subdir: 'src/filesystem' },
    ],
  ])('reads %s as a GitHub source', (source, expected) => {
    expect(parseSource(source)).toEqual({ kind: 'github', ...expected })
  })

  it.each([
    ['https://gitlab.com/acme/weather', 'other hosts'],
    ['https://github.com.evil.example/acme/weather', 'look-alike hosts'],
    ['javascript:alert(1)', 'javascript: URLs'],
    ['file:///etc/passwd', 'file: URLs'],
    ['https://github.com/acme', 'user or organization pages'],
    ['https://github.com/orgs/acme/repositories', 'organization listings'],
    ['https://github.com/acme/weather/tree/main/../../secrets', 'paths with ..'],
    ['https://github.com/acme/weather/tree/main/%2e%2e/x', 'encoded dot segments'],
    ['https://github.com/acme/weather/blob/main/README.md', 'file pages'],
    ['https://github.com/acme/weather/issues', 'other repository pages'],
    ['https://user:pass@github.com/acme/weather', 'URLs with credentials'],
    ['https://github.com:8443/acme/weather', 'URLs with a port'],
    ['npm:Not A Name', 'invalid npm names'],
    ['npm:left-pad@^1.0.0', 'npm version ranges'],
    ['weather', 'bare words'],
    ['', 'empty input'],
  ])('refuses %s (%s) with invalid_source', (source) => {
    try {
      parseSource(source)
      expect.unreachable('parseSource should have thrown')
    } catch (err) {
      expect(err).toBeInstanceOf(McpRemoteError)
      expect((err as McpRemoteError).code).toBe('invalid_source')
      expect((err as McpRemoteError).message).not.toContain('passwd')
    }
  })

  it.each([
    [
      'npm:@modelcontextprotocol/server-everything',
      '@modelcontextprotocol/server-everything',
      undefined,
    ],
    ['npm:tavily-mcp@0.2.1', 'tavily-mcp', '0.2.1'],
    ['npm:@scope/pkg@latest', '@scope/pkg', 'latest'],
  ])('reads %s as an npm source', (source, name, version) => {
    expect(parseSource(source)).toEqual({ kind: 'npm', name, version })
  })

  it('reads absolute and relative paths as local directories', () => {
    expect(parseSource('/srv/server')).toEqual({ kind: 'local', path: '/srv/server' })
    expect(parseSource('./server', { cwd: '/home/me' })).toEqual({
      kind: 'local',
      path: '/home/me/server',
    })
  })
})

describe('normalizeSource', () => {
  it('gives equivalent GitHub URLs one canonical form', () => {
    const forms = [
      'https://github.com/Acme/Weather',
      'http://github.com/acme/weather/',
      'github.com/acme/weather.git',
      'https://www.github.com/acme/weather#readme',
    ]
    expect(new Set(forms.map((f) => normalizeSource(f)))).toEqual(
      new Set(['https://github.com/acme/weather']),
    )
  })

  it('keeps the ref and subdirectory of a monorepo URL', () => {
    expect(normalizeSource('https://github.com/acme/servers/tree/v1.0.0/packages/alpha/')).toBe(
      'https://github.com/acme/servers/tree/v1.0.0/packages/alpha',
    )
  })

  it('keeps npm versions', () => {
    expect(normalizeSource('npm:tavily-mcp@0.2.1')).toBe('npm:tavily-mcp@0.2.1')
  })
})
