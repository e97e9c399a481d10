import type { PlatformLogger, PlatformOptions } from '@mcp-remote/core'
import type { ServerEnv } from '../config/index.js'

const PASSED_TO_CORE = [
  'FLY_API_TOKEN',
  'FLY_ORG',
  'FLY_API_HOSTNAME',
  'FLY_IMAGE',
  'GITHUB_TOKEN',
  'GITHUB_API_URL',
  'NPM_REGISTRY_URL',
  'ANTHROPIC_API_KEY',
  'ANTHROPIC_MODEL',
] as const

/**
 * The `createPlatform` options a server configuration asks for: data directory or PostgreSQL,
 * master keys, default runtime, start deadline, health-loop settings, and the Fly and analysis
 * variables core reads (Fly is offered, and becomes the default runtime, when `FLY_API_TOKEN`
 * is set). `allowLocalSources` is false for the networked server: it never analyzes its own
 * directories on a client's say-so.
 */
export function platformOptionsFor(
  env: ServerEnv,
  logger: PlatformLogger,
  opts: { allowLocalSources: boolean },
): PlatformOptions {
  const coreEnv: Record<string, string> = {}
  for (const name of PASSED_TO_CORE) {
    const value = env[name]
    if (value !== undefined) coreEnv[name] = value
  }
  return {
    env: coreEnv,
    allowLocalSources: opts.allowLocalSources,
    dataDir: env.DATA_DIR,
    ...(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : {}),
    ...(env.MASTER_ENCRYPTION_KEY.length > 0 ? { masterKey: env.MASTER_ENCRYPTION_KEY } : {}),
    ...(env.MCP_REMOTE_DEFAULT_RUNTIME ? { defaultRuntime: env.MCP_REMOTE_DEFAULT_RUNTIME } : {}),
    startTimeoutMs: env.MCP_REMOTE_START_TIMEOUT_MS,
    health: {
      intervalMs: env.MCP_REMOTE_HEALTH_INTERVAL_MS,
      timeoutMs: env.MCP_REMOTE_HEALTH_TIMEOUT_MS,
      concurrency: env.MCP_REMOTE_HEALTH_CONCURRENCY,
      strikes: env.MCP_REMOTE_HEALTH_STRIKES,
    },
    logger,
  }
}
