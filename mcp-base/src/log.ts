import type { Redactor } from './redact.js'

/** Severity of a {@link LogEvent}. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error'

/** One notable event: a fixed message plus safe fields. */
export interface LogEvent {
  level: LogLevel
  msg: string
  [field: string]: unknown
}

/** Receives log events; the default writes one JSON line per event to stderr. */
export type LogSink = (event: LogEvent) => void

/** The bridge's logger: `log.info({ pid }, 'child started')`. */
export interface Logger {
  debug(fields: Record<string, unknown>, msg: string): void
  info(fields: Record<string, unknown>, msg: string): void
  warn(fields: Record<string, unknown>, msg: string): void
  error(fields: Record<string, unknown>, msg: string): void
}

/** A sink writing `{"time":…,"level":…,"msg":…,…}` lines to stderr. */
export function stderrSink(event: LogEvent): void {
  process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), ...event })}\n`)
}

const RANK: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 }

/**
 * A {@link Logger} over `sink`, dropping events below `minLevel` (default `info`). String fields
 * pass through `redact`, so a capability URL or a secret value that reaches a field by accident
 * is still hidden.
 */
export function createLogger(sink: LogSink, redact: Redactor, minLevel: LogLevel = 'info'): Logger {
  const min = RANK[minLevel]
  const emit = (level: LogLevel, fields: Record<string, unknown>, msg: string) => {
    if (RANK[level] < min) return
    const event: LogEvent = { level, msg }
    for (const [key, value] of Object.entries(fields)) {
      event[key] = typeof value === 'string' ? redact(value) : value
    }
    sink(event)
  }
  return {
    debug: (fields, msg) => emit('debug', fields, msg),
    info: (fields, msg) => emit('info', fields, msg),
    warn: (fields, msg) => emit('warn', fields, msg),
    error: (fields, msg) => emit('error', fields, msg),
  }
}
