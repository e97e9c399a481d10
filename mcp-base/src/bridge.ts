import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { TokenVerifier } from './auth.js'
import type { RestartDelayOptions } from './backoff.js'
import { childEnv } from './child-env.js'
import { checkArgv } from './command-policy.js'
import { BridgeConfigError } from './errors.js'
import { createHttpHandler } from './http-handler.js'
import { createLogger, type LogLevel, type LogSink, stderrSink } from './log.js'
import { createRedactor, secretEnvValues } from './redact.js'
import { DEFAULT_REPLAY_LIMITS } from './replay-buffer.js'
import { defaultAllowedHosts } from './request-guard.js'
import { SessionRouter } from './session-router.js'
import { SseSessions } from './sse-sessions.js'
import { StreamableSessions } from './streamable-sessions.js'
import { Upstream, type UpstreamState } from './upstream.js'

/** How to start a bridge; see {@link startBridge}. */
export interface BridgeOptions {
  /** The MCP server's argv, e.g. `['npx', '-y', '@scope/server@1.2.3']`. Run without a shell. */
  command: readonly string[]
  /** Port to listen on; 0 picks a free one. Default 8080. */
  port?: number
  /** Interface to bind. Default `127.0.0.1`. */
  host?: string
  /** The token clients must present. Required unless `noAuth` is true. */
  token?: string | undefined
  /** Serve without a token (local experiments only). Default false. */
  noAuth?: boolean
  /** Skip the command policy (`checkArgv`): every program may be started. Default false. */
  allowAnyCommand?: boolean
  /**
   * The environment the child inherits, minus `MCP_BRIDGE_*`. Default `process.env`. Its values
   * are also hidden from the bridge's logs.
   */
  env?: Readonly<Record<string, string | undefined>>
  /** Working directory of the child. Default the bridge's. */
  cwd?: string
  /** `Host` headers accepted (`name` or `name:port`, `*` for any). Default loopback on `port`. */
  allowedHosts?: readonly string[]
  /** Browser origins accepted (`*` for any). Requests without `Origin` always pass. Default none. */
  allowedOrigins?: readonly string[]
  /** Largest request body, in bytes. Default 4 MB. */
  maxBodyBytes?: number
  /**
   * Most sessions open at once, SSE and Streamable HTTP together; a new one beyond it gets `503`
   * with `Retry-After`. Default 100.
   */
  maxSessions?: number
  /**
   * Longest message (line) taken from the child, in characters (bytes, for ASCII JSON). A longer
   * one is dropped as it streams by, never held whole; a client waiting for it gets an error.
   * Default 16 MiB.
   */
  maxChildMessageBytes?: number
  /**
   * Most bytes waiting for the child to read its stdin. Beyond it (the child stopped reading),
   * new requests get `503` with `Retry-After` (a JSON-RPC error when they come in a batch or on
   * a stream), until the child reads again. Default 4 MiB.
   */
  maxChildQueueBytes?: number
  /** A Streamable HTTP session with no stream and no message for this long is closed, in ms. Default 30 min. */
  sessionIdleMs?: number
  /** Interval of SSE keep-alive comments, in ms; 0 disables. Default 20 s. */
  keepAliveMs?: number
  /**
   * A Streamable HTTP POST whose answer has not come within this many ms is answered as an
   * event stream (a priming event or keep-alive at once, keep-alives after, the answer as an
   * event with an id), so proxies that cut silent connections don't cut long calls and a
   * dropped connection can be resumed. Faster answers stay one JSON body. 0 disables. Default
   * 5 s.
   */
  streamAfterMs?: number
  /**
   * Most events each Streamable HTTP session keeps for `Last-Event-ID` replay (older ones are
   * dropped first). Default 256; 0 disables replay.
   */
  replayMaxEvents?: number
  /** Most bytes of events each session keeps for replay. Default 1 MiB. */
  replayMaxBytes?: number
  /** How long the child may take to answer `initialize`, in ms. Default 60 s. */
  initTimeoutMs?: number
  /** Restart backoff bounds. Default 1 s doubling to 30 s. */
  restartDelay?: RestartDelayOptions
  /**
   * How long the child gets between SIGTERM and SIGKILL on close, in ms. Default 3 s, so that the
   * bridge is done within the 5 s a supervisor usually grants it.
   */
  stopGraceMs?: number
  /** Where log events go. Default one JSON line per event on stderr. */
  logSink?: LogSink
  /** Least severe level logged. Default `info`. */
  logLevel?: LogLevel
}

