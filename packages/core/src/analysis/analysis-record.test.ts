import { describe, expect, it } from 'vitest'
import { analysisResultFromRecord } from './analysis-record.js'

const config = {
  package_name: 'weather-mcp',
  version: '1.0.0',
  display_name: 'Weather',
  env_vars: [
    { name: 'WEATHER_API_KEY', description: '', required: true, secret: true, default: null },
  ],
  run_command: 'npx -y weather-mcp@1.0.0',
  args: [],
  runtime_kind: 'node',
  transport: 'stdio',
  notes: '',
}

describe('analysisResultFromRecord', () => {
  it('reads a stored complete analysis back', () => {
    const result = analysisResultFromRecord({
      status: 'complete',
      config,
      evidence: [],
      warnings: ['w'],
    })
    expect(result).toEqual({ status: 'complete', config, evidence: [], warnings: ['w'] })
  })

  it('has nothing for a row still analyzing', () => {
    expect(
      analysisResultFromRecord({
        status: 'analyzing',
        config: null,
        evidence: null,
        warnings: null,
      }),
    ).toBeUndefined()
  })

  it('treats a row that no longer fits the schema as a miss', () => {
    const stale = { ...config, run_command: undefined }
    expect(
      analysisResultFromRecord({ status: 'complete', config: stale, evidence: [], warnings: [] }),
    ).toBeUndefined()
  })
})
