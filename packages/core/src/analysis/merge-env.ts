import type { EnvVar } from '../config/index.js'
import { isReservedEnvName } from '../config/index.js'
import type { Evidence } from './analysis-result.js'
import { isSecretEnvName } from './detectors/env-names.js'
import { type EnvFinding, FINDING_TIERS } from './detectors/finding.js'

/** Detectors in order of trust within their tiers. */
export const DETECTOR_ORDER = [
  'server-json',
  'smithery',
  'env-example',
  'package-json',
  'pyproject',
  'readme',
  'code-scan',
  'claude',
] as const

function rank(f: { tier: string; detector: string }): number {
  const d = DETECTOR_ORDER.indexOf(f.detector as (typeof DETECTOR_ORDER)[number])
  return FINDING_TIERS.indexOf(f.tier as (typeof FINDING_TIERS)[number]) * 100 + (d === -1 ? 99 : d)
}

/** The merged environment variables, their evidence, and what stays unsettled. */
export interface MergedEnv {
  envVars: EnvVar[]
  evidence: Evidence[]
  warnings: string[]
  /** Variables whose `required` no detector showed (a guess from the name and README). */
  unsettledRequired: string[]
}

const MAX_EVIDENCE_PER_VAR = 5

/**
 * Merges environment findings by name under the precedence manifest > README > code > model:
 * each attribute comes from the most trusted finding that states it; a disagreement between
 * detectors becomes a warning. Variables only documented in README prose are kept when
 * another detector corroborates them or when there was no code to scan. Without any
 * statement, a variable is required when a README example sets it. A variable only a README
 * sets is dropped (with a warning) when the scanned code never mentions its name: the README
 * and the code disagree, and the code is what runs. A variable only the model proposes is kept only when `modelNamesAllowed` has it
 * (its name appears in the files).
 */
export function mergeEnv(
  findings: EnvFinding[],
  opts: {
    codeScanned: boolean
    modelNamesAllowed?: ReadonlySet<string>
    /** True when some scanned code file mentions the name at all. */
    codeMentions?: (name: string) => boolean
  },
): MergedEnv {
  const warnings: string[] = []
  const evidence: Evidence[] = []
  const unsettledRequired: string[] = []
  const groups = new Map<string, EnvFinding[]>()
  for (const f of findings) {
    const list = groups.get(f.name) ?? []
    list.push(f)
    groups.set(f.name, list)
  }
  const envVars: EnvVar[] = []
  for (const [name, group] of groups) {
    if (isReservedEnvName(name)) {
      warnings.push(`${name} is reserved by the platform and cannot be configured: ignored`)
      continue
    }
    const docOnly = group.every((f) => f.detector === 'readme' && !f.inExampleConfig)
    const modelOnly = group.every((f) => f.detector === 'claude')
    if (docOnly && opts.codeScanned) continue
    const fromReadmeOnly = group.every((f) => f.detector === 'readme')
    if (fromReadmeOnly && opts.codeScanned && opts.codeMentions && !opts.codeMentions(name)) {
      warnings.push(`${name} is set in a README example, but no code mentions it: not asked`)
      continue
    }
    if (modelOnly && !opts.modelNamesAllowed?.has(name)) {
      warnings.push(`${name} was proposed by the model but appears in no file: ignored`)
      continue
    }
    // Within the code scan, a file that shows the variable is required outweighs one that
    // reads it loosely: `true` sorts before `false` before `undefined`.
    const sorted = [...group].sort(
      (a, b) =>
        rank(a) - rank(b) ||
        (a.required === true ? 0 : a.required === false ? 1 : 2) -
          (b.required === true ? 0 : b.required === false ? 1 : 2),
    )
    const first = <K extends keyof EnvFinding>(key: K, ok: (v: EnvFinding[K]) => boolean) =>
      sorted.find((f) => f[key] !== undefined && ok(f[key]))

    const requiredFrom = first('required', () => true)
    const disagree = sorted.find(
      (f) =>
        !f.weak &&
        f.required !== undefined &&
        requiredFrom !== undefined &&
        f.required !== requiredFrom.required &&
        f.detector !== requiredFrom.detector,
    )
    if (requiredFrom && disagree) {
      warnings.push(
        `${name}: ${requiredFrom.file} says ${requiredFrom.required ? 'required' : 'optional'}, ${disagree.file} says ${disagree.required ? 'required' : 'optional'}; kept ${requiredFrom.file}`,
      )
    }
    const secret = first('secret', () => true)?.secret ?? isSecretEnvName(name)
    // Set by the README's examples of the package — by all of them when there are several.
    const setByExamples =
      group.some((f) => f.inExampleConfig) && !group.some((f) => f.exampleSubset)
    let required = requiredFrom?.required
    if (requiredFrom?.weak && setByExamples) required = true
    if (required === undefined) {
      required = setByExamples
      unsettledRequired.push(name)
    }
    const def = first('default', (v) => typeof v === 'string')?.default ?? null
    if (required && def !== null) required = false
    const description = first('description', (v) => typeof v === 'string' && v.length > 0)
    envVars.push({
      name,
      description: (description?.description ?? '').slice(0, 2000),
      required,
      secret,
      default: secret ? null : def,
    })
    for (const f of sorted.slice(0, MAX_EVIDENCE_PER_VAR)) {
      evidence.push({
        field: `env_vars.${name}`,
        detector: f.detector,
        file: f.file,
        line: f.line,
        ...(f.note ? { note: f.note } : {}),
      })
    }
  }
  // Required first, then by name: the order a credential form shows them.
  envVars.sort((a, b) => Number(b.required) - Number(a.required) || a.name.localeCompare(b.name))
  return { envVars: envVars.slice(0, 100), evidence, warnings, unsettledRequired }
}
