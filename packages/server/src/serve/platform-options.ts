import type { PlatformLogger, PlatformOptions } from '@mcp-remote/core'
import type { ServerEnv } from '../config/index.js'

/**
 * The `createPlatform` options a server configuration asks for: data directory or PostgreSQL,
 * master keys, default runtime, start deadline and health-loop settings. Runtimes and the
 * analyzer take core's defaults.
 */
export function platformOptionsFor(env: ServerEnv, logger: PlatformLogger): PlatformOptions {
  return {
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
