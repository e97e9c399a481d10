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
export type { CostEstimate, CostLine, CostSpec, GuestSpec } from './cost/index.js'
export {
  DEFAULT_FLY_GUEST,
  DEFAULT_ROOTFS_GB,
  estimateCost,
  FLY_PRICES,
  HOURS_PER_30_DAYS,
  SECONDS_PER_30_DAYS,
} from './cost/index.js'
export type {
  DeployerDeps,
  DeploymentEvent,
  DeploymentStatus,
  NewDeploymentInput,
  ProbeResult,
  ResolvedHealthOptions,
  Transition,
} from './deployments/index.js'
export {
  DEPLOYMENT_EVENTS,
  DEPLOYMENT_STATUSES,
  Deployer,
  HealthMonitor,
  newBridgeToken,
  probeHealth,
  probeMcp,
  reconcile,
  resolveHealthOptions,
  TOKEN_CREDENTIAL,
  transition,
} from './deployments/index.js'
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
export type { FernetOptions, FernetSecretBoxOptions, MasterKey, SecretBox } from './fernet/index.js'
export {
  Fernet,
  FernetSecretBox,
  InvalidKeyError,
  InvalidToken,
  loadOrCreateMasterKey,
  MASTER_KEY_FILE,
  MAX_CLOCK_SKEW_SECONDS,
  MultiFernet,
  parseKeyList,
  SecretBoxError,
} from './fernet/index.js'
export type {
  App,
  AppSecret,
  AssignIpRequest,
  Autostop,
  BackoffOptions,
  CallOptions,
  CheckStatus,
  CreateAppRequest,
  CreateAppResponse,
  CreateMachineOptions,
  CreateMachineRequest,
  FlyApiErrorInit,
  FlyClientOptions,
  FlyEnv,
  FlyErrorStatus,
  FlyLogger,
  FlySignal,
  FlyTransportOptions,
  IpAssignment,
  IpAssignmentType,
  Lease,
  ListMachinesOptions,
  Machine,
  MachineConfig,
  MachineGuest,
  MachineInit,
  MachinePort,
  MachineRestart,
  MachineService,
  MachineServiceCheck,
  MachineState,
  OrgMachine,
  Sleeper,
  StopMachineRequest,
  TimeSource,
  UpdateMachineRequest,
  WaitableState,
  WaitMachineResponse,
  WaitOptions,
} from './fly/index.js'
export {
  backoffDelay,
  DEFAULT_FLY_API_HOSTNAME,
  FLY_ERROR_STATUSES,
  FlyApiError,
  FlyClient,
  isFlyNotFound,
  MACHINE_STATES,
  MAX_WAIT_SECONDS,
  normalizeMachineConfig,
  parseAutostop,
  parseMachine,
  parseRetryAfter,
  readFlyEnv,
  sleeperOf,
  systemSleeper,
} from './fly/index.js'
export type {
  DeployInput,
  DeploymentView,
  HealthOptions,
  Platform,
  PlatformLogger,
  PlatformOptions,
  ReconcileReport,
} from './platform/index.js'
export {
  analyzeWithCache,
  createPlatform,
  DEFAULT_DATA_DIR,
  toDeploymentView,
} from './platform/index.js'
export type { FlyRuntimeOptions, MachineSpecInput } from './runtime/fly/index.js'
export {
  appNameFor,
  BRIDGE_PORT,
  buildMachineConfig,
  DEPLOYMENT_METADATA_KEY,
  FLY_APP_PREFIX,
  FLY_GUEST,
  FlyRuntime,
  PLATFORM_METADATA_KEY,
  runtimeStateOf,
  withAutostart,
} from './runtime/fly/index.js'
export type { LocalRuntimeOptions } from './runtime/local/index.js'
export { DEFAULT_PASS_ENV, LocalRuntime } from './runtime/local/index.js'
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
export type { CreateStoreOptions, Database, SqlStore } from './store/index.js'
export {
  createStore,
  DEFAULT_PGLITE_DATA_DIR,
  MIGRATIONS,
  newId,
  PGliteDialect,
} from './store/index.js'
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
