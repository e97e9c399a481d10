import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import type { Platform } from '@mcp-remote/core'
import { createDeployment } from '../../operations/index.js'
import {
  CreateDeploymentBodySchema,
  DeploymentIdParamSchema,
  DeploymentListSchema,
  DeploymentViewSchema,
} from '../../schemas/index.js'
import type { AppEnv } from '../app-env.js'
import { frozenJsonResponse } from '../frozen-json.js'
import { BEARER, errorResponses } from './error-responses.js'

const json = <T>(schema: T) => ({ 'application/json': { schema } })

const createDeploymentRoute = createRoute({
  method: 'post',
  path: '/api/deployments',
  summary: 'Deploy an MCP server',
  description:
    'Validates the config and credentials, requires confirm_cost: true, creates the deployment and deploys it in the background. Poll GET /api/deployments/{id} until running or failed. With an Idempotency-Key header the request is safe to retry: the same key and request answer with the deployment the first one created (422 idempotency_key_reused for the key with another request).',
  security: BEARER,
  request: {
    headers: z.object({
      'idempotency-key': z
        .string()
        .regex(/^[\x21-\x7e]{1,255}$/, 'must be 1 to 255 visible ASCII characters')
        .optional()
        .openapi({
          param: { name: 'idempotency-key', in: 'header' },
          description:
            'Any unique value per deploy request (e.g. a UUID), repeated on retries of that request.',
          example: '4f0e2c9a-6b1d-4e53-9a7e-2d8c1f3b5a60',
        }),
    }),
    body: { content: json(CreateDeploymentBodySchema), required: true },
  },
  responses: {
    202: {
      description:
        'Created, deploying; or, for a repeated Idempotency-Key, the deployment it created',
      content: json(DeploymentViewSchema),
    },
    ...errorResponses(400, 401, 404, 413, 415, 422, 429, 502),
  },
})

const listDeploymentsRoute = createRoute({
  method: 'get',
  path: '/api/deployments',
  summary: 'List deployments, newest first',
  security: BEARER,
  request: {
    query: z.object({
      // Digits only: a bare coerce took `0x10`, `1e2` and ` 5` for numbers.
      limit: z
        .string()
        .regex(/^[0-9]{1,4}$/, 'must be a whole number from 1 to 1000')
        .transform(Number)
        .pipe(z.number().int().min(1).max(1000))
        .optional()
        .openapi({
          param: { name: 'limit', in: 'query' },
          type: 'integer',
          minimum: 1,
          maximum: 1000,
          description: 'At most this many (default: all).',
        }),
    }),
  },
  responses: {
    200: { description: 'Deployments', content: json(DeploymentListSchema) },
    ...errorResponses(400, 401, 429),
  },
})

const getDeploymentRoute = createRoute({
  method: 'get',
  path: '/api/deployments/{id}',
  summary: 'One deployment, with endpoint URLs, tools, recent events and cost',
  security: BEARER,
  request: { params: DeploymentIdParamSchema },
  responses: {
    200: { description: 'The deployment', content: json(DeploymentViewSchema) },
    ...errorResponses(400, 401, 404, 429),
  },
})

const stopDeploymentRoute = createRoute({
  method: 'post',
  path: '/api/deployments/{id}/stop',
  summary: 'Stop a running or unhealthy deployment',
  security: BEARER,
  request: { params: DeploymentIdParamSchema },
  responses: {
    200: { description: 'Stopped', content: json(DeploymentViewSchema) },
    ...errorResponses(400, 401, 404, 409, 413, 429, 502),
  },
})

const restartDeploymentRoute = createRoute({
  method: 'post',
  path: '/api/deployments/{id}/restart',
  summary: 'Redeploy a stopped, failed, running or unhealthy deployment',
  security: BEARER,
  request: { params: DeploymentIdParamSchema },
  responses: {
    202: { description: 'Deploying again', content: json(DeploymentViewSchema) },
    ...errorResponses(400, 401, 404, 409, 413, 429),
  },
})

const deleteDeploymentRoute = createRoute({
  method: 'delete',
  path: '/api/deployments/{id}',
  summary: 'Destroy the runtime resources, then the row and its credentials',
  security: BEARER,
  request: { params: DeploymentIdParamSchema },
  responses: {
    204: { description: 'Deleted' },
    ...errorResponses(400, 401, 404, 413, 429, 502),
  },
})

/** Registers the `/api/deployments` routes (DESIGN.md §7). */
export function registerDeploymentRoutes(app: OpenAPIHono<AppEnv>, platform: Platform): void {
  app.openapi(createDeploymentRoute, async (c) => {
    const view = await createDeployment(platform, c.req.valid('json'), {
      idempotencyKey: c.req.valid('header')['idempotency-key'],
    })
    c.header('Location', `/api/deployments/${view.id}`)
    return c.json(view, 202)
  })
  app.openapi(listDeploymentsRoute, async (c) => {
    const { limit } = c.req.valid('query')
    const deployments = await platform.list(limit === undefined ? {} : { limit })
    return c.json({ deployments }, 200)
  })
  app.openapi(getDeploymentRoute, async (c) => {
    const view = await platform.get(c.req.valid('param').id)
    // The view is a frozen, cached snapshot: its JSON is made once, not on every poll.
    return frozenJsonResponse(c, view, 200)
  })
  app.openapi(stopDeploymentRoute, async (c) => {
    return c.json(await platform.stop(c.req.valid('param').id), 200)
  })
  app.openapi(restartDeploymentRoute, async (c) => {
    return c.json(await platform.restart(c.req.valid('param').id), 202)
  })
  app.openapi(deleteDeploymentRoute, async (c) => {
    await platform.delete(c.req.valid('param').id)
    return c.body(null, 204)
  })
}
