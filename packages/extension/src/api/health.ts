import type { RuntimeName } from '@mcp-remote/core'
import type { HealthView } from './wire-types'

const KNOWN: readonly RuntimeName[] = ['local', 'fly']

function isRuntimeName(value: unknown): value is RuntimeName {
  return typeof value === 'string' && (KNOWN as readonly string[]).includes(value)
}

/** One runtime a health answer names: whether it is offered, and why its check failed. */
interface RuntimeEntry {
  name: RuntimeName
  /** The failed check's reason (`timed out`, `unavailable`), or null when it passed. */
  problem: string | null
}

function problemOf(check: unknown): string | null {
  if (typeof check !== 'object' || check === null) return null
  const c = check as { ok?: unknown; error?: unknown }
  if (c.ok !== false) return null
  return typeof c.error === 'string' && c.error.trim() ? c.error.trim() : 'failed'
}

function entriesOf(health: unknown): RuntimeEntry[] {
  if (typeof health !== 'object' || health === null) return []
  const raw = (health as HealthView).runtimes as unknown
  const found: RuntimeEntry[] = []
  if (Array.isArray(raw)) {
    for (const entry of raw) {
      if (isRuntimeName(entry)) found.push({ name: entry, problem: null })
      else if (typeof entry === 'object' && entry !== null) {
        const e = entry as { name?: unknown; available?: unknown }
        if (isRuntimeName(e.name) && e.available !== false) {
          found.push({ name: e.name, problem: problemOf(entry) })
        }
      }
    }
  } else if (typeof raw === 'object' && raw !== null) {
    for (const [name, check] of Object.entries(raw)) {
      if (isRuntimeName(name) && check !== false && check !== null) {
        found.push({ name, problem: problemOf(check) })
      }
    }
  }
  return found
}

/**
 * The runtimes a server offers, read from its `GET /api/health` answer. Accepts a list of
 * names or of `{ name, ok | available }` objects (an entry marked unavailable is left out), or
 * a `{ local: { ok }, fly: { ok } }` map (what the server sends: its keys are the runtimes it
 * offers); `['local']` when the answer says nothing. A runtime whose check failed (`ok: false`,
 * e.g. Fly's API was slow to answer) is still offered: the server deploys there, and its
 * default may be that runtime; {@link runtimeProblemsFromHealth} says what failed.
 */
export function runtimesFromHealth(health: unknown): RuntimeName[] {
  const names = entriesOf(health).map((e) => e.name)
  const unique = KNOWN.filter((name) => names.includes(name))
  return unique.length > 0 ? unique : ['local']
}

/** Why the offered runtimes that failed the server's last check failed, by runtime. */
export function runtimeProblemsFromHealth(health: unknown): Partial<Record<RuntimeName, string>> {
  const problems: Partial<Record<RuntimeName, string>> = {}
  for (const e of entriesOf(health)) if (e.problem) problems[e.name] = e.problem
  return problems
}

/**
 * The runtime to preselect: the server's `default_runtime` when it is among `offered`, else
 * the first of `offered` (servers that do not name a default).
 */
export function defaultRuntimeFromHealth(
  health: unknown,
  offered: readonly RuntimeName[],
): RuntimeName {
  const named =
    typeof health === 'object' && health !== null
      ? (health as HealthView).default_runtime
      : undefined
  if (isRuntimeName(named) && offered.includes(named)) return named
  return offered[0] ?? 'local'
}
