export type { RestartDelayOptions } from './backoff.js'
export { DEFAULT_RESTART_DELAY, restartDelay } from './backoff.js'
export type { Bridge, BridgeOptions, BridgeStatus } from './bridge.js'
export { startBridge } from './bridge.js'
export { BRIDGE_ENV_PREFIX, childEnv } from './child-env.js'
export type { CommandCheck, Launcher } from './command-policy.js'
export {
  CommandPolicyError,
  checkArgv,
  checkCommand,
  isValidNpmName,
  isValidPypiName,
  LAUNCHERS,
  parseCommand,
  splitNpmSpec,
} from './command-policy.js'
export { BridgeConfigError } from './errors.js'
export type { LogEvent, LogLevel, LogSink } from './log.js'
export { maskUrl } from './redact.js'
