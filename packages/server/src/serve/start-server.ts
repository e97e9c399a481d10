import type { AddressInfo } from 'node:net'
import type { Platform } from '@mcp-remote/core'
import { createPlatform } from '@mcp-remote/core'
import type { Logger } from 'pino'
import { type ResolvedApiToken, resolveApiToken } from '../auth/index.js'
import { ServerConfigError, type ServerEnv } from '../config/index.js'
import { createApp } from '../http/index.js'
import { createLogger } from '../log/index.js'
import { createNodeServer } from './node-server.js'
import { platformOptionsFor } from './platform-options.js'

/** Options of {@link startServer}. */
export interface StartServerOptions {
  env: ServerEnv
  /** Default: pino at `env.LOG_LEVEL` on standard output. */
  logger?: Logger
  /** A platform to serve; default `createPlatform` from `env`. It is closed with the server. */
  platform?: Platform
}

/** A listening server. */
export interface RunningServer {
  /** `http://<host>:<port>` */
  url: string
  port: number
  platform: Platform
  apiToken: ResolvedApiToken
  /** Stops accepting connections, then stops the health loop and closes the platform. */
  close(): Promise<void>
}

/** A listen failure as the configuration mistake it usually is, naming the variable to change. */
function listenError(err: NodeJS.ErrnoException, host: string, port: number): Error {
  if (err.code === 'EADDRINUSE') {
    return new ServerConfigError(
      'PORT',
      `${port} on ${host} is already in use (another mcp-remote server?): stop it or set PORT`,
    )
  }
  if (err.code === 'EACCES') {
    return new ServerConfigError(
      'PORT',
      `${port} needs privileges this process lacks: use a port above 1023`,
    )
  }
  if (err.code === 'EADDRNOTAVAIL') {
    return new ServerConfigError('HOST', `${host} is not an address of this machine`)
  }
  return err
}

/**
 * Starts the API server: opens the platform, settles the API token, listens on `HOST:PORT`
 * (127.0.0.1:8787 by default), then reconciles what a previous run left behind (DESIGN.md §3)
 * and starts the health loop (§6). A generated API token is returned once in
 * `apiToken.generatedToken` for the caller to show.
 */
export async function startServer(opts: StartServerOptions): Promise<RunningServer> {
  const { env } = opts
  const logger = opts.logger ?? createLogger({ level: env.LOG_LEVEL })
  const apiToken = await resolveApiToken({ token: env.MCP_REMOTE_API_TOKEN, dataDir: env.DATA_DIR })
  const platform =
    opts.platform ??
    (await createPlatform(
      platformOptionsFor(env, logger.child({ module: 'core' }), { allowLocalSources: false }),
    ))
  try {
    const app = createApp({
      platform,
      apiToken: apiToken.verifier,
      logger,
      corsOrigins: env.MCP_REMOTE_CORS_ORIGINS,
      rateLimitPerMinute: env.MCP_REMOTE_RATE_LIMIT,
      trustProxy: env.MCP_REMOTE_TRUST_PROXY,
    })
    const server = createNodeServer(app.fetch, { hostname: env.HOST, logger })
    // Take the port before touching any deployment: a server that cannot listen (the port is
    // taken, often by a running instance) must not reconcile or probe anything.
    await new Promise<void>((resolve, reject) => {
      const failed = (err: NodeJS.ErrnoException) => reject(listenError(err, env.HOST, env.PORT))
      server.once('error', failed)
      server.listen(env.PORT, env.HOST, () => {
        server.off('error', failed)
        resolve()
      })
    })
    try {
      const report = await platform.reconcile()
      logger.info(
        {
          resumed: report.resumed.length,
          failed: report.failed.length,
          restarted: report.restarted.length,
          orphans_destroyed: report.orphansDestroyed,
          unlisted_runtimes: report.unlistedRuntimes,
        },
        'reconciled',
      )
      platform.startHealthLoop()
    } catch (err) {
      await new Promise<void>((resolve) => server.close(() => resolve()))
      throw err
    }
    const { port } = server.address() as AddressInfo
    const host = env.HOST.includes(':') ? `[${env.HOST}]` : env.HOST
    const url = `http://${host}:${port}`
    if (!['127.0.0.1', 'localhost', '::1'].includes(env.HOST)) {
      logger.warn({ host: env.HOST }, 'listening beyond loopback; put TLS in front of the API')
    }
    logger.info(
      { url, store: platform.store.dialect, runtimes: [...platform.runtimes.keys()] },
      'listening',
    )
    let closing: Promise<void> | undefined
    return {
      url,
      port,
      platform,
      apiToken,
      close() {
        closing ??= (async () => {
          await new Promise<void>((resolve) => {
            server.close(() => resolve())
            if ('closeIdleConnections' in server) server.closeIdleConnections()
          })
          await platform.close()
          logger.info({}, 'closed')
        })()
        return closing
      },
    }
  } catch (err) {
    await platform.close()
    throw err
  }
}
