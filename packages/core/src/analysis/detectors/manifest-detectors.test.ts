import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { FIXTURE_REPOS } from '../../../test/fixtures/analysis/helpers/make-tarball.js'
import { detectEnvExample } from './env-example-detector.js'
import { detectPackageJson } from './package-json-detector.js'
import { detectPyproject } from './pyproject-detector.js'
import { detectServerJson } from './server-json-detector.js'
import { detectSmithery } from './smithery-detector.js'

function files(fixture: string, ...names: string[]): Map<string, string> {
  return new Map(names.map((n) => [n, readFileSync(join(FIXTURE_REPOS, fixture, n), 'utf8')]))
}

describe('detectServerJson', () => {
  it('reads the camelCase registry schema with evidence lines', () => {
    const found = detectServerJson(files('weather-server', 'server.json'))
    expect(found.fields.find((f) => f.field === 'package_name')?.value).toBe('@acme/weather-mcp')
    expect(found.env).toMatchObject([
      {
        name: 'WEATHER_API_KEY',
        required: true,
        secret: true,
        file: 'server.json',
        detector: 'server-json',
      },
      { name: 'WEATHER_UNITS', required: false, secret: false, default: 'metric' },
    ])
    expect(found.env[0]?.line).toBeGreaterThan(1)
  })

  it('reads the old snake_case spelling, arguments included', () => {
    const found = detectServerJson(files('conflict-server', 'server.json'))
    expect(found.env).toMatchObject([{ name: 'CONFLICT_TOKEN', required: true, secret: true }])
    expect(found.fields.find((f) => f.field === 'args')?.value).toEqual(['--mode', 'readonly'])
  })

  it('turns a malformed file into a warning', () => {
    const found = detectServerJson(files('malformed', 'server.json'))
    expect(found.env).toEqual([])
    expect(found.warnings).toEqual(['server.json is not valid JSON: ignored'])
  })
})

describe('detectSmithery', () => {
  it('joins configSchema to the variables commandFunction sets', () => {
    const found = detectSmithery(files('smithery-server', 'smithery.yaml'))
    expect(found.env).toMatchObject([
      {
        name: 'SEARCH_API_KEY',
        required: true,
        secret: true,
        description: 'The API key for the search service.',
      },
      { name: 'SEARCH_MAX_RESULTS', required: false, default: '10' },
    ])
  })

  it('turns malformed YAML into a warning', () => {
    expect(detectSmithery(files('malformed', 'smithery.yaml')).warnings).toEqual([
      'smithery.yaml is not valid YAML: ignored',
    ])
  })
})

describe('detectPackageJson', () => {
  it('reads name, version, bin and mcpName', () => {
    const found = detectPackageJson(files('weather-server', 'package.json'))
    const byField = Object.fromEntries(found.fields.map((f) => [f.field, f.value]))
    expect(byField).toMatchObject({
      package_name: '@acme/weather-mcp',
      version: '1.2.3',
      bin: ['weather-mcp'],
      notes: 'MCP registry name: io.github.acme/weather',
    })
  })

  it('does not propose a private package', () => {
    const found = detectPackageJson(files('monorepo', 'package.json'))
    expect(found.fields).toEqual([])
    expect(found.warnings[0]).toMatch(/private/)
  })

  it('turns malformed JSON into a warning', () => {
    expect(detectPackageJson(files('malformed', 'package.json')).warnings[0]).toMatch(/not a valid/)
  })

  it('flags a package that runs per-platform native binaries', () => {
    const pkg = JSON.stringify({
      name: '@x/tool',
      bin: { tool: 'index.js' },
      optionalDependencies: { '@x/tool-linux-x64': '1.0.0', '@x/tool-darwin-arm64': '1.0.0' },
    })
    expect(detectPackageJson(new Map([['package.json', pkg]])).nativeBinary).toBe(true)
  })
})

describe('detectPyproject', () => {
  it('reads the project name and console scripts', () => {
    const found = detectPyproject(files('python-server', 'pyproject.toml'))
    expect(Object.fromEntries(found.fields.map((f) => [f.field, f.value]))).toMatchObject({
      package_name: 'py-notes-mcp',
      runtime_kind: 'python',
      bin: ['py-notes-mcp'],
    })
  })

  it('turns malformed TOML into a warning', () => {
    expect(detectPyproject(files('malformed', 'pyproject.toml')).warnings).toEqual([
      'pyproject.toml is not valid TOML: ignored',
    ])
  })
})

describe('detectEnvExample', () => {
  it('reads variables, optional commented ones, defaults and descriptions', () => {
    const text = [
      '# Your API key (required)',
      'SERVICE_API_KEY=your-key-here',
      '# Log verbosity',
      'LOG_LEVEL=info',
      '# OPTIONAL_FLAG=true',
      'export REGION="eu-west-1"',
    ].join('\n')
    const found = detectEnvExample(new Map([['.env.example', text]]))
    expect(found.env).toMatchObject([
      {
        name: 'SERVICE_API_KEY',
        required: true,
        secret: true,
        line: 2,
        description: 'Your API key (required)',
      },
      { name: 'LOG_LEVEL', default: 'info', description: 'Log verbosity' },
      { name: 'OPTIONAL_FLAG', required: false },
      { name: 'REGION', default: 'eu-west-1' },
    ])
    expect(found.env[0]?.default).toBeUndefined()
  })
})
