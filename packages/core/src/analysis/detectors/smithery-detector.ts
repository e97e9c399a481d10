import { parse } from 'yaml'
import { isSecretEnvName } from './env-names.js'
import { type Findings, lineOf, noFindings } from './finding.js'

type Json = Record<string, unknown>
const DETECTOR = 'smithery'

function obj(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Json)
    : undefined
}

// `BRAVE_API_KEY: config.braveApiKey`, `"X": String(config.x)`, `X: `${config.x}``.
const ENV_FROM_CONFIG =
  /['"]?([A-Z_][A-Z0-9_]*)['"]?\s*:\s*(?:String\(\s*)?(?:`\$\{\s*)?config\??\.([A-Za-z_$][\w$]*)/g
const COMMAND = /command\s*:\s*['"]([^'"]+)['"]/
const ARGS = /args\s*:\s*\[([^\]]*)\]/

function literalArgs(list: string): string[] | undefined {
  const items = list
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
  const out: string[] = []
  for (const item of items) {
    const m = /^(['"])(.*)\1$/.exec(item)
    if (!m) return undefined
    out.push(m[2] as string)
  }
  return out
}

/**
 * Reads `smithery.yaml`: `startCommand.configSchema` (properties, `required`, defaults,
 * descriptions) joined to the environment variables `commandFunction` sets from them, and the
 * command it runs when that is a plain `npx`/`uvx` call.
 */
export function detectSmithery(files: ReadonlyMap<string, string>): Findings {
  const out = noFindings()
  const file = files.has('smithery.yaml') ? 'smithery.yaml' : 'smithery.yml'
  const text = files.get(file)
  if (text === undefined) return out
  let root: Json | undefined
  try {
    root = obj(parse(text))
  } catch {
    out.warnings.push(`${file} is not valid YAML: ignored`)
    return out
  }
  const start = obj(root?.startCommand)
  if (!start) return out
  const schema = obj(start.configSchema)
  const properties = obj(schema?.properties) ?? {}
  const required = new Set(
    Array.isArray(schema?.required) ? schema.required.filter((r) => typeof r === 'string') : [],
  )
  const fn = typeof start.commandFunction === 'string' ? start.commandFunction : ''
  const fnLine = lineOf(text, 'commandFunction') ?? 1
  const seen = new Set<string>()
  for (const m of fn.matchAll(ENV_FROM_CONFIG)) {
    const name = m[1] as string
    const prop = m[2] as string
    if (seen.has(name)) continue
    seen.add(name)
    const spec = obj(properties[prop])
    const def = spec?.default
    out.env.push({
      detector: DETECTOR,
      tier: 'manifest',
      file,
      line: lineOf(text, name) ?? fnLine,
      name,
      required: required.has(prop),
      secret: isSecretEnvName(name),
      default:
        typeof def === 'string' || typeof def === 'number' || typeof def === 'boolean'
          ? String(def)
          : null,
      ...(typeof spec?.description === 'string' ? { description: spec.description } : {}),
      note: `from config property ${prop}`,
    })
  }
  const command = COMMAND.exec(fn)?.[1]
  const args = ARGS.exec(fn)?.[1]
  if ((command === 'npx' || command === 'uvx') && args !== undefined) {
    const argv = literalArgs(args)
    if (argv) {
      out.fields.push({
        detector: DETECTOR,
        tier: 'manifest',
        file,
        line: fnLine,
        field: 'launch',
        value: [command, ...argv],
      })
    }
  }
  return out
}
