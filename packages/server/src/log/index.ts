export type { AccessLine, CreateLoggerOptions, Logger, LogLevel } from './logger.js'
export {
  accessLoggerFor,
  createLogger,
  LOG_LEVELS,
  loggablePath,
  maskTokenPath,
  REDACT_PATHS,
} from './logger.js'
