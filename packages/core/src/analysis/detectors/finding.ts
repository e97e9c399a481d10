/**
 * How much a finding is trusted, strongest first: explicit manifests beat the README, which
 * beats the code scan, which beats the model (DESIGN.md §4).
 */
export const FINDING_TIERS = ['manifest', 'readme', 'code', 'model'] as const

/** One of {@link FINDING_TIERS}. */
export type FindingTier = (typeof FINDING_TIERS)[number]

/** Where a finding was seen. */
export interface FindingSource {
  /** The detector's name: `server-json`, `smithery`, `package-json`, `readme`, `code-scan`, … */
  detector: string
  tier: FindingTier
  file: string
  /** 1-based line, or null when the detector cannot tell. */
  line: number | null
  /** A short, secret-free note. */
  note?: string
}

/** An environment variable a detector saw, with whatever it could tell about it. */
export interface EnvFinding extends FindingSource {
  name: string
  /** `undefined`: this detector cannot tell. */
  required?: boolean
  secret?: boolean
  /** A default the server applies; `undefined`: not shown here. */
  default?: string | null
  description?: string
  /**
   * `required: false` was inferred loosely (a guard that copes, a ternary, a fallback to
   * another value) rather than from a default value: a README example outweighs it.
   */
  weak?: boolean
  /** Shown in a README's example client configuration (suggests the user sets it). */
  inExampleConfig?: boolean
  /**
   * Set by some of the README's example configurations of the package but left out by
   * others: the package runs without it, so the examples do not make it required.
   */
  exampleSubset?: boolean
}

/** Config fields (and helper facts) detectors propose. */
export interface FieldValues {
  package_name: string
  version: string
  display_name: string
  runtime_kind: 'node' | 'python'
  /** A full command line seen in the files (README, smithery.yaml), as argv. */
  launch: string[]
  args: string[]
  /** The package's executables (npm `bin` names, Python scripts). */
  bin: string[]
  notes: string
}

/** A value for one field, with where it was seen. */
export type FieldFinding = {
  [K in keyof FieldValues]: FindingSource & { field: K; value: FieldValues[K] }
}[keyof FieldValues]

/** What one detector found. Detectors never throw: bad files become warnings. */
export interface Findings {
  fields: FieldFinding[]
  env: EnvFinding[]
  warnings: string[]
  /** The package runs a native binary shipped in per-platform packages: its code is not here. */
  nativeBinary?: boolean
}

/** An empty {@link Findings}. */
export function noFindings(): Findings {
  return { fields: [], env: [], warnings: [] }
}

/** The 1-based line of character `index` in `text`. */
export function lineAt(text: string, index: number): number {
  let line = 1
  for (let i = 0; i < index && i < text.length; i++) if (text.charCodeAt(i) === 10) line++
  return line
}

/** The 1-based line of the first occurrence of `needle` in `text`, or null. */
export function lineOf(text: string, needle: string): number | null {
  const i = text.indexOf(needle)
  return i === -1 ? null : lineAt(text, i)
}
