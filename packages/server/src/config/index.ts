export type { ServerEnv } from './server-config.js'
export {
  loadServerEnv,
  SERVER_ENV_NAMES,
  ServerConfigError,
  ServerEnvSchema,
} from './server-config.js'
