import { parse } from 'smol-toml'
import { type Findings, lineOf, noFindings } from './finding.js'

const FILE = 'pyproject.toml'
const DETECTOR = 'pyproject'

type Table = Record<string, unknown>
function table(value: unknown): Table | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Table)
    : undefined
}

/**
 * Reads `pyproject.toml`: the project name and version (`[project]`, or
 * `[tool.poetry]`) and its console scripts, which `uvx` runs.
 */
export function detectPyproject(files: ReadonlyMap<string, string>): Findings {
  const out = noFindings()
  const text = files.get(FILE)
  if (text === undefined) return out
  let root: Table
  try {
    root = parse(text) as Table
  } catch {
    out.warnings.push('pyproject.toml is not valid TOML: ignored')
    return out
  }
  const project = table(root.project) ?? table(table(root.tool)?.poetry)
  if (!project) return out
  const at = (needle: string) => ({
    detector: DETECTOR,
    tier: 'manifest' as const,
    file: FILE,
    line: lineOf(text, needle),
  })
  if (typeof project.name === 'string') {
    out.fields.push({ ...at('name'), field: 'package_name', value: project.name })
    out.fields.push({ ...at('name'), field: 'runtime_kind', value: 'python' })
  }
  if (typeof project.version === 'string') {
    out.fields.push({ ...at('version'), field: 'version', value: project.version })
  }
  const scripts = table(project.scripts)
  if (scripts && Object.keys(scripts).length > 0) {
    out.fields.push({ ...at('scripts'), field: 'bin', value: Object.keys(scripts) })
  }
  return out
}
