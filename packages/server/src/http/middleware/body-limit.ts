import type { MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { ApiError, IncompleteBodyError, PayloadTooLargeError } from '../api-error.js'
import type { AppEnv } from '../app-env.js'

/** The largest request body the API reads: 1 MiB. */
export const MAX_BODY_BYTES = 1024 * 1024

/**
 * Caps request bodies at `maxBytes`, by `Content-Length` when given and by counting the bytes
 * of a streamed (chunked) body otherwise; beyond it, 413 `payload_too_large`. A streamed body
 * that fails while it is read (the client went away mid-body) is the client's doing: 400
 * `invalid_request`, never a 500.
 */
export function limitBody(maxBytes: number = MAX_BODY_BYTES): MiddlewareHandler<AppEnv> {
  const limit = bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new PayloadTooLargeError(maxBytes)
    },
  })
  return async (c, next) => {
    // GET and friends carry no body we read; leaving `c.req.raw` untouched keeps
    // node-server's lightweight request (touching `.body` builds a full Request).
    if (BODYLESS.has(c.req.method)) return next()
    let reading = true
    try {
      await limit(c, () => {
        reading = false
        return next()
      })
    } catch (err) {
      // Errors from the route itself pass through; only a failed read of the body is ours.
      if (!reading || err instanceof ApiError) throw err
      throw new IncompleteBodyError({ cause: err })
    }
  }
}

const BODYLESS = new Set(['GET', 'HEAD', 'OPTIONS'])
