import { describe, expect, it } from 'vitest'
import type { EnvFinding } from './detectors/finding.js'
import { mergeEnv } from './merge-env.js'

const readme = (name: string, extra: Partial<EnvFinding> = {}): EnvFinding => ({
  detector: 'readme',
  tier: 'readme',
  file: 'README.md',
  line: 1,
  name,
  inExampleConfig: true,
  ...extra,
})
const code = (name: string): EnvFinding => ({
  detector: 'code-scan',
  tier: 'code',
  file: 'index.js',
  line: 1,
  name,
})

describe('mergeEnv', () => {
  it('guesses required from README examples, unless only some of them set the variable', () => {
    const merged = mergeEnv(
      [readme('T_KEY'), code('T_KEY'), readme('T_USER', { exampleSubset: true }), code('T_USER')],
      { codeScanned: true },
    )
    expect(merged.envVars.map((v) => [v.name, v.required])).toEqual([
      ['T_KEY', true],
      ['T_USER', false],
    ])
  })
})
