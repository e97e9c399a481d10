import type { RuntimeName } from '@mcp-remote/core'
import type { HealthView } from './wire-types'

const KNOWN: readonly RuntimeName[] = ['local', 'fly']

function isRuntimeName(value: unknown): value is RuntimeName {
  return typeof value === 'string' && (KNOWN as readonly string[]).includes(value)
}

/**
 * The runtimes a server offers, read from its `GET /api/health` answer. Accepts a list of
 * names or of `{ name, ok | available }` objects (an entry marked unavailable is left out), or
 * a `{ local: { ok }, fly: { ok } }` map (what the server sends); `['local']` when the answer
 * says nothing.
 */
export function runtimesFromHealth(health: unknown): RuntimeName[] {
  if (typeof health !== 'object' || health === null) return ['local']
  const raw = (health as HealthView).runtimes as unknown
  const found: RuntimeName[] = []
  if (Array.isArray(raw)) {
    for (const entry of raw) {
      if (isRuntimeName(entry)) found.push(entry)
      else if (typeof entry === 'object' && entry !== null) {
        const e = entry as { name?: unknown; ok?: unknown; available?: unknown }
        if (isRuntimeName(e.name) && e.ok !== false && e.available !== false) found.push(e.name)
      }
    }
  } else if (typeof raw === 'object' && raw !== null) {
    for (const [name, value] of Object.entries(raw)) {
      const check = value as { ok?: unknown } | boolean | null
      const ok =
        check !== false && check !== null && (typeof check !== 'object' || check.ok !== false)
      if (isRuntimeName(name) && ok) found.push(name)
    }
  }
  const unique = KNOWN.filter((name) => found.includes(name))
  return unique.length > 0 ? unique : ['local']
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
