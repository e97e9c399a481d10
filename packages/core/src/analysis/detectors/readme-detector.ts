import { ENV_NAME_PATTERN } from '../../config/index.js'
import { isSecretEnvName } from './env-names.js'
import { type EnvFinding, type Findings, lineAt, noFindings } from './finding.js'
import { parseLenientJson } from './lenient-json.js'

const DETECTOR = 'readme'
const SERVER_MAPS = ['mcpServers', 'servers', 'context_servers']
const FENCE = /^(```|~~~)[^\n]*\n([\s\S]*?)^\1[ \t]*$/gm

/** A server entry of a client configuration shown in a README. */
interface ServerEntry {
  command: string
  args: string[]
  env: string[]
  /** `-e NAME` of a docker example: the image's, not necessarily the package's. */
  dockerEnv: string[]
  line: number
}

function findServerEntries(value: unknown, depth = 0): Array<Record<string, unknown>> {
  if (depth > 6 || typeof value !== 'object' || value === null) return []
  const out: Array<Record<string, unknown>> = []
  for (const [key, inner] of Object.entries(value)) {
    if (SERVER_MAPS.includes(key) && typeof inner === 'object' && inner !== null) {
      for (const entry of Object.values(inner)) {
        if (typeof entry === 'object' && entry !== null && 'command' in entry) {
          out.push(entry as Record<string, unknown>)
        }
      }
    } else {
      out.push(...findServerEntries(inner, depth + 1))
    }
  }
  return out
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []
}

/** Names passed to `docker run` as `-e NAME` or `-e NAME=value`. */
function dockerEnvNames(args: string[]): string[] {
  const names: string[] = []
  args.forEach((arg, i) => {
    if ((arg === '-e' || arg === '--env') && args[i + 1]) {
      const name = (args[i + 1] as string).split('=')[0] as string
      if (ENV_NAME_PATTERN.test(name)) names.push(name)
    }
  })
  return names
}

function blockEntries(text: string, block: string, blockStart: number): ServerEntry[] {
  if (!SERVER_MAPS.some((k) => block.includes(`"${k}"`))) return []
  const parsed = parseLenientJson(block)
  return findServerEntries(parsed).map((entry) => {
    const command = typeof entry.command === 'string' ? entry.command : ''
    const args = strings(entry.args)
    const envObj = typeof entry.env === 'object' && entry.env !== null ? Object.keys(entry.env) : []
    const env = envObj
    const anchor = block.indexOf(`"${command}"`)
    return {
      command,
      args,
      env: env.filter((n) => ENV_NAME_PATTERN.test(n)),
      dockerEnv: command === 'docker' ? dockerEnvNames(args) : [],
      line: lineAt(text, blockStart + Math.max(anchor, 0)),
    }
  })
}

function splitRow(line: string): string[] {
  return line
    .trim()
    .replace(/^\||\|$/g, '')
    .split('|')
    .map((c) => c.trim())
}

const CELL_NAME = /^[*_]*`?([A-Z][A-Z0-9_]*_[A-Z0-9_]+|[A-Z]{3,}[A-Z0-9]*)`?[*_]*$/

function yesNo(cell: string): boolean | undefined {
  if (/^(?:[*_`]*)(?:yes|required|true|✅|✓|✔|x)\b/i.test(cell)) return true
  if (/^(?:[*_`]*)(?:no|optional|false|❌|-)(?:\b|$)/i.test(cell)) return false
  return undefined
}

function cleanDefault(cell: string): string | null {
  const v = cell.replace(/[`*_]/g, '').trim()
  if (!v || /^(?:-|—|none|n\/a|null|undefined|not set|empty|required|optional)$/i.test(v))
    return null
  if (v.startsWith('(') || /\s(?:if|when|unless)\s/i.test(v)) return null
  return v.length <= 200 ? v : null
}

/**
 * What a description says about need: "optional" wins ("Optional — required for on-prem
 * only"); "required" counts only unconditionally ("Required for any non-loopback deployment",
 * "Defaults to required" speak of a case or a behaviour, not of the variable).
 */
function describedRequired(desc: string): boolean | undefined {
  if (/\boptional\b/i.test(desc)) return false
  if (!/\brequired\b/i.test(desc)) return undefined
  if (
    /\bnot required\b|defaults? to required|\brequired\s+(?:for|when|if|only|unless|in|on|with|by)\b/i.test(
      desc,
    )
  )
    return undefined
  return true
}

