import { z } from '@hono/zod-openapi'
import { RUNTIME_NAMES } from '@mcp-remote/core'

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
    store: CheckSchema.extend({
      dialect: z.enum(['pglite', 'postgres']),
      change_feed: z.enum(['live', 'down', 'absent']).openapi({
        description:
          "The store's change notices, which keep cached deployment views correct: while down (its PostgreSQL LISTEN connection is reconnecting), every read goes to the database.",
      }),
    }),
    runtimes: z.record(z.string(), CheckSchema).openapi({
      description:
        "The runtimes this server offers (its keys, in the server's order), each with its check.",
      example: { local: { ok: true } },
    }),
    default_runtime: z.enum(RUNTIME_NAMES).openapi({
      description: 'The runtime a deploy uses when it names none.',
    }),
  })
  .openapi('Health')

/** Server, store and runtime health. */
export type HealthReport = z.infer<typeof HealthReportSchema>
