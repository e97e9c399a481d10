import { fileRole } from '../sources/source-tree.js'
import { isSecretEnvName, isToolingEnvName } from './env-names.js'
import { type EnvFinding, type Findings, noFindings } from './finding.js'

const DETECTOR = 'code-scan'
const NAME = '([A-Z_][A-Z0-9_]*)'
const JS_READS = [
  new RegExp(`process\\.env\\.${NAME}\\b`, 'g'),
  new RegExp(`process\\.env\\[\\s*['"\`]${NAME}['"\`]\\s*\\]`, 'g'),
]
const PY_READS: Array<{ re: RegExp; kind: 'index' | 'get' }> = [
  { re: new RegExp(`os\\.environ\\[\\s*['"]${NAME}['"]\\s*\\]`, 'g'), kind: 'index' },
  {
    re: new RegExp(
      `(?:os\\.environ\\.get|os\\.getenv|\\bgetenv)\\(\\s*['"]${NAME}['"]\\s*(,\\s*)?`,
      'g',
    ),
    kind: 'get',
  },
]
const DESTRUCTURE = /(?:const|let|var)\s*\{([^{}]{1,2000})\}\s*=\s*process\.env\b/g
const ALIAS = /(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=\s*process\.env\s*[;\n,]/g
const DYNAMIC_READ = /process\.env\[\s*([A-Za-z_$][\w$]*)\s*\]/g
const HELPER_CALL = /\b([A-Za-z_$][\w$]*)\(\s*(["'])([A-Z][A-Z0-9]*_[A-Z0-9_]+)\2\s*[,)]/g
const MORE_ARGS = /^\s*(["'])([A-Z][A-Z0-9]*_[A-Z0-9_]+)\1\s*[,)]/
/** `const KEY = "NAME"`: a name held in a constant, read as `process.env[KEY]`. */
const NAME_CONSTANT =
  /(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=\s*(["'])([A-Z][A-Z0-9]*_[A-Z0-9_]+)\2\s*[;,\n]/g
/** Headers of functions: `function f(`, `f = (…) =>`, `f = x =>`, `f = function(`, methods `f(…) {`. */
const FUNCTION_HEADER =
  /function\s*\*?\s*([A-Za-z_$][\w$]*)\s*\(|([A-Za-z_$][\w$]*)\s*[:=]\s*(?:async\s+)?(?:function\b[^(]{0,40}\(|\([^()]{0,200}\)\s*=>|[A-Za-z_$][\w$]*\s*=>)|^\s*(?:async\s+)?([A-Za-z_$][\w$]*)\s*\([^()]{0,200}\)\s*\{/gm
const NOT_HELPERS = new Set([
  'require',
  'import',
  'Error',
  'Symbol',
  'error',
  'log',
  'warn',
  'info',
  'debug',
  'has',
  'get',
  'set',
  'includes',
  'startsWith',
  'endsWith',
  'push',
  'add',
  'emit',
  'on',
  'test',
  'describe',
  'it',
])
const LITERAL = /^(?:'([^'\n]*)'|"([^"\n]*)"|`([^`$\n]*)`|(-?\d+(?:\.\d+)?)\b|(true|false)\b)/
const PY_LITERAL = /^(?:'([^'\n]*)'|"([^"\n]*)"|(-?\d+(?:\.\d+)?)\b|(True|False)\b)/
const REQUIRED_WORDS =
  /\brequired\b|please (?:set|provide)|must be (?:set|provided|specified|defined)|\bis not set\b|\bnot set\b|\bmissing\b|\bis needed\b|not configured|not defined|needs to be set|\bno\b.{0,30}\b(?:key|token)\b.{0,20}\b(?:found|provided|set)\b/i
const FAIL_WORDS = /\bthrow\b|process\.exit\(|\braise\b|sys\.exit\(|Error\(|\.error\(/
// Failing for real: a message logged with console.error alone may only degrade a feature.
const HARD_FAIL = /\bthrow\b|process\.exit\(|\braise\b|sys\.exit\(|new [A-Za-z]*Error\(/
const DEGRADES = /disabled|skipping|will not|won't|ignored|falling back|fallback|warning/i
const EITHER = /\beither\b/i

/** 1-based line of an offset, by binary search over precomputed line starts. */
function lineIndex(text: string): (offset: number) => number {
  const starts = [0]
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1)
  return (offset) => {
    let lo = 0
    let hi = starts.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if ((starts[mid] as number) <= offset) lo = mid
      else hi = mid - 1
    }
    return lo + 1
  }
}

/** What one read of a variable tells. */
interface Read {
  name: string
  index: number
  required?: boolean
  weak?: boolean
  default?: string | null
}

function literalValue(m: RegExpExecArray | null): string | undefined {
  if (!m) return undefined
  const value = m.slice(1).find((g) => g !== undefined)
  return value === undefined
    ? undefined
    : value === 'True'
      ? 'true'
      : value === 'False'
        ? 'false'
        : value
}

/** How the text right after a JS read treats a missing value. */
function jsFallback(text: string, end: number, start: number): Partial<Read> | 'write' {
  const after = text.slice(end, end + 200)
  if (/^\s*=(?!=)/.test(after)) return 'write'
  const op = /^\s*(?:\)\s*)?(\?\?|\|\|)\s*/.exec(after)
  // `process.env.A || process.env.B`: B is A's alias; A itself may well be the one needed.
  if (op && /^(?:process\.env|os\.environ|os\.getenv)/.test(after.slice(op[0].length))) return {}
  if (op) {
    const lit = literalValue(LITERAL.exec(after.slice(op[0].length)))
    // `|| ''` only turns a missing value into an empty one: it says nothing about need.
    if (lit === '') return {}
    return lit !== undefined ? { required: false, default: lit } : { required: false, weak: true }
  }
  // A ternary on the read (`x ? … : …`, `isNaN(Number(x)) ? 15_000 : …`) copes without it.
  const ternary = /^\s*\)*\s*\?(?![?.])\s*/.exec(after)
  if (ternary) {
    // A literal in a branch is a fallback value: optional for sure, not just coping.
    const literal = /^(?:['"`]|-?\d)/.test(after.slice(ternary[0].length))
    return literal ? { required: false } : { required: false, weak: true }
  }
  // Compared with a literal: a flag or a mode switch, optional by nature.
  if (/^\s*[!=]==?\s*(?:["'`\d]|true\b|false\b)/.test(after)) return { required: false }
  const before = text.slice(Math.max(0, start - 40), start)
  if (/(?:\?\?|\|\|)\s*$/.test(before)) return { required: false, weak: true }
  return {}
}

function jsReads(text: string): Read[] {
  const reads: Read[] = []
  const add = (name: string, index: number, end: number) => {
    const info = jsFallback(text, end, index)
    if (info !== 'write') reads.push({ name, index, ...info })
  }
  for (const re of JS_READS) {
    for (const m of text.matchAll(re))
      add(m[1] as string, m.index ?? 0, (m.index ?? 0) + m[0].length)
  }
  for (const m of text.matchAll(DESTRUCTURE)) {
    for (const part of (m[1] as string).split(',')) {
      const pm = /^\s*([A-Z_][A-Z0-9_]*)\s*(?::\s*[\w$]+\s*)?(?:=\s*(.+))?$/s.exec(part)
      if (!pm) continue
      const lit = pm[2] === undefined ? undefined : literalValue(LITERAL.exec(pm[2].trim()))
      reads.push({
        name: pm[1] as string,
        index: m.index ?? 0,
        ...(pm[2] !== undefined ? { required: false, default: lit ?? null } : {}),
      })
    }
  }
  // A helper like `env("FIGMA_API_KEY")` or `anySet("A_FLAG", "B_FLAG")` whose body reads
  // `process.env[name]`: only functions of this file that read process.env[…] count, so
  // other calls with upper-case strings (error codes, event names) are not taken for reads.
  const helpers = envHelpers(text)
  if (helpers.size > 0) {
    for (const m of text.matchAll(HELPER_CALL)) {
      if (!helpers.has(m[1] as string) || NOT_HELPERS.has(m[1] as string)) continue
      const index = m.index ?? 0
      const names = [m[3] as string]
      let at = index + m[0].length
      while (m[0].endsWith(',')) {
        const more = MORE_ARGS.exec(text.slice(at, at + 200))
        if (!more) break
        names.push(more[2] as string)
        at += more[0].length
        if (!more[0].endsWith(',')) break
      }
      for (const name of names) if (!/^E(?:RR)?_/.test(name)) reads.push({ name, index })
    }
  }
  // `process.env[KEY]` with `const KEY = "NAME"` in the same file.
  const constants = new Map<string, string>()
  for (const m of text.matchAll(NAME_CONSTANT)) constants.set(m[1] as string, m[3] as string)
  if (constants.size > 0) {
    for (const m of text.matchAll(DYNAMIC_READ)) {
      const name = constants.get(m[1] as string)
      if (name) add(name, m.index ?? 0, (m.index ?? 0) + m[0].length)
    }
  }
  for (const m of text.matchAll(ALIAS)) {
    const alias = (m[1] as string).replace(/\$/g, '\\$')
    const re = new RegExp(`\\b${alias}\\.${NAME}\\b|\\b${alias}\\[\\s*['"]${NAME}['"]\\s*\\]`, 'g')
    for (const r of text.matchAll(re)) {
      add((r[1] ?? r[2]) as string, r.index ?? 0, (r.index ?? 0) + r[0].length)
    }
  }
  return reads
}

/** Names of the functions whose body reads `process.env[<variable>]` (the nearest header before). */
function envHelpers(text: string): Set<string> {
  const names = new Set<string>()
  for (const m of text.matchAll(DYNAMIC_READ)) {
    const index = m.index ?? 0
    const window = text.slice(Math.max(0, index - 600), index)
    let name: string | undefined
    for (const h of window.matchAll(FUNCTION_HEADER)) name = h[1] ?? h[2] ?? h[3]
    if (name) names.add(name)
  }
  return names
}

function pyReads(text: string): Read[] {
  const reads: Read[] = []
  for (const { re, kind } of PY_READS) {
    for (const m of text.matchAll(re)) {
      const index = m.index ?? 0
      const end = index + m[0].length
      if (kind === 'index') {
        if (/^\s*=(?!=)/.test(text.slice(end, end + 10))) continue
        reads.push({ name: m[1] as string, index, required: true })
      } else if (m[2] !== undefined) {
        const lit = literalValue(PY_LITERAL.exec(text.slice(end, end + 200)))
        reads.push({ name: m[1] as string, index, required: false, default: lit ?? null })
      } else {
        reads.push({ name: m[1] as string, index })
      }
    }
  }
  return reads
}

/** Index of a string literal naming `name` that says it is required, next to a throw or exit. */
function requiredByMessage(text: string, name: string): number | undefined {
  const escaped = name.replace(/\$/g, '\\$')
  // Overlapping (a lookahead) and closed by the quote that opened it: in minified code the
  // stretch between two literals can look like one and would hide the real message.
  const literal = new RegExp(
    `(?=((["'\`])[^"'\`\n]{0,200}\\b${escaped}\\b[^"'\`\n]{0,200}\\2))`,
    'g',
  )
  for (const m of text.matchAll(literal)) {
    const message = m[1] as string
    if (!REQUIRED_WORDS.test(message)) continue
    // "Either A or B is required": A, named first, is the one to ask for.
    const alternatives =
      EITHER.test(message) || /\bor\b\s+[A-Z_][A-Z0-9_]*_[A-Z0-9_]+/.test(message)
    if (alternatives && /[A-Z][A-Z0-9]*_[A-Z0-9_]+/.exec(message)?.[0] !== name) continue
    if (/\boptional\b/i.test(message) || DEGRADES.test(message)) continue
    const index = m.index ?? 0
    if (HARD_FAIL.test(text.slice(Math.max(0, index - 200), index + message.length + 200))) {
      return index
    }
  }
  return undefined
}

/** The statement an `if` guards: its braces' content, or up to the first `;` or newline. */
function guardedStatement(text: string, conditionStart: number): string {
  let i = conditionStart
  let depth = 1
  while (i < text.length && depth > 0 && i - conditionStart < 300) {
    if (text[i] === '(') depth++
    else if (text[i] === ')') depth--
    i++
  }
  const rest = text.slice(i, i + 600)
  const lead = /^\s*:?\s*/.exec(rest)?.[0].length ?? 0
  if (rest[lead] !== '{') return rest.slice(0, rest.search(/[;\n]|$/) + 1)
  let j = lead
  let braces = 0
  for (; j < rest.length; j++) {
    if (rest[j] === '{') braces++
    else if (rest[j] === '}' && --braces === 0) break
  }
  return rest.slice(lead, j + 1)
}

/**
 * A guard after the read: `if (!x) throw/exit …` makes it required; `if (!x) { …fallback }`
 * without a failure makes it optional. `x` is the variable itself or the one it was assigned
 * to (`const x = process.env.X`). Character windows, not lines, so minified code works.
 */
function guardVerdict(text: string, read: Read): boolean | undefined {
  const before = text.slice(Math.max(0, read.index - 80), read.index)
  const assigned = /([A-Za-z_$][\w$]*)\s*(?::[^=;\n]{1,40})?=\s*$/.exec(before)?.[1]
  const targets = [read.name, ...(assigned ? [assigned] : [])].map((t) => t.replace(/\$/g, '\\$'))
  const guard = new RegExp(
    `if\\s*\\(?\\s*(?:!|not\\s+)\\s*(?:process\\.env\\.|os\\.environ\\.get\\(['"]|this\\.|self\\.)?(?:${targets.join('|')})\\b(?!\\s*[.(\\[=])`,
    'g',
  )
  const positive = new RegExp(`if\\s*\\(?\\s*(?:${targets.join('|')})\\s*[):]`)
  const window = text.slice(read.index, read.index + 1500)
  for (const m of window.matchAll(guard)) {
    const end = (m.index ?? 0) + m[0].length
    const condition = window.slice(end, end + 120).split(/\)\s*[{:\n]|\)\s*(?=[a-z])/)[0] ?? ''
    // `if (!a && !b)` only needs one of them.
    if (/&&|\band\b/.test(condition)) return undefined
    const body = guardedStatement(window, end)
    if (DEGRADES.test(body)) return false
    if (HARD_FAIL.test(body) || (REQUIRED_WORDS.test(body) && FAIL_WORDS.test(body))) return true
    return false
  }
  // `if (x) { use it }` with no negative guard: the code copes without it.
  if (positive.test(window.slice(0, 1500))) return false
  return undefined
}

/**
 * Scans code (`.js/.mjs/.cjs/.ts/.py`) for environment reads — `process.env.X`,
 * `process.env["X"]`, destructuring from `process.env`, aliases of it, `os.environ[...]`,
 * `os.environ.get(...)`, `os.getenv(...)` — and tells required from optional where the code
 * shows it: a default (`??`, `||`, a second `getenv` argument) makes it optional with that
 * default; a thrown or printed "X is required" followed by an exit, a guard
 * `if (!x) throw …`, or `os.environ["X"]` makes it required. Tooling variables are dropped.
 */
export function detectCodeEnvReads(files: ReadonlyMap<string, string>): Findings {
  const out = noFindings()
  for (const [file, text] of files) {
    if (fileRole(file) !== 'code') continue
    const py = file.endsWith('.py')
    if (py ? !text.includes('environ') && !text.includes('getenv') : !text.includes('process')) {
      continue
    }
    const reads = (py ? pyReads(text) : jsReads(text)).filter((r) => !isToolingEnvName(r.name))
    if (reads.length === 0) continue
    const lineOfOffset = lineIndex(text)
    const perFile = new Map<string, EnvFinding>()
    for (const read of reads) {
      let finding = perFile.get(read.name)
      if (!finding) {
        finding = {
          detector: DETECTOR,
          tier: 'code',
          file,
          line: lineOfOffset(read.index),
          name: read.name,
          secret: isSecretEnvName(read.name),
        }
        perFile.set(read.name, finding)
        const msgAt = requiredByMessage(text, read.name)
        if (msgAt !== undefined) {
          finding.required = true
          finding.note = `required: an error at line ${lineOfOffset(msgAt)}`
        }
      }
      if (finding.required !== true) {
        const guard = read.required === undefined ? guardVerdict(text, read) : undefined
        if (read.required === true || guard === true) {
          finding.required = true
          finding.note = `required: guarded at line ${lineOfOffset(read.index)}`
        } else if (read.required === false || guard === false) {
          const weak = read.required === false ? read.weak === true : true
          if (finding.required === undefined || (finding.weak && !weak)) {
            finding.required = false
            finding.weak = weak
          }
        }
      }
      if (read.default !== undefined && finding.default == null) finding.default = read.default
    }
    out.env.push(...perFile.values())
  }
  return out
}
