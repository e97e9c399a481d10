import { ErrorBodySchema } from '../../schemas/index.js'

const DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid request (malformed JSON, wrong types, unknown fields, cost not confirmed)',
  401: 'Missing or invalid API token',
  404: 'Not found',
  409: 'Invalid lifecycle transition',
  413: 'Body larger than 1 MiB (routes that take no body still cap what is sent)',
  415: 'Body is not application/json',
  422: 'Missing credentials, or analysis found no config',
  429: 'Rate limited; see Retry-After',
  502: 'Upstream (runtime, GitHub, npm, Anthropic) failed',
}

/** OpenAPI response entries for error statuses, all answering `Error`. */
export function errorResponses(...statuses: number[]) {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      {
        description: DESCRIPTIONS[status] ?? 'Error',
        content: { 'application/json': { schema: ErrorBodySchema } },
      },
    ]),
  )
}

/** The security requirement of every authenticated route. */
export const BEARER = [{ bearerAuth: [] }]
