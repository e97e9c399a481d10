export {
  ApiError,
  IncompleteBodyError,
  MalformedBodyError,
  MethodNotAllowedError,
  OriginForbiddenError,
  PayloadTooLargeError,
  RateLimitedError,
  RouteNotFoundError,
  UnauthorizedError,
} from './api-error.js'
export type { AppOptions } from './app.js'
export { createApp, OPENAPI_PATH, PUBLIC_PATHS } from './app.js'
export type { AppEnv } from './app-env.js'
export type { ErrorStatus } from './error-status.js'
export { HTTP_STATUS_BY_CODE, statusForCode } from './error-status.js'
export type { HealthCheckOptions } from './health-check.js'
export { createHealthCheck } from './health-check.js'
export { MAX_BODY_BYTES } from './middleware/body-limit.js'
export type { Bucket, BucketPolicy, TakeResult } from './middleware/token-bucket.js'
export { takeToken } from './middleware/token-bucket.js'
