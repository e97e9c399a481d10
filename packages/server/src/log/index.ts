export type { AccessLine, CreateLoggerOptions, Logger, LogLevel } from './logger.js'
export {
  accessLoggerFor,
  createLogger,
  LOG_LEVELS,
  loggableError,
  loggablePath,
  maskTokenPath,
  REDACT_PATHS,
  scrubSecrets,
} from './logger.js'
