import type { LogEvent } from '../../src/log.js'

/**
 * The bridge fuzz suites' seed: `FUZZ_SEED=<n> npx vitest run --project bridge test/fuzz`
 * replays a run. Every failure message names the seed and the request that broke the rule.
 */
export const SEED = Number(process.env.FUZZ_SEED ?? 0xb41d9e)

/** A value in the child's environment: it must never come back in a body nor reach a log. */
export const CANARY = 'CANARY-env-7c3e91d04a'

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
  '%00',
  '%E0%A4%A',
  '<script>alert(1)</script>',
  'null',
  '-1',
  '1e309',
  'NaN',
  '\r\nX-Injected: 1',
  'data: {"jsonrpc":"2.0","id":1,"result":{}}\n\n',
  'é'.repeat(3000),
  'x'.repeat(70_000),
]

/** Numbers JSON-RPC ids and params meet: huge, tiny, negative zero, unsafe integers. */
export const NUMBERS: readonly number[] = [
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
  'jsonrpc',
  'id',
  'method',
  'params',
  'result',
  'error',
  '_meta',
  'progressToken',
  'requestId',
  'uri',
  'level',
  '',
  '\u0000',
  '\ud800',
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

/** `levels` nested arrays or objects around `leaf`, as JSON text. */
export function deepJson(levels: number, kind: 'array' | 'object', leaf = '1'): string {
  return kind === 'array'
    ? '['.repeat(levels) + leaf + ']'.repeat(levels)
    : '{"a":'.repeat(levels) + leaf + '}'.repeat(levels)
}

/** A copy of `value` with one random change: a member dropped, added, retyped, or nested. */
export function mutate(rng: Rng, value: unknown): unknown {
  if (value === null || typeof value !== 'object' || rng.chance(0.1)) {
    return rng.chance(0.5) ? randomJson(rng) : [value]
  }
  const copy = (Array.isArray(value) ? [...value] : { ...value }) as Record<string, unknown>
  const keys = Object.keys(copy)
  const key = keys.length > 0 ? rng.pick(keys) : undefined
  const op = rng.int(5)
  if (op === 0 && key !== undefined) delete copy[key]
  else if (op === 1) {
    Object.defineProperty(copy, rng.pick(KEYS), {
      value: randomJson(rng, 2),
      enumerable: true,
      configurable: true,
      writable: true,
    })
  } else if (op === 2 && key !== undefined) copy[key] = randomJson(rng, 2)
  else if (key !== undefined) copy[key] = mutate(rng, copy[key])
  else return randomJson(rng)
  return copy
}

/** A request as a failure message shows it: the seed, then enough bytes to replay it. */
export function describeSent(what: string, bytes?: string | Buffer): string {
  const text =
    bytes === undefined ? '' : typeof bytes === 'string' ? bytes : bytes.toString('latin1')
  const shown = text.length > 400 ? `${text.slice(0, 400)}…(${text.length} chars)` : text
  return `[seed ${SEED}] ${what}${shown ? ` ${JSON.stringify(shown)}` : ''}`
}

/** Text that betrays a stack trace or the bridge's file layout. */
const STACK = /\n\s*at |\bat [^\n]*:\d+:\d+|\.[cm]?[jt]s:\d+|node_modules|\/work\/|\/home\//

/** Percent-decodes what decodes, leaving the rest (a log reader would do the same). */
export function looseDecode(text: string): string {
  if (!text.includes('%')) return text
  return text.replace(/(?:%[0-9a-fA-F]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run)
    } catch {
      return run
    }
  })
}

/**
 * What an answer of the bridge may never be: a 5xx, a body holding a secret (raw or
 * percent-encoded) or a stack trace, an error body that is not JSON. Bodyless refusals from
 * Node's own parser (400, 408, 413, 431 with no body) are fine.
 */
export function answerProblems(
  status: number,
  contentType: string | undefined | null,
  body: string,
  secrets: readonly string[],
): string[] {
  const problems: string[] = []
  if (status >= 500) problems.push(`status ${status}`)
  const decoded = looseDecode(body)
  for (const secret of secrets) {
    if (decoded.includes(secret)) problems.push(`secret ${secret.slice(0, 10)}… in the body`)
  }
  if (STACK.test(body)) problems.push(`stack or path in the body: ${body.slice(0, 200)}`)
  if (status >= 400 && body !== '') {
    if (!/^application\/json\b/i.test(contentType ?? '')) {
      problems.push(`error with content-type ${JSON.stringify(contentType)}`)
    }
    try {
      const parsed = JSON.parse(body) as Record<string, unknown>
      const rpc = parsed.jsonrpc === '2.0' && typeof parsed.error === 'object'
      const plain = typeof parsed.error === 'string' && typeof parsed.message === 'string'
      if (!rpc && !plain) problems.push(`error body of no known shape: ${body.slice(0, 200)}`)
    } catch {
      problems.push(`error body is not JSON: ${body.slice(0, 200)}`)
    }
  }
  return problems
}

/** The 16-character windows of `secret` (of the longer secrets): most of a secret is too much. */
function fragments(secret: string): string[] {
  if (secret.length < 20) return []
  return Array.from({ length: secret.length - 15 }, (_, i) => secret.slice(i, i + 16))
}

/**
 * Log events that break the rule: a secret in any form a reader could recover (raw,
 * percent-encoded, or most of it), or an `error` event (the bridge's 500 path).
 */
export function logProblems(events: readonly LogEvent[], secrets: readonly string[]): string[] {
  const problems: string[] = []
  for (const event of events) {
    const line = JSON.stringify(event)
    const decoded = looseDecode(line)
    for (const secret of secrets) {
      if (line.includes(secret) || decoded.includes(secret)) {
        problems.push(`secret ${secret.slice(0, 10)}… logged: ${line.slice(0, 300)}`)
      } else if (fragments(secret).some((part) => decoded.includes(part))) {
        problems.push(`most of secret ${secret.slice(0, 10)}… logged: ${line.slice(0, 300)}`)
      }
    }
    if (event.level === 'error') problems.push(`error logged: ${line.slice(0, 300)}`)
  }
  return problems
}
