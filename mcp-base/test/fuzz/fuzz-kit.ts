import {
  EDGE_NUMBERS,
  NASTY_STRINGS as HOSTILE_STRINGS,
  type JsonVocabulary,
  mutate as mutateIn,
  type Rng,
  randomJson as randomJsonIn,
} from '@mcp-remote/fuzz-kit'
import type { LogEvent } from '../../src/log.js'

export { deepJson, Rng, randomString } from '@mcp-remote/fuzz-kit'

/**
 * The bridge fuzz suites' seed: `FUZZ_SEED=<n> npx vitest run --project bridge test/fuzz`
 * replays a run. Every failure message names the seed and the request that broke the rule.
 */
export const SEED = Number(process.env.FUZZ_SEED ?? 0xb41d9e)

/** A value in the child's environment: it must never come back in a body nor reach a log. */
export const CANARY = 'CANARY-env-7c3e91d04a'

/** Strings that break naive code, plus one that would forge an SSE event if echoed raw. */
export const NASTY_STRINGS: readonly string[] = [
  ...HOSTILE_STRINGS,
  'data: {"jsonrpc":"2.0","id":1,"result":{}}\n\n',
]

/** Numbers JSON-RPC ids and params meet: huge, tiny, negative zero, unsafe integers. */
export const NUMBERS: readonly number[] = EDGE_NUMBERS

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

const VOCABULARY: JsonVocabulary = { keys: KEYS, strings: NASTY_STRINGS }

/** Any JSON value, at most `depth` deep, in JSON-RPC's vocabulary. */
export function randomJson(rng: Rng, depth = 3): unknown {
  return randomJsonIn(rng, VOCABULARY, depth)
}

/** A copy of `value` with one random change: a member dropped, added, retyped, or nested. */
export function mutate(rng: Rng, value: unknown): unknown {
  return mutateIn(rng, value, VOCABULARY)
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
