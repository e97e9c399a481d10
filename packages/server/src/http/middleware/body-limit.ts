import type { MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { PayloadTooLargeError } from '../api-error.js'
import type { AppEnv } from '../app-env.js'

/** The largest request body the API reads: 1 MiB. */
export const MAX_BODY_BYTES = 1024 * 1024

/**
 * Caps request bodies at `maxBytes`, by `Content-Length` when given and by counting the bytes
 * of a streamed (chunked) body otherwise; beyond it, 413 `payload_too_large`.
 */
export function limitBody(maxBytes: number = MAX_BODY_BYTES): MiddlewareHandler<AppEnv> {
  const limit = bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new PayloadTooLargeError(maxBytes)
    },
  })
  return (c, next) =>
    // GET and friends carry no body we read; leaving `c.req.raw` untouched keeps
    // node-server's lightweight request (touching `.body` builds a full Request).
    BODYLESS.has(c.req.method) ? next() : limit(c, next)
}

const BODYLESS = new Set(['GET', 'HEAD', 'OPTIONS'])
