import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { HttpResponse, http } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { githubHandlers } from '../../test/fixtures/analysis/helpers/github-mock.js'
import { FIXTURE_REPOS, npmTarball } from '../../test/fixtures/analysis/helpers/make-tarball.js'
import { caught } from '../../test/helpers/caught.js'
import { validateDeploymentConfig } from '../config/index.js'
import { AnalysisResultSchema } from './analysis-result.js'
import { createAnalyzer } from './create-analyzer.js'

const server = setupServer()
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterEach(() => server.resetHandlers())
afterAll(() => server.close())

const analyzer = createAnalyzer()
const local = (fixture: string) => analyzer.analyze(join(FIXTURE_REPOS, fixture))

describe('createAnalyzer (static)', () => {
  it('builds a complete, valid config when every manifest agrees', async () => {
    const result = await local('weather-server')
    expect(AnalysisResultSchema.parse(result)).toEqual(result)
    expect(result.status).toBe('complete')
    expect(result.config).toMatchObject({
      package_name: '@acme/weather-mcp',
      display_name: 'Acme Weather',
      run_command: 'npx -y @acme/weather-mcp',
      runtime_kind: 'node',
      env_vars: [
        { name: 'WEATHER_API_KEY', required: true, secret: true, default: null },
        { name: 'LOG_LEVEL', required: false, secret: false, default: 'info' },
        { name: 'WEATHER_UNITS', required: false, secret: false, default: 'metric' },
      ],
    })
    expect(validateDeploymentConfig(result.config)).toEqual(result.config)
    expect(result.evidence).toContainEqual(
      expect.objectContaining({
        field: 'env_vars.WEATHER_API_KEY',
        detector: 'server-json',
        file: 'server.json',
      }),
    )
    expect(result.evidence).toContainEqual(
      expect.objectContaining({
        field: 'env_vars.WEATHER_API_KEY',
        detector: 'code-scan',
        file: 'src/index.ts',
        line: 3,
      }),
    )
  })

  it('pins the analysed version for an npm source', async () => {
    server.use(
      http.get('https://registry.npmjs.org/@acme%2fweather-mcp/:tag', () =>
        HttpResponse.json({
          name: '@acme/weather-mcp',
          version: '1.2.3',
          dist: { tarball: 'https://registry.npmjs.org/@acme/weather-mcp/-/weather-mcp-1.2.3.tgz' },
        }),
      ),
      http.get(
        'https://registry.npmjs.org/@acme/weather-mcp/-/:file',
        () => new HttpResponse(npmTarball('weather-server')),
      ),
    )
    const result = await analyzer.analyze('npm:@acme/weather-mcp')
    expect(result.config?.run_command).toBe('npx -y @acme/weather-mcp@1.2.3')
    expect(result.config?.version).toBe('1.2.3')
  })

  it('runs a Python package with uvx', async () => {
    const result = await local('python-server')
    expect(result.config).toMatchObject({
      package_name: 'py-notes-mcp',
      run_command: 'uvx py-notes-mcp',
      runtime_kind: 'python',
    })
    expect(result.config?.env_vars.map((v) => [v.name, v.required])).toEqual([
      ['NOTES_TOKEN', true],
      ['NOTES_DB_PATH', false],
      ['NOTES_REGION', false],
    ])
  })

  it('maps smithery configSchema to variables', async () => {
    const result = await local('smithery-server')
    expect(result.config?.env_vars).toMatchObject([
      { name: 'SEARCH_API_KEY', required: true, secret: true },
      { name: 'SEARCH_MAX_RESULTS', required: false, default: '10' },
    ])
  })

  it('lets manifests beat the README and warns about each disagreement', async () => {
    const result = await local('conflict-server')
    expect(result.status).toBe('complete')
    expect(result.config).toMatchObject({
      run_command: 'npx -y conflict-mcp',
      args: ['--mode', 'readonly'],
      env_vars: [
        { name: 'CONFLICT_TOKEN', required: true, secret: true },
        { name: 'CONFLICT_REGION', required: false, default: 'us' },
      ],
    })
    expect(result.warnings).toContain(
      'README.md runs other-conflict-pkg, not conflict-mcp: not followed',
    )
    expect(result.warnings).toContain(
      'CONFLICT_TOKEN: server.json says required, README.md says optional; kept server.json',
    )
    expect(result.config?.env_vars.map((v) => v.name)).not.toContain('CI')
  })

  it('analyses a monorepo package through /tree/<ref>/<subdir>', async () => {
    server.use(...githubHandlers({ repos: { 'acme/servers': { fixture: 'monorepo' } } }))
    const root = await analyzer.analyze('https://github.com/acme/servers')
    expect(root.status).toBe('failed')
    expect(root.config).toBeNull()
    expect(root.warnings.join('\n')).toMatch(/monorepo: .*packages\/alpha/)
    const alpha = await analyzer.analyze('https://github.com/acme/servers/tree/main/packages/alpha')
    expect(alpha.status).toBe('complete')
    expect(alpha.config?.env_vars.map((v) => [v.name, v.required, v.default])).toEqual([
      ['ALPHA_TOKEN', true, null],
      ['ALPHA_REGION', false, 'eu'],
      ['ALPHA_TIMEOUT', false, null],
    ])
  })
})

