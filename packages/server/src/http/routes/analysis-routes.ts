import { createRoute, type OpenAPIHono } from '@hono/zod-openapi'
import type { Platform } from '@mcp-remote/core'
import { assertRemoteSource, toAnalysisView } from '../../operations/index.js'
import {
  AnalysisIdParamSchema,
  AnalysisViewSchema,
  AnalyzeBodySchema,
  AnalyzeQuerySchema,
} from '../../schemas/index.js'
import type { AppEnv } from '../app-env.js'
import { BEARER, errorResponses } from './error-responses.js'

const json = <T>(schema: T) => ({ 'application/json': { schema } })

const analyzeRoute = createRoute({
  method: 'post',
  path: '/api/analyze',
  summary: 'Analyze a GitHub repository or npm package',
  description:
    'Answers 200 with a finished analysis (complete, partial or failed), or 202 while it is still analyzing (poll GET /api/analysis/{id}). Results are cached for 24 h; ?refresh=true bypasses the cache.',
  security: BEARER,
  request: {
    query: AnalyzeQuerySchema,
    body: { content: json(AnalyzeBodySchema), required: true },
  },
  responses: {
    200: { description: 'The analysis', content: json(AnalysisViewSchema) },
    202: { description: 'Analysis in progress', content: json(AnalysisViewSchema) },
    ...errorResponses(400, 401, 413, 415, 422, 429, 502),
  },
})

const getAnalysisRoute = createRoute({
  method: 'get',
  path: '/api/analysis/{id}',
  summary: 'An analysis, with evidence and warnings',
  security: BEARER,
  request: { params: AnalysisIdParamSchema },
  responses: {
    200: { description: 'The analysis', content: json(AnalysisViewSchema) },
    ...errorResponses(400, 401, 404, 429),
  },
})

/** Registers `POST /api/analyze` and `GET /api/analysis/{id}` (DESIGN.md §7). */
export function registerAnalysisRoutes(app: OpenAPIHono<AppEnv>, platform: Platform): void {
  app.openapi(analyzeRoute, async (c) => {
    const { url } = c.req.valid('json')
    const { refresh } = c.req.valid('query')
    const record = await platform.analyze(assertRemoteSource(url), {
      refresh: refresh === 'true' || refresh === '1',
    })
    const view = toAnalysisView(record)
    return view.status === 'analyzing' ? c.json(view, 202) : c.json(view, 200)
  })
  app.openapi(getAnalysisRoute, async (c) => {
    return c.json(toAnalysisView(await platform.getAnalysis(c.req.valid('param').id)), 200)
  })
}
