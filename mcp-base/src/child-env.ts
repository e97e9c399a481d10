/** Prefix of the bridge's own variables, which the child never sees. */
export const BRIDGE_ENV_PREFIX = 'MCP_BRIDGE_'

/**
 * The child's environment: exactly the bridge's, minus `MCP_BRIDGE_*` (the runtime that started
 * the bridge already chose what the server gets). Pure.
 */
export function childEnv(
  env: Readonly<Record<string, string | undefined>>,
): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && !name.startsWith(BRIDGE_ENV_PREFIX)) out[name] = value
  }
  return out
}
