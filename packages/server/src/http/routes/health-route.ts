import { createRoute, type OpenAPIHono } from '@hono/zod-openapi'
import type { HealthReport } from '../../schemas/index.js'
import { HealthReportSchema } from '../../schemas/index.js'
import type { AppEnv } from '../app-env.js'
import { errorResponses } from './error-responses.js'

const healthRoute = createRoute({
  method: 'get',
  path: '/api/health',
  summary: 'Server, store and runtime health (no auth)',
  responses: {
    200: {
      description: 'Healthy',
      content: { 'application/json': { schema: HealthReportSchema } },
    },
    503: {
      description: 'The store does not answer',
      content: { 'application/json': { schema: HealthReportSchema } },
    },
    ...errorResponses(429),
  },
})

/** Registers `GET /api/health`: 200 while the store answers, 503 otherwise. */
export function registerHealthRoute(
  app: OpenAPIHono<AppEnv>,
  check: () => Promise<HealthReport>,
): void {
  app.openapi(healthRoute, async (c) => {
    const report = await check()
    return report.store.ok ? c.json(report, 200) : c.json(report, 503)
  })
}
