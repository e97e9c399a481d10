import type { OptionValues } from '../command-context.js'

/** `serve`/`--local` flags and the environment variables they override. */
export const FLAG_ENV = {
  port: 'PORT',
  host: 'HOST',
  'data-dir': 'DATA_DIR',
  'database-url': 'DATABASE_URL',
  'log-level': 'LOG_LEVEL',
  'cors-origins': 'MCP_REMOTE_CORS_ORIGINS',
  'rate-limit': 'MCP_REMOTE_RATE_LIMIT',
} as const

/** The environment with the given flags written over it. */
export function envWithFlags(
  env: Readonly<Record<string, string | undefined>>,
  values: OptionValues,
): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = { ...env }
  for (const [flag, name] of Object.entries(FLAG_ENV)) {
    const v = values[flag]
    if (typeof v === 'string') out[name] = v
  }
  return out
}
