export type {
  DeploymentConfig,
  DeploymentConfigInput,
  EnvVar,
  RuntimeKind,
} from './deployment-config.js'
export {
  DeploymentConfigSchema,
  ENV_NAME_PATTERN,
  EnvVarSchema,
  RUNTIME_KINDS,
} from './deployment-config.js'
export { isReservedEnvName } from './reserved-names.js'
export type { ValidationIssue } from './validate-config.js'
export { configArgv, validateDeploymentConfig, zodIssues } from './validate-config.js'
export { MAX_CREDENTIAL_LENGTH, validateCredentials } from './validate-credentials.js'
