import { resolve } from 'node:path'
import { McpRemoteError, RUNTIME_NAMES } from '@mcp-remote/core'
import { z } from 'zod'
import { LOG_LEVELS } from '../log/index.js'

const ORIGIN =
  /^(chrome-extension:\/\/[a-p]{32}|moz-extension:\/\/[0-9a-f-]{36}|https?:\/\/[a-z0-9.-]+(:\d{1,5})?)$/i
const FERNET_KEY = /^[A-Za-z0-9_-]{43}=$/

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()))

const int = (min: number, max: number, fallback: number) =>
  optionalString.pipe(
    z
      .string()
      .regex(/^\d+$/, `must be an integer from ${min} to ${max}`)
      .transform(Number)
      .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`))
      .optional()
      .transform((v) => v ?? fallback),
  )

const bool = (fallback: boolean) =>
  optionalString.pipe(
    z
      .enum(['true', 'false', '1', '0', 'yes', 'no'], 'must be true or false')
      .optional()
      .transform((v) => (v === undefined ? fallback : v === 'true' || v === '1' || v === 'yes')),
  )

const list = optionalString.transform((v) =>
  v === undefined
    ? []
    : v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
)

/**
 * The server's configuration, read from environment variables (flags of `mcp-deploy serve`
 * mirror them). Every variable is documented in docs/server.md.
 */
export const ServerEnvSchema = z
  .object({
    PORT: int(0, 65_535, 8787),
    HOST: optionalString.transform((v) => v ?? '127.0.0.1'),
    DATA_DIR: optionalString.transform((v) => resolve(v ?? '.mcp-remote')),
    DATABASE_URL: optionalString.pipe(
      z
        .string()
        .regex(/^postgres(ql)?:\/\/\S+$/, 'must be a postgres:// or postgresql:// URL')
        .optional(),
    ),
    MASTER_ENCRYPTION_KEY: list.pipe(
      z.array(
        z
          .string()
          .regex(
            FERNET_KEY,
            'must be comma-separated Fernet keys (44 characters of url-safe base64)',
          ),
      ),
    ),
    MCP_REMOTE_API_TOKEN: optionalString.pipe(
      z.string().min(16, 'must be at least 16 characters').max(512).optional(),
    ),
    MCP_REMOTE_CORS_ORIGINS: list.pipe(
      z.array(
        z
          .string()
          .regex(
            ORIGIN,
            'must be comma-separated origins like chrome-extension://<id> or https://host',
          ),
      ),
    ),
    MCP_REMOTE_RATE_LIMIT: int(1, 1_000_000, 100),
    MCP_REMOTE_TRUST_PROXY: bool(false),
    MCP_REMOTE_DEFAULT_RUNTIME: optionalString.pipe(z.enum(RUNTIME_NAMES).optional()),
    MCP_REMOTE_HEALTH_INTERVAL_MS: int(1_000, 86_400_000, 30_000),
    MCP_REMOTE_HEALTH_TIMEOUT_MS: int(100, 60_000, 5_000),
    MCP_REMOTE_HEALTH_CONCURRENCY: int(1, 10_000, 200),
    MCP_REMOTE_HEALTH_STRIKES: int(1, 100, 3),
    MCP_REMOTE_START_TIMEOUT_MS: int(1_000, 3_600_000, 60_000),
    LOG_LEVEL: optionalString
      .pipe(z.enum(LOG_LEVELS, `must be one of ${LOG_LEVELS.join(', ')}`).optional())
      .transform((v) => v ?? 'info'),
    FLY_API_TOKEN: optionalString,
    FLY_ORG: optionalString.transform((v) => v ?? 'personal'),
    FLY_API_HOSTNAME: optionalString.pipe(z.url('must be a URL').optional()),
    FLY_IMAGE: optionalString,
    ANTHROPIC_API_KEY: optionalString,
    ANTHROPIC_MODEL: optionalString,
    GITHUB_TOKEN: optionalString,
    GITHUB_API_URL: optionalString.pipe(z.url('must be a URL').optional()),
    NPM_REGISTRY_URL: optionalString.pipe(z.url('must be a URL').optional()),
  })
  .superRefine((env, ctx) => {
    if (env.FLY_API_TOKEN && !env.FLY_IMAGE) {
      ctx.addIssue({
        code: 'custom',
        path: ['FLY_IMAGE'],
        message: 'is required when FLY_API_TOKEN is set (the mcp-base image in registry.fly.io)',
      })
    }
  })

/** The parsed configuration. */
export type ServerEnv = z.infer<typeof ServerEnvSchema>

/** The variables {@link ServerEnvSchema} reads. */
export const SERVER_ENV_NAMES = Object.keys(ServerEnvSchema.shape) as Array<keyof ServerEnv>

/** A configuration variable has a bad value. The message names it, never its value. */
export class ServerConfigError extends McpRemoteError {
  readonly variable: string

  constructor(variable: string, rule: string) {
    super('invalid_request', `${variable} ${rule}`, { details: { variable } })
    this.variable = variable
  }
}

/**
 * Reads the server's configuration from `env` (default `process.env`).
 * @throws {@link ServerConfigError} for the first bad variable, naming it and its rule.
 */
export function loadServerEnv(
  env: Readonly<Record<string, string | undefined>> = process.env,
): ServerEnv {
  const picked = Object.fromEntries(SERVER_ENV_NAMES.map((name) => [name, env[name]]))
  const parsed = ServerEnvSchema.safeParse(picked)
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]!
  const variable = String(issue.path[0] ?? 'configuration')
  throw new ServerConfigError(variable, issue.message)
}
