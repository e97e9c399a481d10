import { ERROR_CODES } from '@mcp-remote/core'
import { HTTP_STATUS_BY_CODE } from '../../src/http/index.js'

/**
 * The fuzz suites' seed: `FUZZ_SEED=<n> npx vitest run --project server test/fuzz` replays a
 * run. Every failure message names the seed and the request that broke the rule.
 */
export const SEED = Number(process.env.FUZZ_SEED ?? 0x5eed_c0de)

/** A credential value sent through every path; it must never come back nor reach a log. */
export const CANARY = 'CANARY-cred-5b1f0e9d'

/** A small, seeded PRNG (mulberry32): the same seed gives the same requests. */
export class Rng {
  #state: number

  constructor(seed: number) {
    this.#state = seed >>> 0
  }

  /** A float in [0, 1). */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0
    let t = this.#state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n)
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from nothing')
    return items[this.int(items.length)] as T
  }

  chance(p: number): boolean {
    return this.next() < p
  }
}

/** Strings that break naive code: empty, control and NUL, lone surrogates, huge, keys of Object. */
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
  'null',
  'true',
  '-1',
  '1e309',
  'NaN',
  'npm:',
  'npm:x',
  'https://github.com/o/r',
  'https://github.com/o/r\n/x',
  'npx -y pkg; rm -rf /',
  '$(id)',
  'é'.repeat(3000),
  'x'.repeat(70_000),
]