/** Environment variables documented in markdown tables (`| NAME | required | default |`). */
function tableEnv(text: string, file: string): EnvFinding[] {
  const out: EnvFinding[] = []
  const lines = text.split('\n')
  for (let i = 0; i < lines.length - 2; i++) {
    const header = lines[i] as string
    if (!header.trim().startsWith('|') || !/^\s*\|?\s*:?-{2,}/.test(lines[i + 1] ?? '')) continue
    const cols = splitRow(header).map((c) => c.toLowerCase())
    const reqCol = cols.findIndex((c) => /required|mandatory/.test(c))
    const defCol = cols.findIndex((c) => /default/.test(c))
    const descCol = cols.findIndex((c) => /description|purpose|meaning/.test(c))
    for (let j = i + 2; j < lines.length && (lines[j] as string).trim().startsWith('|'); j++) {
      const cells = splitRow(lines[j] as string)
      const name = CELL_NAME.exec(cells[0] ?? '')?.[1]
      if (!name) continue
      const desc = descCol >= 0 ? (cells[descCol] ?? '') : cells.slice(1).join(' ')
      let required = reqCol >= 0 ? yesNo(cells[reqCol] ?? '') : undefined
      if (required === undefined) required = describedRequired(desc)
      const defCell = defCol >= 0 ? (cells[defCol] ?? '') : ''
      if (required === undefined && /^[*_`(]*required[*_`)]*$/i.test(defCell.trim()))
        required = true
      const def = defCol >= 0 ? cleanDefault(defCell) : undefined
      out.push({
        detector: DETECTOR,
        tier: 'readme',
        file,
        line: j + 1,
        name,
        ...(required !== undefined ? { required } : {}),
        ...(def !== undefined ? { default: def } : {}),
        ...(def !== undefined && def !== null && required === undefined ? { required: false } : {}),
        ...(desc ? { description: desc.replace(/[`*]/g, '').slice(0, 300) } : {}),
        note: 'documented in a table',
      })
    }
  }
  return out
}

const BULLET =
  /^\s*(?:[-*]|\d+\.)\s+\*{0,2}`([A-Z][A-Z0-9]*_[A-Z0-9_]+)`\*{0,2}\s*(?:[:(–—-]|$)(.*)$/

/** Environment variables documented in bullet lists (`- \`NAME\`: … (optional)`). */
function bulletEnv(text: string, file: string): EnvFinding[] {
  const out: EnvFinding[] = []
  text.split('\n').forEach((line, i) => {
    const m = BULLET.exec(line)
    if (!m) return
    const rest = m[2] ?? ''
    const def = /default(?:s)?(?:\s+(?:is|to|value))?\s*:?\s*`([^`]{1,200})`/i.exec(rest)?.[1]
    let required: boolean | undefined
    if (/\boptional\b/i.test(rest) || def !== undefined) required = false
    else if (/\brequired\b/i.test(rest)) required = true
    out.push({
      detector: DETECTOR,
      tier: 'readme',
      file,
      line: i + 1,
      name: m[1] as string,
      ...(required !== undefined ? { required } : {}),
      ...(def !== undefined ? { default: def } : {}),
      description: rest
        .replace(/[`*]/g, '')
        .replace(/^[\s:–—-]+/, '')
        .slice(0, 300),
      note: 'documented in a list',
    })
  })
  return out
}

const PROSE = [
  /(?:environment variable|env var)s?\s+`([A-Z][A-Z0-9]*_[A-Z0-9_]+)`/g,
  /`([A-Z][A-Z0-9]*_[A-Z0-9_]+)`\s+(?:environment variable|env var)/g,
  /^\s*(?:export\s+|\$env:)([A-Z][A-Z0-9]*_[A-Z0-9_]+)\s*=/gm,
]

/** "`X` is optional" in prose or a note: a statement about need. */
const PROSE_OPTIONAL = /`([A-Z][A-Z0-9]*_[A-Z0-9_]+)`\s+(?:is|are)\s+[*_]{0,2}optional\b/g

/** Variables named in prose (`set the \`X\` environment variable`) or shell exports. */
function proseEnv(text: string, file: string): EnvFinding[] {
  const found = (m: RegExpMatchArray, note: string): EnvFinding => ({
    detector: DETECTOR,
    tier: 'readme',
    file,
    line: lineAt(text, m.index ?? 0),
    name: m[1] as string,
    note,
  })
  const out: EnvFinding[] = []
  for (const m of text.matchAll(PROSE_OPTIONAL)) {
    out.push({ ...found(m, 'said to be optional in the README text'), required: false })
  }
  for (const re of PROSE) {
    for (const m of text.matchAll(re)) {
      out.push(found(m, 'named in the README text'))
    }
  }
  return out
}

const CLAUDE_ADD_ENV = /(?:^|\s)(?:-e|--env)\s+([A-Z_][A-Z0-9_]*)=/g

/**
 * Reads the root README: client configurations in fenced blocks (`mcpServers`, VS Code's
 * `servers`, Zed's `context_servers`) for `command`, `args` and `env`, `claude mcp add -e`
 * lines, and environment variables documented in tables and lists.
 * `packageName` picks the configurations about this package when the README shows several.
 */
export function detectReadme(files: ReadonlyMap<string, string>, packageName?: string): Findings {
  const out = noFindings()
  const file = [...files.keys()].find((f) => !f.includes('/') && /^readme/i.test(f))
  if (file === undefined) return out
  const text = files.get(file) as string
  const entries: ServerEntry[] = []
  for (const m of text.matchAll(FENCE)) {
    const block = m[2] as string
    const blockStart = (m.index ?? 0) + m[0].indexOf(block)
    entries.push(...blockEntries(text, block, blockStart))
    // Only `<client> mcp add … -e NAME=…` commands (continuation lines joined): a
    // `docker run -e` configures an image, not the package.
    const commands = block.replace(/\\\r?\n/g, '  ').split('\n')
    let offset = 0
    for (const command of commands) {
      const at = offset
      offset += command.length + 1
      if (!/\bmcp add\b/.test(command) || /\bdocker\b/.test(command)) continue
      for (const e of command.matchAll(CLAUDE_ADD_ENV)) {
        out.env.push({
          detector: DETECTOR,
          tier: 'readme',
          file,
          line: lineAt(text, blockStart + Math.min(at + (e.index ?? 0), block.length - 1)),
          name: e[1] as string,
          secret: isSecretEnvName(e[1] as string),
          inExampleConfig: true,
          note: 'set in an mcp add example',
        })
      }
    }
  }
  const mentions = (e: ServerEntry) =>
    packageName !== undefined &&
    e.args.some((a) => a === packageName || a.startsWith(`${packageName}@`))
  const relevant = entries.some(mentions)
    ? entries.filter((e) => mentions(e) || e.command === 'docker')
    : entries
  // When several examples run this package and agree on a common set of variables, one that
  // most of them leave out is an extra, no sign of need. Without a common set the examples
  // are alternatives (one token or another) and say nothing of the kind.
  const own = relevant.filter((e) => e.command !== 'docker' && mentions(e))
  const core =
    own.length >= 2
      ? own.slice(1).reduce((c, e) => c.filter((n) => e.env.includes(n)), own[0]?.env ?? [])
      : []
  const inSome = (name: string) =>
    core.length > 0 &&
    !core.includes(name) &&
    own.filter((e) => e.env.includes(name)).length * 2 <= own.length
  for (const entry of relevant) {
    // A docker example configures the image (which may set its own switches): it documents
    // names without saying the package needs them.
    const docker = entry.command === 'docker'
    for (const name of [...entry.env, ...entry.dockerEnv]) {
      out.env.push({
        detector: DETECTOR,
        tier: 'readme',
        file,
        line: entry.line,
        name,
        secret: isSecretEnvName(name),
        ...(docker ? {} : { inExampleConfig: true }),
        ...(!docker && inSome(name) ? { exampleSubset: true } : {}),
        note: `set in an example ${entry.command} configuration`,
      })
    }
    if (entry.command === 'npx' || entry.command === 'uvx') {
      out.fields.push({
        detector: DETECTOR,
        tier: 'readme',
        file,
        line: entry.line,
        field: 'launch',
        value: [entry.command, ...entry.args],
      })
    }
  }
  out.env.push(...tableEnv(text, file), ...bulletEnv(text, file), ...proseEnv(text, file))
  return out
}
