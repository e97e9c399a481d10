import { McpRemoteError } from '../errors/index.js'

/**
 * A sealed value could not be opened or re-sealed: no key in the ring fits, or it was altered.
 * Usually the master key changed without keeping the old one in the list. The message names
 * no value and no key.
 */
export class SecretBoxError extends McpRemoteError {
  constructor(cause?: unknown) {
    super('internal_error', 'a stored secret could not be opened with the configured keys', {
      cause,
    })
  }
}
