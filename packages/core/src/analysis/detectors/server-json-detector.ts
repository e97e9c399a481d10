import { isSecretEnvName } from './env-names.js'
import { type Findings, lineOf, noFindings } from './finding.js'

type Json = Record<string, unknown>

const FILE = 'server.json'
const DETECTOR = 'server-json'

function obj(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Json)
    : undefined
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined
}

function bool(value: unknown): boolean | undefined {
  return typeof value === 'boolean' ? value : undefined
}

/** The camelCase field, else its old snake_case spelling. */
function pick(o: Json, camel: string, snake: string): unknown {
  return o[camel] ?? o[snake]
}

/**
 * Reads the MCP registry manifest `server.json`: the npm or PyPI package entry (`identifier`,
 * `version`, `runtimeHint`), its `environmentVariables` and `packageArguments`, in the current
 * camelCase schema or the old snake_case one (`environment_variables`, `is_required`, …).
 */
export function detectServerJson(files: ReadonlyMap<string, string>): Findings {
  const out = noFindings()
  const text = files.get(FILE)
  if (text === undefined) return out
  let root: Json | undefined
  try {
    root = obj(JSON.parse(text))
  } catch {
    out.warnings.push('server.json is not valid JSON: ignored')
    return out
  }
  if (!root) {
    out.warnings.push('server.json is not a JSON object: ignored')
    return out
  }
  const at = (needle: string) => ({
    detector: DETECTOR,
    tier: 'manifest' as const,
    file: FILE,
    line: lineOf(text, needle),
  })
  const title = str(root.title)
  if (title) out.fields.push({ ...at('"title"'), field: 'display_name', value: title })
  const packages = Array.isArray(root.packages) ? root.packages.map(obj).filter((p) => !!p) : []
  if (packages.length === 0) {
    if (Array.isArray(root.remotes) && root.remotes.length > 0) {
      out.warnings.push('server.json lists only remote endpoints: there is no package to deploy')
    }
    return out
  }
  const registryOf = (p: Json) =>
    str(pick(p, 'registryType', 'registry_type')) ?? str(p.registry_name) ?? ''
  const pkg =
    packages.find((p) => registryOf(p) === 'npm') ?? packages.find((p) => registryOf(p) === 'pypi')
  if (!pkg) {
    out.warnings.push('server.json has no npm or PyPI package: other registries are not deployable')
    return out
  }
  const registry = registryOf(pkg)
  const identifier = str(pkg.identifier) ?? str(pkg.name)
  if (identifier) {
    const where = at(`"${identifier}"`)
    out.fields.push({ ...where, field: 'package_name', value: identifier })
    out.fields.push({
      ...where,
      field: 'runtime_kind',
      value: registry === 'pypi' ? 'python' : 'node',
    })
  }
  const version = str(pkg.version)
  if (version) out.fields.push({ ...at(`"${version}"`), field: 'version', value: version })

  const args: string[] = []
  const argList = pick(pkg, 'packageArguments', 'package_arguments')
  for (const arg of Array.isArray(argList) ? argList.map(obj) : []) {
    if (!arg) continue
    const required = bool(pick(arg, 'isRequired', 'is_required')) ?? false
    const value = str(arg.value) ?? str(arg.default)
    const hint = str(pick(arg, 'valueHint', 'value_hint')) ?? str(arg.name) ?? 'value'
    if (value?.includes('{')) {
      out.warnings.push(`server.json argument ${hint} takes a value you must supply`)
      continue
    }
    if (arg.type === 'named') {
      const name = str(arg.name)
      if (!name || (!required && value === undefined)) continue
      if (value === undefined) {
        out.warnings.push(`server.json argument ${name} is required: add its value to args`)
        continue
      }
      args.push(name, value)
    } else if (value !== undefined && (required || str(arg.value))) {
      args.push(value)
    } else if (required) {
      out.warnings.push(`server.json positional argument <${hint}> is required: add it to args`)
    }
  }
  if (args.length > 0) out.fields.push({ ...at('ackage'), field: 'args', value: args })

  const envList = pick(pkg, 'environmentVariables', 'environment_variables')
  for (const env of Array.isArray(envList) ? envList.map(obj) : []) {
    const name = env && str(env.name)
    if (!env || !name) continue
    const def = str(env.default) ?? str(env.value)
    out.env.push({
      ...at(`"${name}"`),
      name,
      required: bool(pick(env, 'isRequired', 'is_required')) ?? false,
      secret: bool(pick(env, 'isSecret', 'is_secret')) ?? isSecretEnvName(name),
      default: def !== undefined && !def.includes('{') ? def : null,
      ...(str(env.description) ? { description: str(env.description) } : {}),
    })
  }
  return out
}
