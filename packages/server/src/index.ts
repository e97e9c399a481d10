export type { ApiTokenSource, ResolveApiTokenOptions, ResolvedApiToken } from './auth/index.js'
export {
  API_TOKEN_HASH_FILE,
  API_TOKEN_PREFIX,
  ApiTokenVerifier,
  generateApiToken,
  hashApiToken,
  resolveApiToken,
} from './auth/index.js'
export type {
  ApiClient,
  CliIo,
  ExitCode,
  HttpApiClientOptions,
  InStream,
  OutStream,
  RunCliOptions,
} from './cli/index.js'
export {
  ApiResponseError,
  EXIT_CODES,
  exitCodeFor,
  HttpApiClient,
  LocalApiClient,
  processIo,
  runCli,
} from './cli/index.js'
export type { ServerEnv } from './config/index.js'
export {
  loadServerEnv,
  SERVER_ENV_NAMES,
  ServerConfigError,
  ServerEnvSchema,
} from './config/index.js'
export type { AppEnv, AppOptions, ErrorStatus, HealthCheckOptions } from './http/index.js'
export {
  ApiError,
  createApp,
  createHealthCheck,
  HTTP_STATUS_BY_CODE,
  MAX_BODY_BYTES,
  OPENAPI_PATH,
  PUBLIC_PATHS,
  statusForCode,
} from './http/index.js'
export type { AccessLine, CreateLoggerOptions, Logger, LogLevel } from './log/index.js'
export {
  accessLoggerFor,
  createLogger,
  LOG_LEVELS,
  maskTokenPath,
  REDACT_PATHS,
} from './log/index.js'
export type { DeployPlatform } from './operations/index.js'
export {
  createDeployment,
  offeredRuntime,
  resolveDeployInput,
  toAnalysisView,
} from './operations/index.js'
export type {
  AnalysisView,
  CostQuery,
  CreateDeploymentBody,
  DeploymentConfigPatch,
  HealthReport,
} from './schemas/index.js'
export {
  AnalysisViewSchema,
  AnalyzeBodySchema,
  CostEstimateSchema,
  CostQuerySchema,
  CreateDeploymentBodySchema,
  DeploymentConfigPatchSchema,
  DeploymentListSchema,
  DeploymentViewSchema,
  ErrorBodySchema,
  HealthReportSchema,
} from './schemas/index.js'
export type { RunningServer, StartServerOptions } from './serve/index.js'
export { platformOptionsFor, startServer } from './serve/index.js'
export { SERVER_VERSION } from './version.js'
