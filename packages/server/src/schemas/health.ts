import { z } from '@hono/zod-openapi'

const CheckSchema = z.object({
  ok: z.boolean(),
  /** A short, secret-free reason when not ok. */
  error: z.string().optional(),
})

/** The answer of `GET /api/health`. */
export const HealthReportSchema = z
  .object({
    status: z.enum(['ok', 'degraded']),
    version: z.string(),
    uptime_s: z.number(),
    store: CheckSchema.extend({ dialect: z.enum(['pglite', 'postgres']) }),
    runtimes: z.record(z.string(), CheckSchema),
  })
  .openapi('Health')

/** Server, store and runtime health. */
export type HealthReport = z.infer<typeof HealthReportSchema>
