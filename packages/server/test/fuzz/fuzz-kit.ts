import { ERROR_CODES } from '@mcp-remote/core'
import {
  NASTY_STRINGS as HOSTILE_STRINGS,
  type JsonVocabulary,
  mutate as mutateIn,
  type Rng,
  randomJson as randomJsonIn,
} from '@mcp-remote/fuzz-kit'
import { HTTP_STATUS_BY_CODE } from '../../src/http/index.js'

/**
 * The fuzz suites' seed: `FUZZ_SEED=<n> npx vitest run --project server test/fuzz` replays a
 * run. Every failure message names the seed and the request that broke the rule.
 */
export const SEED = Number(process.env.FUZZ_SEED ?? 0x5eed_c0de)

export { deepJson, Rng, randomPercentEncoded, randomString } from '@mcp-remote/fuzz-kit'

/** A credential value sent through every path; it must never come back nor reach a log. */
export const CANARY = 'CANARY-cred-5b1f0e9d'

/** Strings that break naive code, plus this API's own sources and commands. */
export const NASTY_STRINGS: readonly string[] = [
  ...HOSTILE_STRINGS,
  'npm:',
  'npm:x',
  'https://github.com/o/r',
  'https://github.com/o/r\n/x',
  'npx -y pkg; rm -rf /',
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

const VOCABULARY: JsonVocabulary = { keys: KEYS, strings: NASTY_STRINGS }

/** Any JSON value, at most `depth` deep, in this API's vocabulary. */
export function randomJson(rng: Rng, depth = 3): unknown {
  return randomJsonIn(rng, VOCABULARY, depth)
}

/** A copy of `value` with one random change: a field dropped, added, retyped, or nested. */
export function mutate(rng: Rng, value: unknown): unknown {
  return mutateIn(rng, value, VOCABULARY)
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
