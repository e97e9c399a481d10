import { HttpResponse, http } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { npmTarball } from '../../../test/fixtures/analysis/helpers/make-tarball.js'
import { caught } from '../../../test/helpers/caught.js'
import { readNpmSource } from './npm-source.js'

const server = setupServer()
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterEach(() => server.resetHandlers())
afterAll(() => server.close())

const REG = 'https://registry.npmjs.org'

/** The registry's answer for one version (abbreviated to the fields clients read). */
function versionDoc(name: string, version: string) {
  const file = `${name.split('/').pop()}-${version}.tgz`
  return {
    name,
    version,
    dist: {
      shasum: '0'.repeat(40),
      integrity: 'sha512-AAAA',
      tarball: `${REG}/${name}/-/${file}`,
      fileCount: 4,
      unpackedSize: 2048,
    },
  }
}

function serve(name: string, version: string, body: Uint8Array) {
  const encoded = name.replace('/', '%2f')
  server.use(
    http.get(`${REG}/${encoded}/:tag`, ({ params }) =>
      params.tag === version || params.tag === 'latest'
        ? HttpResponse.json(versionDoc(name, version))
        : HttpResponse.json({ error: 'Not found' }, { status: 404 }),
    ),
    http.get(`${REG}/${name}/-/:file`, () => new HttpResponse(body)),
  )
}

describe('readNpmSource', () => {
  it('resolves latest and reads the tarball without its package/ prefix', async () => {
    serve('@acme/weather-mcp', '1.2.3', npmTarball('weather-server'))
    const tree = await readNpmSource({ kind: 'npm', name: '@acme/weather-mcp', version: undefined })
    expect(tree.resolvedVersion).toBe('1.2.3')
    expect(tree.files.has('package.json')).toBe(true)
    expect(tree.files.has('src/index.ts')).toBe(true)
  })

  it('skips test files so their environment writes are not read', async () => {
    serve('@acme/weather-mcp', '1.2.3', npmTarball('weather-server'))
    const tree = await readNpmSource({ kind: 'npm', name: '@acme/weather-mcp', version: '1.2.3' })
    expect(tree.files.has('src/index.test.ts')).toBe(false)
  })

  it('turns a missing package or version into invalid_source', async () => {
    serve('@acme/weather-mcp', '1.2.3', npmTarball('weather-server'))
    const err = await caught(
      readNpmSource({ kind: 'npm', name: '@acme/weather-mcp', version: '9.9.9' }),
    )
    expect(err.code).toBe('invalid_source')
  })

  it('refuses a corrupt tarball with a clear upstream error', async () => {
    serve('broken-tar', '1.0.0', new TextEncoder().encode('<html>oops</html>'))
    const err = await caught(readNpmSource({ kind: 'npm', name: 'broken-tar', version: '1.0.0' }))
    expect(err.toJSON()).toMatchObject({ error: 'upstream_error', retry_allowed: false })
  })

  it('refuses a tarball past the download cap', async () => {
    serve('@acme/weather-mcp', '1.2.3', npmTarball('weather-server'))
    const err = await caught(
      readNpmSource(
        { kind: 'npm', name: '@acme/weather-mcp', version: '1.2.3' },
        { limits: { maxArchiveBytes: 100 } },
      ),
    )
    expect(err.message).toMatch(/larger than/)
  })

  it('retries nothing itself but marks registry outages retryable', async () => {
    server.use(
      http.get(`${REG}/flaky/:tag`, () => new HttpResponse('bad gateway', { status: 502 })),
    )
    const err = await caught(readNpmSource({ kind: 'npm', name: 'flaky', version: undefined }))
    expect(err.toJSON()).toMatchObject({ error: 'upstream_error', retry_allowed: true })
  })

  it('counts binaries it skips', async () => {
    serve('native-mcp', '0.9.0', npmTarball('binary-only'))
    const tree = await readNpmSource({ kind: 'npm', name: 'native-mcp', version: '0.9.0' })
    expect(tree.skipped.binary).toBeGreaterThan(0)
    expect([...tree.files.keys()].sort()).toEqual(['README.md', 'package.json'])
  })
})
