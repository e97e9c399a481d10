import type { Context, TypedResponse } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { JSONParsed } from 'hono/utils/types'

const serialized = new WeakMap<object, string>()
const JSON_CONTENT = { 'Content-Type': 'application/json' } as const

/**
 * `JSON.stringify(value)`, computed once per value when the value is frozen (immutable: a
 * cached `DeploymentView` is served many times and never changes). Other values are
 * serialized each time.
 */
export function frozenJson(value: object): string {
  if (!Object.isFrozen(value)) return JSON.stringify(value)
  let json = serialized.get(value)
  if (json === undefined) {
    json = JSON.stringify(value)
    serialized.set(value, json)
  }
  return json
}

/** `c.json(value, status)`, with the body from {@link frozenJson}. */
export function frozenJsonResponse<T extends object, S extends ContentfulStatusCode>(
  c: Context,
  value: T,
  status: S,
): Response & TypedResponse<JSONParsed<T>, S, 'json'> {
  // Same bytes and headers as c.json; only the typing has to be restated.
  const res: Response = c.body(frozenJson(value), status, JSON_CONTENT)
  return res as Response & TypedResponse<JSONParsed<T>, S, 'json'>
}
