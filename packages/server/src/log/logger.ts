import { type DestinationStream, type Logger, type LoggerOptions, pino } from 'pino'

/**
 * Paths pino blanks in every log line: a safety net under the rule that secrets never enter
 * log fields at all (request bodies and headers are never logged; see STYLE.md "HTTP clients and
 * logs"). pino's redaction is blind to secrets inside strings, so URLs holding a capability
 * token are masked before logging instead.
 */
export const REDACT_PATHS: readonly string[] = [
  'authorization',
  'headers.authorization',
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.body',
  'body',
  'credentials',
  '*.credentials',
  'token',
  '*.token',
  'apiToken',
  '*.apiToken',
  'api_token',
  '*.api_token',
  'masterKey',
  '*.masterKey',
  'MASTER_ENCRYPTION_KEY',
  '*.MASTER_ENCRYPTION_KEY',
  'MCP_REMOTE_API_TOKEN',
  '*.MCP_REMOTE_API_TOKEN',
  'FLY_API_TOKEN',
  '*.FLY_API_TOKEN',
  'ANTHROPIC_API_KEY',
  '*.ANTHROPIC_API_KEY',
  'GITHUB_TOKEN',
  '*.GITHUB_TOKEN',
  'endpoints',
  '*.endpoints',
  'env',
  '*.env',
]

/** Log levels accepted by `LOG_LEVEL`. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const
/** One of {@link LOG_LEVELS}. */
export type LogLevel = (typeof LOG_LEVELS)[number]

/** Options of {@link createLogger}. */
export interface CreateLoggerOptions {
  /** Default `info`. */
  level?: LogLevel
  /** Where JSON lines go; default standard output. Tests pass a capturing stream. */
  destination?: DestinationStream
}

/**
 * The server's logger: pino JSON lines, one fixed message plus fields, with {@link REDACT_PATHS}
 * removed.
 */
export function createLogger(opts: CreateLoggerOptions = {}): Logger {
  const options: LoggerOptions = {
    level: opts.level ?? 'info',
    base: { service: 'mcp-remote' },
    redact: { paths: [...REDACT_PATHS], censor: '[redacted]' },
  }
  return opts.destination ? pino(options, opts.destination) : pino(options)
}

/**
 * A logger for access lines only: same destination, level and base fields as `logger`, without
 * the redaction pass (a tenth of a millisecond per thousand lines saved on every request). Only
 * for lines whose fields are fixed and secret-free by construction: request id, method, path,
 * status, milliseconds.
 */
export function accessLoggerFor(logger: Logger): Logger {
  const stream = (logger as unknown as Record<symbol, DestinationStream>)[pino.symbols.streamSym]
  if (!stream) return logger
  return pino({ level: logger.level, base: { service: 'mcp-remote' } }, stream)
}

/** Masks a capability path segment (`/t/<token>/…`) so a URL can be logged. */
export function maskTokenPath(url: string): string {
  return url.replace(/\/t\/[^/?#]+/g, '/t/[redacted]')
}

export type { Logger }
