import { DataDirectoryInUseError, type ErrorCode, McpRemoteError } from '@mcp-remote/core'
import { ServerConfigError } from '../config/index.js'
import { EXIT_CODES, type ExitCode, exitCodeFor } from './exit-codes.js'
import { InterruptedError } from './interrupt.js'
import { UsageError } from './usage-error.js'

/**
 * How a failed run ends: the error body `--json` prints on standard output (the API's shape;
 * `interrupted` is the CLI's own code), the text printed on standard error otherwise, and the
 * exit code.
 */
export interface CliFailure {
  body: {
    error: ErrorCode | 'interrupted'
    message: string
    details: Record<string, unknown>
    retry_allowed: boolean
  }
  /** What a person sees on standard error; empty for nothing. */
  text: string
  exit: ExitCode
}

function summarizeDetails(details: Readonly<Record<string, unknown>>): string[] {
  const lines: string[] = []
  const issues = details.issues
  if (Array.isArray(issues)) {
    for (const issue of issues as Array<{ path?: unknown; message?: unknown }>) {
      lines.push(`  ${String(issue.path)}: ${String(issue.message)}`)
    }
  }
  for (const key of ['missing', 'undeclared', 'reserved', 'invalid_values'] as const) {
    const names = details[key]
    if (Array.isArray(names) && names.length > 0)
      lines.push(`  ${key.replace('_', ' ')}: ${names.join(', ')}`)
  }
  return lines
}

const isParseArgsError = (err: unknown): err is Error =>
  err instanceof Error && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS')

/** The {@link CliFailure} for anything a command threw. */
export function cliFailure(err: unknown): CliFailure {
  const plain = (error: ErrorCode, message: string, text: string, exit: ExitCode): CliFailure => ({
    body: { error, message, details: {}, retry_allowed: false },
    text,
    exit,
  })
  if (err instanceof InterruptedError) {
    return {
      body: {
        error: 'interrupted',
        message: err.message,
        details: { ...err.details },
        retry_allowed: true,
      },
      text: err.hint,
      exit: EXIT_CODES.interrupted,
    }
  }
  if (err instanceof UsageError || isParseArgsError(err)) {
    return plain('invalid_request', err.message, `mcp-deploy: ${err.message}`, EXIT_CODES.usage)
  }
  if (err instanceof ServerConfigError) {
    const message = `invalid configuration: ${err.message}`
    return plain('invalid_request', message, `mcp-deploy: ${message}`, EXIT_CODES.usage)
  }
  if (err instanceof DataDirectoryInUseError) {
    // A configuration problem (another process has the embedded store), not a failure.
    return { body: err.toJSON(), text: `mcp-deploy: ${err.message}`, exit: EXIT_CODES.usage }
  }
  if (err instanceof McpRemoteError) {
    return {
      body: err.toJSON(),
      text: [`error: ${err.message} (${err.code})`, ...summarizeDetails(err.details)].join('\n'),
      exit: exitCodeFor(err.code),
    }
  }
  const message = err instanceof Error ? err.message : 'unexpected failure'
  return plain('internal_error', message, `error: ${message}`, EXIT_CODES.failure)
}