/** Health of a running bridge. */
export interface BridgeStatus {
  /** `ready` when the child is alive and initialized. */
  child: UpstreamState
  /** The child's process id while it runs. */
  childPid: number | undefined
  /** Bytes waiting for the child to read its stdin (more than `maxChildQueueBytes`: refusing). */
  childQueuedBytes: number
  sessions: { sse: number; streamableHttp: number }
}

/** A running bridge. */
export interface Bridge {
  /** Base URL, e.g. `http://127.0.0.1:8080` (no token: endpoints are `<url>/t/<token>/mcp`…). */
  readonly url: string
  /** The port actually bound. */
  readonly port: number
  /** Current status, as `/health` sees it and more. */
  status(): BridgeStatus
  /** Resolves true once the child is initialized, false after `timeoutMs`. */
  whenReady(timeoutMs?: number): Promise<boolean>
  /** Stops serving, closes every session and terminates the child's process group. Idempotent. */
  close(): Promise<void>
}

const MB = 1024 * 1024

/** Default of {@link BridgeOptions.maxSessions}. */
const DEFAULT_MAX_SESSIONS = 100

/**
 * Default of {@link BridgeOptions.streamAfterMs}: well under the first-byte and idle timeouts of
 * common proxies (30 s, 60 s), well over what ordinary calls take.
 */
const DEFAULT_STREAM_AFTER_MS = 5000

/**
 * Starts a bridge: spawns the stdio MCP server in `options.command` and serves it over SSE
 * (`GET /sse`, `POST /messages`) and Streamable HTTP (`/mcp`), with token auth, DNS-rebinding
 * protection, `/health`, and restarts of the child with backoff.
 *
 * Resolves once the HTTP server listens (the child may still be starting: see
 * {@link Bridge.whenReady}).
 *
 * @throws {@link BridgeConfigError} when no token is given without `noAuth`, or the port is invalid.
 * @throws CommandPolicyError (from `./command-policy`) when the command breaks the policy.
 *
 * @example
 * ```ts
 * import { startBridge } from '@mcp-remote/bridge'
 *
 * const bridge = await startBridge({
 *   command: ['npx', '-y', '@modelcontextprotocol/server-everything'],
 *   port: 0,
 *   token: process.env.MCP_BRIDGE_TOKEN,
 * })
 * await bridge.whenReady()
 * // clients connect to `${bridge.url}/t/<token>/mcp` or `${bridge.url}/t/<token>/sse`
 * await bridge.close()
 * ```
 */
