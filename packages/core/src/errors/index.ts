export type { ErrorBody, ErrorCode } from './error-code.js'
export { ERROR_CODES } from './error-code.js'
export type { McpRemoteErrorOptions } from './mcp-remote-error.js'
export {
  ConcurrentUpdateError,
  CostNotConfirmedError,
  DataDirectoryInUseError,
  DeploymentFailedError,
  IdempotencyKeyReusedError,
  InvalidSourceError,
  InvalidTransitionError,
  McpRemoteError,
  MissingCredentialsError,
  NotFoundError,
  toMcpRemoteError,
  ValidationError,
} from './mcp-remote-error.js'