describe('createAnalyzer (bad input)', () => {
  it.each([
    'https://gitlab.com/a/b',
    'javascript:alert(1)',
    'https://github.com/a/b/tree/x/../../c',
    'https://github.com/acme',
  ])('refuses %s with invalid_source before any request', async (source) => {
    const err = await caught(analyzer.analyze(source))
    expect(err.code).toBe('invalid_source')
  })

  it('refuses a missing repository with invalid_source', async () => {
    server.use(...githubHandlers({ repos: {} }))
    const err = await caught(analyzer.analyze('https://github.com/acme/missing'))
    expect(err.toJSON()).toMatchObject({ error: 'invalid_source', details: { status: 404 } })
  })

  it('refuses a missing local directory with invalid_source', async () => {
    const err = await caught(local('no-such-fixture'))
    expect(err.code).toBe('invalid_source')
  })

  it('refuses local directories when told to', async () => {
    const err = await caught(
      createAnalyzer({ allowLocal: false }).analyze(join(FIXTURE_REPOS, 'weather-server')),
    )
    expect(err.code).toBe('invalid_source')
  })

  it('returns partial with warnings for a huge repository', async () => {
    server.use(
      ...githubHandlers({
        repos: { 'acme/weather': { fixture: 'weather-server', sizeKb: 5_000_000 } },
      }),
    )
    const result = await analyzer.analyze('https://github.com/acme/weather')
    expect(result.status).toBe('partial')
    expect(result.config?.package_name).toBe('@acme/weather-mcp')
    expect(result.warnings.join('\n')).toMatch(/larger than/)
  })

  it('returns partial with warnings for malformed manifests', async () => {
    const result = await local('malformed')
    expect(result.status).toBe('partial')
    expect(result.config?.run_command).toBe('npx -y broken-mcp')
    expect(result.warnings).toEqual(
      expect.arrayContaining([
        'server.json is not valid JSON: ignored',
        'smithery.yaml is not valid YAML: ignored',
        'package.json is not a valid JSON object: ignored',
        'pyproject.toml is not valid TOML: ignored',
      ]),
    )
  })

  it('returns partial with a warning for a binary-only package', async () => {
    const result = await local('binary-only')
    expect(result.status).toBe('partial')
    expect(result.config?.env_vars).toEqual([])
    expect(result.warnings.join('\n')).toMatch(/no source code to scan \(1 binary files skipped\)/)
  })

  it('returns failed, never complete, when the config fails validation', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'analysis-'))
    writeFileSync(
      join(dir, 'package.json'),
      JSON.stringify({ name: 'Not A Valid Name!', bin: 'x.js' }),
    )
    const result = await analyzer.analyze(dir)
    expect(result.status).toBe('failed')
    expect(result.config).toBeNull()
    expect(result.warnings.join('\n')).toMatch(/failed validation: run_command/)
  })

  it('drops reserved variable names a manifest declares, with a warning', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'analysis-'))
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'ok-mcp', bin: 'x.js' }))
    writeFileSync(
      join(dir, 'server.json'),
      JSON.stringify({
        packages: [
          {
            registryType: 'npm',
            identifier: 'ok-mcp',
            environmentVariables: [
              { name: 'MCP_BRIDGE_TOKEN', isRequired: true },
              { name: 'OK_KEY', isRequired: true },
            ],
          },
        ],
      }),
    )
    const result = await analyzer.analyze(dir)
    expect(result.status).toBe('complete')
    expect(result.config?.env_vars.map((v) => v.name)).toEqual(['OK_KEY'])
    expect(result.warnings).toContain(
      'MCP_BRIDGE_TOKEN is reserved by the platform and cannot be configured: ignored',
    )
  })
})
