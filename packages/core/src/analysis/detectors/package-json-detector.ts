import { type Findings, lineOf, noFindings } from './finding.js'

const FILE = 'package.json'
const DETECTOR = 'package-json'

/**
 * Reads the root `package.json`: `name`, `version`, `bin` (the executables `npx` can run) and
 * `mcpName` (the MCP registry name). A `private` package is not published, so its name is not
 * proposed as the package to run.
 */
export function detectPackageJson(files: ReadonlyMap<string, string>): Findings {
  const out = noFindings()
  const text = files.get(FILE)
  if (text === undefined) return out
  let pkg: Record<string, unknown>
  try {
    const parsed: unknown = JSON.parse(text)
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error()
    pkg = parsed as Record<string, unknown>
  } catch {
    out.warnings.push('package.json is not a valid JSON object: ignored')
    return out
  }
  const at = (needle: string) => ({
    detector: DETECTOR,
    tier: 'manifest' as const,
    file: FILE,
    line: lineOf(text, needle),
  })
  const name = typeof pkg.name === 'string' ? pkg.name : undefined
  const bins =
    typeof pkg.bin === 'string'
      ? name
        ? [name.replace(/^@[^/]+\//, '')]
        : []
      : typeof pkg.bin === 'object' && pkg.bin !== null
        ? Object.keys(pkg.bin)
        : []
  const optional = pkg.optionalDependencies
  if (typeof optional === 'object' && optional !== null) {
    const platform = Object.keys(optional).filter((d) =>
      /-(?:linux|darwin|win32|windows|macos)-(?:x64|arm64|ia32|amd64|x86_64)(?:-|$)/.test(d),
    )
    if (platform.length >= 2) {
      out.nativeBinary = true
      out.warnings.push(
        'the package runs a native binary from per-platform packages: its code could not be scanned',
      )
    }
  }
  if (pkg.private === true) {
    out.warnings.push('package.json is private (not published to npm): its name is not run')
    return out
  }
  if (name) {
    out.fields.push({ ...at('"name"'), field: 'package_name', value: name })
    out.fields.push({ ...at('"name"'), field: 'runtime_kind', value: 'node' })
  }
  if (typeof pkg.version === 'string') {
    out.fields.push({ ...at('"version"'), field: 'version', value: pkg.version })
  }
  if (bins.length > 0) out.fields.push({ ...at('"bin"'), field: 'bin', value: bins })
  else if (name) out.warnings.push('package.json declares no bin: npx may not know what to run')
  if (typeof pkg.mcpName === 'string') {
    out.fields.push({
      ...at('"mcpName"'),
      field: 'notes',
      value: `MCP registry name: ${pkg.mcpName}`,
    })
  }
  return out
}
