import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

// Runs over the built package (npm test builds before testing): what users import.
const dist = join(import.meta.dirname, '..', 'dist')
const require = createRequire(import.meta.url)

const ENTRY_POINTS = [
  'createPlatform',
  'createStore',
  'createAnalyzer',
  'Fernet',
  'MultiFernet',
  'FernetSecretBox',
  'InvalidToken',
  'FlyClient',
  'FlyApiError',
  'FlyRuntime',
  'LocalRuntime',
  'transition',
  'validateDeploymentConfig',
  'validateCredentials',
  'estimateCost',
  'McpRemoteError',
  'DeploymentConfigSchema',
  'AnalysisResultSchema',
  'probeMcp',
  'reconcile',
]

describe('the built @mcp-remote/core', () => {
  it.each(ENTRY_POINTS)('exports %s from both the ESM and the CJS build', async (name) => {
    const esm = (await import(join(dist, 'index.js'))) as Record<string, unknown>
    const cjs = require(join(dist, 'index.cjs')) as Record<string, unknown>
    expect(esm[name]).toBeDefined()
    expect(cjs[name]).toBeDefined()
  })

  it('exports the fake Fly from the testing subpath in both builds', async () => {
    const esm = (await import(join(dist, 'testing', 'index.js'))) as Record<string, unknown>
    const cjs = require(join(dist, 'testing', 'index.cjs')) as Record<string, unknown>
    expect(typeof esm.createFakeFly).toBe('function')
    expect(typeof cjs.createFakeFly).toBe('function')
  })

  it('never imports server, CLI or extension code', () => {
    for (const file of ['index.js', 'index.cjs', 'index.d.ts']) {
      const text = readFileSync(join(dist, file), 'utf8')
      expect(text).not.toMatch(/@mcp-remote\/(server|extension)/)
    }
  })
})
