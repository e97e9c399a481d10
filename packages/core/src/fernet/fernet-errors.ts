import { McpRemoteError } from '../errors/index.js'

/**
 * A Fernet token failed to verify or decrypt. One error for every reason (bad encoding, wrong
 * version, expired, from the future, wrong key, tampered, bad padding), and the message says
 * none of them, as the spec and Python's `cryptography.fernet.InvalidToken` require.
 */
export class InvalidToken extends McpRemoteError {
  constructor() {
    super('invalid_request', 'invalid token')
  }
}

/**
 * A Fernet key is not 32 bytes of URL-safe base64. The message never quotes the key; `details`
 * may say which key of a list (by position) is at fault.
 */
export class InvalidKeyError extends McpRemoteError {
  constructor(message = 'a Fernet key must be 32 url-safe base64-encoded bytes', index?: number) {
    super('invalid_request', index === undefined ? message : `${message} (key ${index + 1})`, {
      details: index === undefined ? {} : { index },
    })
  }
}
