export { analyzeWithCache } from './analyze-with-cache.js'
export { createPlatform, DEFAULT_DATA_DIR } from './create-platform.js'
export { toDeploymentView } from './deployment-view.js'
export type {
  DeployInput,
  DeploymentView,
  HealthOptions,
  Platform,
  PlatformLogger,
  PlatformOptions,
  ReconcileReport,
} from './platform.js'
