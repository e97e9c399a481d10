import { z } from '@hono/zod-openapi'
import { RUNTIME_NAMES } from '@mcp-remote/core'

/** The query of `GET /api/cost`. */
export const CostQuerySchema = z.object({
  runtime: z
    .enum(RUNTIME_NAMES, `must be one of: ${RUNTIME_NAMES.join(', ')}`)
    .optional()
    .openapi({
      param: { name: 'runtime', in: 'query' },
      description:
        "The runtime to price (default: the server's default runtime). It must be one this server offers.",
      example: 'fly',
    }),
})

/** What `GET /api/cost` takes. */
export type CostQuery = z.infer<typeof CostQuerySchema>
