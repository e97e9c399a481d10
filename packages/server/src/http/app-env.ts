import type { IncomingMessage } from 'node:http'
import type { Logger } from 'pino'

/** Hono's environment for this app: node-server bindings and per-request variables. */
export interface AppEnv {
  Bindings: {
    /** Set by `@hono/node-server`; absent under `app.request()`. */
    incoming?: IncomingMessage
  }
  Variables: {
    requestId: string
    /** The server's logger; add `req_id` to fields. */
    log: Logger
  }
}
