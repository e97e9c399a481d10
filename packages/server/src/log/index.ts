export type { CreateLoggerOptions, Logger, LogLevel } from './logger.js'
export { createLogger, LOG_LEVELS, maskTokenPath, REDACT_PATHS } from './logger.js'
