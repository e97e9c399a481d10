import { z } from '@hono/zod-openapi'
import { DeploymentConfigSchema, EvidenceSchema } from '@mcp-remote/core'

/** The body of `POST /api/analyze`. */
export const AnalyzeBodySchema = z
  .object({
    url: z.string().min(1).max(2000).openapi({
      description: 'A GitHub URL (optionally /tree/<ref>/<subdir>) or an npm:<pkg>[@version] spec.',
      example: 'https://github.com/modelcontextprotocol/servers/tree/main/src/everything',
    }),
  })
  .strict()
  .openapi('AnalyzeRequest')

/** The query of `POST /api/analyze`. */
export const AnalyzeQuerySchema = z.object({
  refresh: z
    .enum(['true', 'false', '1', '0'])
    .optional()
    .openapi({ param: { name: 'refresh', in: 'query' }, description: 'Bypass the 24 h cache.' }),
})

/** An analysis as the API shows it. */
export const AnalysisViewSchema = z
  .object({
    id: z.string(),
    source: z.string(),
    status: z.enum(['analyzing', 'complete', 'partial', 'failed']),
    config: DeploymentConfigSchema.nullable(),
    evidence: z.array(EvidenceSchema),
    warnings: z.array(z.string()),
    error: z.record(z.string(), z.unknown()).nullable(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi('Analysis')

/** An analysis, as the API answers it. */
export type AnalysisView = z.infer<typeof AnalysisViewSchema>

/** An analysis id in a path. */
export const AnalysisIdParamSchema = z.object({
  id: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[A-Za-z0-9_-]+$/, 'must be an analysis id')
    .openapi({ param: { name: 'id', in: 'path' }, example: 'ana_8Wm2…' }),
})
