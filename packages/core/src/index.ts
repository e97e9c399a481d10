export type {
  AnalysisResult,
  AnalyzeOptions,
  Analyzer,
  Evidence,
} from './analysis/analysis-result.js'
export {
  ANALYSIS_RESULT_STATUSES,
  AnalysisResultSchema,
  EvidenceSchema,
} from './analysis/analysis-result.js'
export type { Clock } from './clock.js'
export { systemClock } from './clock.js'
export type {
  DeploymentConfig,
  DeploymentConfigInput,
  EnvVar,
  RuntimeKind,
  ValidationIssue,
} from './config/index.js'
export {
  configArgv,
  DeploymentConfigSchema,
  ENV_NAME_PATTERN,
  EnvVarSchema,
  isReservedEnvName,
  MAX_CREDENTIAL_LENGTH,
  RUNTIME_KINDS,
  validateCredentials,
  validateDeploymentConfig,
  zodIssues,
} from './config/index.js'
export type { CostEstimate, CostLine } from './cost/cost-estimate.js'
export type { DeploymentStatus } from './deployments/status.js'
export { DEPLOYMENT_STATUSES } from './deployments/status.js'
export type { ErrorBody, ErrorCode, McpRemoteErrorOptions } from './errors/index.js'
export {
  ConcurrentUpdateError,
  CostNotConfirmedError,
  DeploymentFailedError,
  ERROR_CODES,
  InvalidSourceError,
  InvalidTransitionError,
  McpRemoteError,
  MissingCredentialsError,
  NotFoundError,
  toMcpRemoteError,
  ValidationError,
} from './errors/index.js'
export type { SecretBox } from './fernet/secret-box.js'
export type {
  DeploySpec,
  Endpoints,
  Runtime,
  RuntimeName,
  RuntimeRef,
  RuntimeState,
  RuntimeStatus,
} from './runtime/runtime.js'
export { endpointsFor, RUNTIME_NAMES } from './runtime/runtime.js'
export type {
  AnalysisRecord,
  AnalysisStatus,
  Deployment,
  DeploymentEventRecord,
  DeploymentPatch,
  NewDeployment,
  NewDeploymentEvent,
} from './store/records.js'
export type {
  AnalysisRepository,
  CredentialRepository,
  DeploymentRepository,
  EventRepository,
  Store,
} from './store/store.js'