export async function startBridge(options: BridgeOptions): Promise<Bridge> {
  const port = options.port ?? 8080
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new BridgeConfigError('port', 'port must be an integer from 0 to 65535')
  }
  for (const name of ['maxSessions', 'maxChildMessageBytes', 'maxChildQueueBytes'] as const) {
    const value = options[name]
    if (value !== undefined && !(Number.isInteger(value) && value >= 1)) {
      throw new BridgeConfigError(name, `${name} must be a positive integer`)
    }
  }
  const token = options.token
  if (!options.noAuth && (token === undefined || token.length === 0)) {
    throw new BridgeConfigError(
      'token',
      'a token is required (set MCP_BRIDGE_TOKEN), or pass --no-auth to serve without one',
    )
  }
  if (options.command.length === 0) throw new BridgeConfigError('command', 'no command given')
  if (!options.allowAnyCommand) checkArgv(options.command)

  const host = options.host ?? '127.0.0.1'
  const sourceEnv = options.env ?? process.env
  const env = childEnv(sourceEnv)
  const redact = createRedactor([...(token ? [token] : []), ...secretEnvValues(env)])
  const log = createLogger(options.logSink ?? stderrSink, redact, options.logLevel)
  const keepAliveMs = options.keepAliveMs ?? 20_000
  const sessionIdleMs = options.sessionIdleMs ?? 30 * 60_000

  let router: SessionRouter | undefined
  const upstream = new Upstream({
    argv: options.command,
    env,
    cwd: options.cwd,
    log,
    redact,
    initTimeoutMs: options.initTimeoutMs ?? 60_000,
    restartDelay: options.restartDelay,
    stopGraceMs: options.stopGraceMs ?? 3000,
    maxLineLength: options.maxChildMessageBytes ?? 16 * MB,
    maxQueuedBytes: options.maxChildQueueBytes ?? 4 * MB,
    onMessage: (message) => router?.fromChild(message),
    onReady: (info) => router?.childReady(info),
    onLost: () => router?.childLost(),
  })
  router = new SessionRouter(upstream, {
    log,
    readyTimeoutMs: options.initTimeoutMs ?? 60_000,
  })
  const maxSessions = options.maxSessions ?? DEFAULT_MAX_SESSIONS
  // The router counts both transports' sessions, and forgets one as it closes (reaped too).
  const canOpen = () => (router as SessionRouter).size < maxSessions
  const sse = new SseSessions({ router, log, keepAliveMs, canOpen })
  const streamable = new StreamableSessions({
    canOpen,
    router,
    log,
    keepAliveMs,
    streamAfterMs: options.streamAfterMs ?? DEFAULT_STREAM_AFTER_MS,
    replay: {
      maxEvents: options.replayMaxEvents ?? DEFAULT_REPLAY_LIMITS.maxEvents,
      maxBytes: options.replayMaxBytes ?? DEFAULT_REPLAY_LIMITS.maxBytes,
    },
  })

  // Filled in after listen when not configured: the defaults name the port actually bound.
  const allowedHosts: string[] = [...(options.allowedHosts ?? [])]
  const server: Server = createServer(
    { noDelay: true, keepAlive: true },
    createHttpHandler({
      verifier: !options.noAuth && token ? new TokenVerifier(token) : undefined,
      allowedHosts,
      allowedOrigins: options.allowedOrigins ?? [],
      maxBodyBytes: options.maxBodyBytes ?? 4 * MB,
      sse,
      streamable,
      healthy: () => upstream.state === 'ready',
      healthDetails: () => ({ child: upstream.state, restarts: upstream.restarts }),
      log,
    }),
  )
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const bound = (server.address() as AddressInfo).port
  if (options.allowedHosts === undefined) allowedHosts.push(...defaultAllowedHosts(bound))
  log.info({ host, port: bound, auth: !options.noAuth && token ? 'token' : 'none' }, 'listening')
  upstream.start()

  const reaper = setInterval(
    () => {
      const reaped = streamable.reap(Date.now(), sessionIdleMs)
      if (reaped > 0) log.info({ reaped }, 'idle sessions closed')
    },
    Math.min(60_000, Math.max(1000, Math.floor(sessionIdleMs / 4))),
  )
  reaper.unref()

  let closing: Promise<void> | undefined
  const urlHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host
  return {
    url: `http://${urlHost}:${bound}`,
    port: bound,
    status: () => ({
      child: upstream.state,
      childPid: upstream.pid,
      childQueuedBytes: upstream.queuedBytes,
      sessions: { sse: sse.size, streamableHttp: streamable.size },
    }),
    whenReady: (timeoutMs = 60_000) => upstream.whenReady(timeoutMs),
    close: () => {
      closing ??= (async () => {
        log.info({}, 'shutting down')
        clearInterval(reaper)
        const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()))
        streamable.closeAll()
        sse.closeAll()
        server.closeAllConnections()
        await upstream.stop()
        await serverClosed
        log.info({}, 'stopped')
      })()
      return closing
    },
  }
}
