import { ENV_NAME_PATTERN } from '../../config/index.js'
import { isSecretEnvName } from './env-names.js'
import { type Findings, noFindings } from './finding.js'

const FILES = ['.env.example', '.env.sample', '.env.template', 'env.example']
const LINE = /^\s*(#\s*)?(?:export\s+)?([A-Z_][A-Z0-9_]*)\s*=\s*(.*)$/
const PLACEHOLDER = /your|xxx|<|changeme|replace|here|example|\.\.\.|^\*+$|todo|insert/i

function unquote(value: string): string {
  const v = value.replace(/\s+#.*$/, '').trim()
  const m = /^(['"])(.*)\1$/.exec(v)
  return m ? (m[2] as string) : v
}

/**
 * Reads `.env.example` (or `.env.sample`, `.env.template`): each `NAME=value` line is a
 * variable; a commented-out one (`# NAME=…`) is optional. A value that is not a placeholder
 * becomes the default of a non-secret variable; the comment line above is its description.
 */
export function detectEnvExample(files: ReadonlyMap<string, string>): Findings {
  const out = noFindings()
  const file = FILES.find((f) => files.has(f))
  if (file === undefined) return out
  const lines = (files.get(file) as string).split(/\r?\n/)
  let comment = ''
  lines.forEach((line, i) => {
    const m = LINE.exec(line)
    if (!m) {
      const c = /^\s*#\s*(.*)$/.exec(line)
      comment = c ? (c[1] as string).trim() : ''
      return
    }
    const name = m[2] as string
    if (!ENV_NAME_PATTERN.test(name)) return
    const commented = m[1] !== undefined
    const value = unquote(m[3] ?? '')
    const secret = isSecretEnvName(name)
    const hasDefault = value.length > 0 && !secret && !PLACEHOLDER.test(value)
    let required: boolean | undefined = commented ? false : undefined
    if (/\boptional\b/i.test(comment)) required = false
    else if (/\brequired\b/i.test(comment)) required = true
    out.env.push({
      detector: 'env-example',
      tier: 'manifest',
      file,
      line: i + 1,
      name,
      secret,
      ...(required !== undefined ? { required } : {}),
      ...(hasDefault ? { default: value } : {}),
      ...(comment ? { description: comment.slice(0, 300) } : {}),
    })
    comment = ''
  })
  return out
}
