import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  githubHandlers,
  type SeenRequest,
} from '../../../test/fixtures/analysis/helpers/github-mock.js'
import { caught } from '../../../test/helpers/caught.js'
import type { GitHubSourceSpec } from '../source-spec.js'
import { parseSource } from '../source-spec.js'
import { readGitHubSource } from './github-source.js'

const seen: SeenRequest[] = []
const server = setupServer()
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterEach(() => {
  server.resetHandlers()
  seen.length = 0
})
afterAll(() => server.close())

const TOKEN = 'ghp_testtoken0123456789abcdefABCDEF0123'

function use(opts: Omit<Parameters<typeof githubHandlers>[0], 'seen'>) {
  server.use(...githubHandlers({ ...opts, seen }))
}

function spec(url: string): GitHubSourceSpec {
  return parseSource(url) as GitHubSourceSpec
}

describe('readGitHubSource', () => {
  it('reads the default branch tarball through the codeload redirect', async () => {
    use({ repos: { 'acme/weather': { fixture: 'weather-server' } } })
    const tree = await readGitHubSource(spec('https://github.com/acme/weather'))
    expect([...tree.files.keys()].sort()).toEqual([
      'README.md',
      'package.json',
      'server.json',
      'src/index.ts',
    ])
    expect(tree.truncated).toBe(false)
    expect(seen.map((r) => new URL(r.url).host)).toEqual([
      'api.github.com',
      'api.github.com',
      'codeload.github.com',
    ])
  })

  it('sends the token to api.github.com only, with a User-Agent', async () => {
    use({ repos: { 'acme/weather': { fixture: 'weather-server' } } })
    await readGitHubSource(spec('https://github.com/acme/weather'), { token: TOKEN })
    for (const r of seen) expect(r.userAgent).toBeTruthy()
    expect(
      seen.filter((r) => r.url.startsWith('https://api.github.com')).map((r) => r.authorization),
    ).toEqual([`Bearer ${TOKEN}`, `Bearer ${TOKEN}`])
    expect(seen.find((r) => r.url.includes('codeload'))?.authorization).toBeNull()
  })

  it('keeps only the subdirectory of a monorepo URL', async () => {
    use({ repos: { 'acme/servers': { fixture: 'monorepo' } } })
    const tree = await readGitHubSource(
      spec('https://github.com/acme/servers/tree/main/packages/alpha'),
    )
    expect([...tree.files.keys()].sort()).toEqual(['package.json', 'src/index.js'])
  })

  it('turns a missing repository into invalid_source, without the token', async () => {
    use({ repos: {} })
    const err = await caught(
      readGitHubSource(spec('https://github.com/acme/nope'), { token: TOKEN }),
    )
    expect(err.code).toBe('invalid_source')
    expect(err.message).toContain('acme/nope')
    expect(JSON.stringify(err.toJSON())).not.toContain(TOKEN)
  })

  it('turns a missing ref into invalid_source', async () => {
    use({ repos: { 'acme/weather': { fixture: 'weather-server' } } })
    const err = await caught(
      readGitHubSource(spec('https://github.com/acme/weather/tree/no-such-branch')),
    )
    expect(err.code).toBe('invalid_source')
  })

  it('turns a missing subdirectory into invalid_source', async () => {
    use({ repos: { 'acme/servers': { fixture: 'monorepo' } } })
    const err = await caught(
      readGitHubSource(spec('https://github.com/acme/servers/tree/main/packages/gamma')),
    )
    expect(err.code).toBe('invalid_source')
  })

  it('reports the rate limit as a retryable upstream error with its reset time', async () => {
    use({ repos: { 'acme/weather': { fixture: 'weather-server' } }, rateLimited: true })
    const err = await caught(readGitHubSource(spec('https://github.com/acme/weather')))
    expect(err.toJSON()).toMatchObject({
      error: 'upstream_error',
      retry_allowed: true,
      details: { upstream: 'github', status: 403, reset_at: '2026-01-01T00:00:00.000Z' },
    })
    expect(err.message).toMatch(/rate limit/i)
  })

  it('reads a huge repository through the contents API and says it is truncated', async () => {
    use({ repos: { 'acme/weather': { fixture: 'weather-server', sizeKb: 3_000_000 } } })
    const tree = await readGitHubSource(spec('https://github.com/acme/weather'))
    expect(seen.some((r) => r.url.includes('/tarball/'))).toBe(false)
    expect([...tree.files.keys()].sort()).toEqual([
      'README.md',
      'package.json',
      'server.json',
      'src/index.ts',
    ])
    expect(tree.truncated).toBe(true)
    expect(tree.warnings.join(' ')).toMatch(/larger than/)
  })

  it('falls back to the contents API when the tarball passes the size cap', async () => {
    use({ repos: { 'acme/weather': { fixture: 'weather-server' } } })
    const tree = await readGitHubSource(spec('https://github.com/acme/weather'), {
      limits: { maxArchiveBytes: 64 },
    })
    expect(tree.truncated).toBe(true)
    expect(tree.files.has('server.json')).toBe(true)
  })
})
