import { OpenAPIHono } from '@hono/zod-openapi'
import type { Platform } from '@mcp-remote/core'
import { type Clock, systemClock, ValidationError, zodIssues } from '@mcp-remote/core'
import { methodNotAllowed } from 'hono/method-not-allowed'
import type { Logger } from 'pino'
import type { ApiTokenVerifier } from '../auth/index.js'
import { createLogger } from '../log/index.js'
import { SERVER_VERSION } from '../version.js'
import { MethodNotAllowedError, RouteNotFoundError } from './api-error.js'
import type { AppEnv } from './app-env.js'
import { errorResponse } from './error-response.js'
import { createHealthCheck } from './health-check.js'
import { bearerAuth } from './middleware/auth.js'
import { limitBody, MAX_BODY_BYTES } from './middleware/body-limit.js'
import { clientIp } from './middleware/client-ip.js'
import { cors } from './middleware/cors.js'
import { rateLimit } from './middleware/rate-limit.js'
import { requestId } from './middleware/request-id.js'
import { requestLog } from './middleware/request-log.js'
import { registerAnalysisRoutes } from './routes/analysis-routes.js'
import { registerCostRoute } from './routes/cost-route.js'
import { registerDeploymentRoutes } from './routes/deployment-routes.js'
import { registerHealthRoute } from './routes/health-route.js'
import { unstorableText } from './storable-text.js'

/** Where the OpenAPI 3.1 document is served. */
export const OPENAPI_PATH = '/api/openapi.json'
/** Paths served without the API token: health, for probes, and the API's own description. */
export const PUBLIC_PATHS = ['/api/health', OPENAPI_PATH] as const

/** Options of {@link createApp}. */
export interface AppOptions {
  platform: Platform
  /** Checks the `Authorization: Bearer` token. */
  apiToken: ApiTokenVerifier
  /** Default: pino at `info` on standard output. */
  logger?: Logger
  /** Exact origins allowed by CORS, e.g. `chrome-extension://<id>`. Default none. */
  corsOrigins?: readonly string[]
  /** Requests per minute per client IP (default 100). */
  rateLimitPerMinute?: number
  /** Take the client IP from `X-Forwarded-For`'s last hop (behind a trusted proxy). */
  trustProxy?: boolean
  /** Largest body accepted, bytes (default 1 MiB). */
  maxBodyBytes?: number
  clock?: Clock
}

/**
 * The REST API (DESIGN.md §7) over a {@link Platform}, as a Hono app: routes declared by zod
 * schemas, an OpenAPI 3.1 document at `/api/openapi.json`, and in front of them request ids and
 * access logs, a per-IP rate limit, CORS, the bearer-token check, 405s with `Allow`, and a 1 MiB
 * body cap. Every failure answers `{ error, message, details, retry_allowed }`.
 *
 * @example
 * ```ts
 * const app = createApp({ platform, apiToken: ApiTokenVerifier.forToken(token) })
 * const res = await app.request('/api/deployments', { headers: { authorization: `Bearer ${token}` } })
 * ```
 */
export function createApp(opts: AppOptions): OpenAPIHono<AppEnv> {
  const clock = opts.clock ?? systemClock
  const logger = opts.logger ?? createLogger()
  const trustProxy = opts.trustProxy ?? false
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw new ValidationError('invalid request', zodIssues(result.error))
      // Valid by the schema, but text the store cannot hold would fail as a 500 there.
      const issues = unstorableText(result.data)
      if (issues.length > 0) throw new ValidationError('invalid request', issues)
    },
  })

  const corsFor = cors(opts.corsOrigins ?? [])
  app.use('*', requestId())
  app.use('*', requestLog(logger))
  app.use('*', corsFor.headers)
  app.use(
    '*',
    rateLimit({
      perMinute: opts.rateLimitPerMinute ?? 100,
      clock,
      clientKey: (c) => clientIp(c, trustProxy),
    }),
  )
  app.use('*', corsFor.preflight)
  app.use('*', bearerAuth(opts.apiToken, PUBLIC_PATHS))
  app.use(
    '*',
    methodNotAllowed({
      app,
      onMethodNotAllowed: (c, methods) => {
        throw new MethodNotAllowedError(c.req.method, methods)
      },
    }),
  )
  app.use('*', limitBody(opts.maxBodyBytes ?? MAX_BODY_BYTES))

  registerHealthRoute(app, createHealthCheck(opts.platform, { clock, version: SERVER_VERSION }))
  registerDeploymentRoutes(app, opts.platform)
  registerAnalysisRoutes(app, opts.platform)
  registerCostRoute(app, opts.platform)

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    description: 'The server API token (MCP_REMOTE_API_TOKEN, or printed on first start).',
  })
  app.doc31(OPENAPI_PATH, {
    openapi: '3.1.0',
    info: {
      title: 'mcp-remote API',
      version: SERVER_VERSION,
      description:
        'Deploy stdio MCP servers as authenticated remote endpoints. Errors are always { error, message, details, retry_allowed }.',
    },
  })

  app.notFound((c) => errorResponse(new RouteNotFoundError(c.req.method, c.req.path), c))
  app.onError(errorResponse)
  return app
}
