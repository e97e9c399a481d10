import { z } from '@hono/zod-openapi'
import { ERROR_CODES } from '@mcp-remote/core'

/** The body of every error the API answers (DESIGN.md §7). */
export const ErrorBodySchema = z
  .object({
    error: z.enum(ERROR_CODES),
    message: z.string(),
    details: z.record(z.string(), z.unknown()),
    retry_allowed: z.boolean(),
  })
  .openapi('Error')
