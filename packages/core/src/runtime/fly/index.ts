export { appNameFor, FLY_APP_PREFIX } from './app-name.js'
export type { FlyRuntimeOptions } from './fly-runtime.js'
export { FlyRuntime } from './fly-runtime.js'
export type { MachineSpecInput } from './machine-spec.js'
export {
  BRIDGE_PORT,
  buildMachineConfig,
  DEPLOYMENT_METADATA_KEY,
  FLY_GUEST,
  PLATFORM_METADATA_KEY,
  withAutostart,
} from './machine-spec.js'
export { runtimeStateOf } from './runtime-state.js'
