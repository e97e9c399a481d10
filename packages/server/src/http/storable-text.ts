import type { ValidationIssue } from '@mcp-remote/core'

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/**
 * Where a validated request value holds text the store cannot keep: a string or object key with
 * U+0000 (PostgreSQL `text` and `jsonb` refuse it, and no environment variable or argv can carry
 * it) or a lone UTF-16 surrogate (not Unicode; `jsonb` refuses it). Returns one issue per such
 * place, at most `limit`, naming the path and the rule, never the value. Pure; linear in the
 * size of `value` (a body is at most 1 MiB).
 */
export function unstorableText(value: unknown, limit = 10): ValidationIssue[] {
  const issues: ValidationIssue[] = []
  const walk = (node: unknown, path: readonly string[]): void => {
    if (issues.length >= limit) return
    if (typeof node === 'string') {
      const rule = brokenRule(node)
      if (rule) issues.push({ path: shown(path), message: `must ${rule}` })
    } else if (Array.isArray(node)) {
      for (const [i, item] of node.entries()) walk(item, [...path, String(i)])
    } else if (node !== null && typeof node === 'object') {
      for (const [key, item] of Object.entries(node)) {
        const rule = brokenRule(key)
        // A bad key is reported on its parent: naming it would quote what is refused.
        if (rule) issues.push({ path: shown(path), message: `keys must ${rule}` })
        else walk(item, [...path, key])
        if (issues.length >= limit) return
      }
    }
  }
  walk(value, [])
  return issues
}

/** The rule `text` breaks, if any. */
function brokenRule(text: string): string | undefined {
  if (text.includes('\u0000')) return 'not contain the NUL character (U+0000)'
  if (LONE_SURROGATE.test(text)) return 'be well-formed Unicode (no lone surrogates)'
  return undefined
}

function shown(path: readonly string[]): string {
  return path.join('.') || '(root)'
}
