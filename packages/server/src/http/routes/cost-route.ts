import { createRoute, type OpenAPIHono } from '@hono/zod-openapi'
import type { Platform } from '@mcp-remote/core'
import { offeredRuntime } from '../../operations/index.js'
import { CostEstimateSchema, CostQuerySchema } from '../../schemas/index.js'
import type { AppEnv } from '../app-env.js'
import { BEARER, errorResponses } from './error-responses.js'

const costRoute = createRoute({
  method: 'get',
  path: '/api/cost',
  summary: 'What a deployment on a runtime would cost',
  description:
    'The estimate POST /api/deployments asks clients to confirm (confirm_cost: true), without creating anything: show it, and the confirmation, before the first deploy request.',
  security: BEARER,
  request: { query: CostQuerySchema },
  responses: {
    200: {
      description: 'The estimate',
      content: { 'application/json': { schema: CostEstimateSchema } },
    },
    ...errorResponses(400, 401, 429),
  },
})

/**
 * Registers `GET /api/cost?runtime=local|fly`: the platform's estimate for an offered runtime
 * (default: the server's default). No side effects; an unknown or unconfigured runtime answers
 * 400 `invalid_request` naming the runtimes offered.
 */
export function registerCostRoute(
  app: OpenAPIHono<AppEnv>,
  platform: Pick<Platform, 'runtimes' | 'defaultRuntime' | 'estimateCost'>,
): void {
  app.openapi(costRoute, (c) => {
    const runtime = offeredRuntime(platform, c.req.valid('query').runtime)
    return c.json(platform.estimateCost(runtime), 200)
  })
}
