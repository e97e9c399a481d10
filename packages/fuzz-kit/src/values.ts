import type { Rng } from './rng.js'

/**
 * Strings that break naive code: empty, control and NUL, lone surrogates, bidi and separators,
 * keys of `Object.prototype`, path traversal, injections, numbers as text, huge ones.
 */
export const NASTY_STRINGS: readonly string[] = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff',
  'x\ud83dy',
  '\ud83d\ude00',
  '\u202e\u2028\u2029',
  '\ufeff',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '../../../../etc/passwd',
  '..%2f..%2fetc%2fpasswd',
  '/etc/passwd',
  'file:///etc/passwd',
  '%00',
  '%E0%A4%A',
  '<script>alert(1)</script>',
  '$' + '{jndi:ldap://x}',
  "'; DROP TABLE deployments; --",
  '\r\nX-Injected: 1',
  'null',
  'true',
  '-1',
  '1e309',
  'NaN',
  '$(id)',
  'é'.repeat(3000),
  'x'.repeat(70_000),
]

/** Numbers at the edges: signed zero, past 2^53, extremes of a double. */
export const EDGE_NUMBERS: readonly number[] = [
  0,
  -0,
  1,
  -1,
  1.5,
  2 ** 53 + 1,
  -(2 ** 63),
  1e308,
  5e-324,
  Number.MAX_SAFE_INTEGER,
]

/** What {@link randomJson} and {@link mutate} draw from. */
export interface JsonVocabulary {
  /** Object keys to use (the domain's own, plus hostile ones). */
  keys: readonly string[]
  /** Strings to use besides random ones; default {@link NASTY_STRINGS}. */
  strings?: readonly string[]
}

/** Sets `key` as an own property, even `__proto__`. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    configurable: true,
    writable: true,
  })
}

/** Any JSON value, at most `depth` deep. */
export function randomJson(rng: Rng, vocabulary: JsonVocabulary, depth = 3): unknown {
  const kind = rng.int(depth > 0 ? 8 : 5)
  switch (kind) {
    case 0:
      return null
    case 1:
      return rng.chance(0.5)
    case 2:
      return rng.pick(EDGE_NUMBERS)
    case 3:
    case 4:
      return rng.chance(0.7) ? rng.pick(vocabulary.strings ?? NASTY_STRINGS) : randomString(rng)
    case 5:
      return Array.from({ length: rng.int(4) }, () => randomJson(rng, vocabulary, depth - 1))
    default: {
      const out: Record<string, unknown> = {}
      for (let i = rng.int(4); i > 0; i -= 1) {
        setOwn(out, rng.pick(vocabulary.keys), randomJson(rng, vocabulary, depth - 1))
      }
      return out
    }
  }
}

/** Random code units, any of them (lone surrogates and controls included). */
export function randomString(rng: Rng, max = 40): string {
  let s = ''
  for (let i = rng.int(max); i > 0; i -= 1) {
    s += String.fromCharCode(rng.chance(0.6) ? 32 + rng.int(95) : rng.int(0x10000))
  }
  return s
}

/** Random bytes, percent-encoded (any byte, invalid UTF-8 included), or plain characters. */
export function randomPercentEncoded(rng: Rng, max = 30): string {
  let s = ''
  for (let i = rng.int(max); i > 0; i -= 1) {
    s += rng.chance(0.5)
      ? `%${rng.int(256).toString(16).padStart(2, '0').toUpperCase()}`
      : rng.pick([...'abcXYZ019_-.~!$&()*+,;=:@'])
  }
  return s
}

/** `levels` nested arrays or objects, as JSON text (too deep for naive recursion). */
export function deepJson(levels: number, kind: 'array' | 'object', leaf = '1'): string {
  return kind === 'array'
    ? '['.repeat(levels) + leaf + ']'.repeat(levels)
    : '{"a":'.repeat(levels) + leaf + '}'.repeat(levels)
}

/** A copy of `value` with one random change: a member dropped, added, retyped, or nested. */
export function mutate(rng: Rng, value: unknown, vocabulary: JsonVocabulary): unknown {
  if (value === null || typeof value !== 'object' || rng.chance(0.1)) {
    return rng.chance(0.5) ? randomJson(rng, vocabulary) : [value]
  }
  const copy = (Array.isArray(value) ? [...value] : { ...value }) as Record<string, unknown>
  const keys = Object.keys(copy)
  const key = keys.length > 0 ? rng.pick(keys) : undefined
  const op = rng.int(5)
  if (op === 0 && key !== undefined) delete copy[key]
  else if (op === 1) setOwn(copy, rng.pick(vocabulary.keys), randomJson(rng, vocabulary, 2))
  else if (op === 2 && key !== undefined) copy[key] = randomJson(rng, vocabulary, 2)
  else if (key !== undefined) copy[key] = mutate(rng, copy[key], vocabulary)
  else return randomJson(rng, vocabulary)
  return copy
}
