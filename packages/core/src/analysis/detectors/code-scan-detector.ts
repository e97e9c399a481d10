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
    re: new RegExp(`(?:os\\.environ\\.get|os\\.getenv|\\bgetenv)\\(\\s*['"]${NAME}['"]\\s*(,\\s*)?`, 'g'),
    kind: 'get',
  },
]
const DESTRUCTURE = /(?:const|let|var)\s*\{([^{}]{1,2000})\}\s*=\s*process\.env\b/g
const ALIAS = /(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=\s*process\.env\s*[;\n,]/g
const LITERAL = /^(?:'([^'\n]*)'|"([^"\n]*)"|`([^`$\n]*)`|(-?\d+(?:\.\d+)?)\b|(true|false)\b)/
const PY_LITERAL = /^(?:'([^'\n]*)'|"([^"\n]*)"|(-?\d+(?:\.\d+)?)\b|(True|False)\b)/
const REQUIRED_WORDS =
  /\brequired\b|please (?:set|provide)|must be (?:set|provided|specified|defined)|\bis not set\b|\bnot set\b|\bmissing\b|\bis needed\b|not configured|not defined|needs to be set|\bno\b.{0,30}\b(?:key|token)\b.{0,20}\b(?:found|provided|set)\b/i
const FAIL_WORDS = /\bthrow\b|process\.exit\(|\braise\b|sys\.exit\(|Error\(|\.error\(/
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
  default?: string | null
}

function literalValue(m: RegExpExecArray | null): string | undefined {
  if (!m) return undefined
  const value = m.slice(1).find((g) => g !== undefined)
  return value === undefined ? undefined : value === 'True' ? 'true' : value === 'False' ? 'false' : value
}

/** How the text right after a JS read treats a missing value. */
function jsFallback(text: string, end: number, start: number): Partial<Read> | 'write' {
  const after = text.slice(end, end + 200)
  if (/^\s*=(?!=)/.test(after)) return 'write'
  const op = /^\s*(?:\)\s*)?(\?\?|\|\|)\s*/.exec(after)
  if (op) {
    const lit = literalValue(LITERAL.exec(after.slice(op[0].length)))
    return { required: false, default: lit !== undefined && lit !== '' ? lit : null }
  }
  if (/^\s*\?(?![?.])/.test(after)) return { required: false }
  const before = text.slice(Math.max(0, start - 40), start)
  if (/(?:\?\?|\|\|)\s*$/.test(before)) return { required: false }
  return {}
}

function jsReads(text: string): Read[] {
  const reads: Read[] = []
  const add = (name: string, index: number, end: number) => {
    const info = jsFallback(text, end, index)
    if (info !== 'write') reads.push({ name, index, ...info })
  }
  for (const re of JS_READS) {
    for (const m of text.matchAll(re)) add(m[1] as string, m.index ?? 0, (m.index ?? 0) + m[0].length)
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
  for (const m of text.matchAll(ALIAS)) {
    const alias = (m[1] as string).replace(/\$/g, '\\$')
    const re = new RegExp(`\\b${alias}\\.${NAME}\\b|\\b${alias}\\[\\s*['"]${NAME}['"]\\s*\\]`, 'g')
    for (const r of text.matchAll(re)) {
      add((r[1] ?? r[2]) as string, r.index ?? 0, (r.index ?? 0) + r[0].length)
    }
  }
  return reads
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

/** Lines saying a variable is required next to a throw, exit or error call. */
function requiredByMessage(lines: string[], name: string): number | undefined {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string
    if (!line.includes(name) || !REQUIRED_WORDS.test(line)) continue
    if (EITHER.test(line) || /\bor\b\s+[A-Z_][A-Z0-9_]*_[A-Z0-9_]+/.test(line)) continue
    const around = lines.slice(Math.max(0, i - 2), i + 3).join('\n')
    if (FAIL_WORDS.test(around)) return i + 1
  }
  return undefined
}

/** `const v = process.env.X` (or `X = os.getenv("X")`) followed by `if (!v) throw/exit`. */
function requiredByGuard(lineNo: number, lines: string[], read: Read): boolean {
  const line = lines[lineNo - 1] ?? ''
  const assigned = /(?:const|let|var)?\s*([A-Za-z_$][\w$]*)\s*(?::\s*[\w<>| ]+)?=\s*(?:process|os)/.exec(line)?.[1]
  const targets = [read.name, ...(assigned ? [assigned] : [])].map((t) => t.replace(/\$/g, '\\$'))
  const guard = new RegExp(
    `if\\s*\\(?\\s*(?:!|not\\s+)\\s*(?:process\\.env\\.)?(?:${targets.join('|')})\\b(?!\\s*[.(\\[])`,
  )
  const window = lines.slice(lineNo - 1, lineNo + 30)
  for (let i = 0; i < window.length; i++) {
    if (!guard.test(window[i] as string)) continue
    const body = window.slice(i, i + 5).join('\n')
    // `if (!a && !b)` only needs one of them; `if (!a || !b)` needs both.
    if (FAIL_WORDS.test(body) && !/&&|\band\b/.test(window[i] as string)) return true
  }
  return false
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
    const lines = text.split('\n')
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
        const msgLine = requiredByMessage(lines, read.name)
        if (msgLine !== undefined) {
          finding.required = true
          finding.note = `required: an error at line ${msgLine}`
        }
      }
      if (finding.required !== true) {
        if (read.required === true || requiredByGuard(lineOfOffset(read.index), lines, read)) {
          finding.required = true
          finding.note = `required: guarded at line ${lineOfOffset(read.index)}`
        } else if (read.required === false) {
          finding.required = false
        }
      }
      if (read.default !== undefined && finding.default == null) finding.default = read.default
    }
    out.env.push(...perFile.values())
  }
  return out
}