const NUMBERS: readonly number[] = [
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

const KEYS: readonly string[] = [
  '__proto__',
  'constructor',
  'prototype',
  'config',
  'credentials',
  'confirm_cost',
  'analysis_id',
  'source',
  'runtime',
  'url',
  'API_KEY',
  'PATH',
  'env_vars',
  '',
  '\u0000',
  '\ud800',
  'a.b',
  'x'.repeat(300),
]

/** Any JSON value, at most `depth` deep. */
export function randomJson(rng: Rng, depth = 3): unknown {
  const kind = rng.int(depth > 0 ? 8 : 5)
  switch (kind) {
    case 0:
      return null
    case 1:
      return rng.chance(0.5)
    case 2:
      return rng.pick(NUMBERS)
    case 3:
    case 4:
      return rng.chance(0.7) ? rng.pick(NASTY_STRINGS) : randomString(rng)
    case 5:
      return Array.from({ length: rng.int(4) }, () => randomJson(rng, depth - 1))
    default: {
      const out: Record<string, unknown> = {}
      for (let i = rng.int(4); i > 0; i -= 1) {
        Object.defineProperty(out, rng.pick(KEYS), {
          value: randomJson(rng, depth - 1),
          enumerable: true,
          configurable: true,
          writable: true,
        })
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

type Json = unknown

/** A copy of `value` with one random change: a field dropped, added, retyped, or nested. */
export function mutate(rng: Rng, value: Json): Json {
  if (value === null || typeof value !== 'object' || rng.chance(0.1)) {
    return rng.chance(0.5) ? randomJson(rng) : [value]
  }
  const copy: Record<string, Json> | Json[] = Array.isArray(value)
    ? [...value]
    : { ...(value as Record<string, Json>) }
  const keys = Object.keys(copy)
  const op = rng.int(5)
  const key = keys.length > 0 ? rng.pick(keys) : undefined
  const target = copy as Record<string, Json>
  if (op === 0 && key !== undefined) delete target[key]
  else if (op === 1) {
    Object.defineProperty(target, rng.pick(KEYS), {
      value: randomJson(rng, 2),
      enumerable: true,
      configurable: true,
      writable: true,
    })
  } else if (op === 2 && key !== undefined) target[key] = randomJson(rng, 2)
  else if (key !== undefined) target[key] = mutate(rng, target[key])
  else return randomJson(rng)
  return copy
}

/** A request that was sent, as a failure message shows it. */
export interface Sent {
  method: string
  path: string
  headers?: Record<string, string> | Array<[string, string]>
  body?: string
  note?: string
}

/** How a request looked, short enough for a failure message. */
export function describeSent(sent: Sent): string {
  const body = sent.body === undefined ? '' : ` body=${JSON.stringify(sent.body.slice(0, 300))}`
  const headers = sent.headers ? ` headers=${JSON.stringify(sent.headers).slice(0, 300)}` : ''
  return `[seed ${SEED}] ${sent.method} ${sent.path.slice(0, 200)}${headers}${body}${sent.note ? ` (${sent.note})` : ''}`
}

/** Text that betrays a stack trace or the server's file layout. */
const STACK = /\n\s*at |\bat [^\n]*:\d+:\d+|\.[cm]?[jt]s:\d+|node_modules|\/work\/|\/home\/|\/srv\//

/** What an answer may never contain. */
export interface Secrets {
  /** Never in any body. */
  always: readonly string[]
  /** Never in an error body (endpoint tokens: a running deployment's view shows them). */
  inErrors: readonly string[]
}

/** Statuses an error code may refine its own to: HTTP-level refusals are `invalid_request`. */
const STATUS_OVERRIDES: Record<string, readonly number[]> = {
  invalid_request: [405, 408, 415, 417, 431],
}

/**
 * The rule, for one answer: no 5xx; JSON whenever there is a body; an error body is exactly
 * `{ error, message, details, retry_allowed }` with a known code and that code's status; no
 * stack frames or file paths; no secret. Returns the problems found (empty when it holds).
 */
export function ruleProblems(
  status: number,
  contentType: string | null,
  text: string,
  secrets: Secrets,
  opts: { head?: boolean } = {},
): string[] {
  const problems: string[] = []
  if (status >= 500) problems.push(`status ${status}`)
  const bodyless = status === 204 || status === 304 || opts.head === true
  if (!bodyless && !/^application\/json\b/i.test(contentType ?? '')) {
    problems.push(`content-type ${JSON.stringify(contentType)}`)
  }
  if (bodyless && text !== '') problems.push('a body where none belongs')
  if (STACK.test(text)) problems.push(`stack or path in body: ${text.slice(0, 300)}`)
  for (const secret of secrets.always) {
    if (text.includes(secret)) problems.push(`secret ${secret.slice(0, 12)}… in body`)
  }
  if (status >= 400 && !bodyless) {
    for (const secret of secrets.inErrors) {
      if (text.includes(secret)) problems.push(`secret ${secret.slice(0, 12)}… in error body`)
    }
    let body: Record<string, unknown> | undefined
    try {
      body = JSON.parse(text) as Record<string, unknown>
    } catch {
      problems.push(`error body is not JSON: ${text.slice(0, 200)}`)
    }
    if (body !== undefined) {
      const keys = body && typeof body === 'object' ? Object.keys(body).sort() : []
      if (keys.join() !== 'details,error,message,retry_allowed') {
        problems.push(`error body keys ${JSON.stringify(keys)}`)
      } else {
        const code = String(body.error)
        if (!(ERROR_CODES as readonly string[]).includes(code))
          problems.push(`unknown code ${code}`)
        const expected = HTTP_STATUS_BY_CODE[code as keyof typeof HTTP_STATUS_BY_CODE]
        if (status !== expected && !(STATUS_OVERRIDES[code] ?? []).includes(status)) {
          problems.push(`code ${code} answered with status ${status}`)
        }
        if (typeof body.message !== 'string') problems.push('message is not a string')
        if (typeof body.retry_allowed !== 'boolean') problems.push('retry_allowed not boolean')
        if (!body.details || typeof body.details !== 'object' || Array.isArray(body.details)) {
          problems.push('details is not an object')
        }
      }
    }
  } else if (!bodyless && text !== '') {
    try {
      JSON.parse(text)
    } catch {
      problems.push(`body is not JSON: ${text.slice(0, 200)}`)
    }
  }
  return problems
}

/** Log lines that break the rule: a secret, a stack outside a 5xx, or not one JSON object. */
export function logProblems(lines: readonly string[], secrets: readonly string[]): string[] {
  const problems: string[] = []
  for (const line of lines) {
    for (const secret of secrets) {
      if (line.includes(secret)) problems.push(`secret ${secret.slice(0, 12)}… logged: ${line}`)
    }
    try {
      JSON.parse(line)
    } catch {
      problems.push(`log line is not JSON: ${line.slice(0, 200)}`)
    }
  }
  return problems
}
