export type { LocalRuntimeOptions } from './local-runtime.js'
export { DEFAULT_PASS_ENV, LocalRuntime } from './local-runtime.js'
