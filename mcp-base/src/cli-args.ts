import { parseArgs } from 'node:util'
import type { BridgeOptions } from './bridge.js'
import { CommandPolicyError, parseCommand } from './command-policy.js'
import { BridgeConfigError } from './errors.js'
import type { LogLevel } from './log.js'
import { parseList } from './request-guard.js'

/** What the command line asks for. */
export type CliCommand =
  | { kind: 'run'; options: BridgeOptions }
  | { kind: 'help' }
  | { kind: 'version' }

/** The `--help` text. */
export const USAGE = `Usage: mcp-remote-bridge [options] -- <command> [args...]
       MCP_BRIDGE_COMMAND='<command> [args...]' mcp-remote-bridge [options]

Serves a stdio MCP server over SSE (GET /sse, POST /messages) and Streamable HTTP (/mcp).

Options:
  --port <n>                     port to listen on (env MCP_BRIDGE_PORT, default 8080; 0 = any free)
  --host <h>                     interface to bind (env MCP_BRIDGE_HOST, default 127.0.0.1)
  --no-auth                      serve without a token (otherwise MCP_BRIDGE_TOKEN is required)
  --allow-any-command            skip the command policy (npx, uvx, node <script>, python -m)
  --session-idle-timeout <s>     close idle Streamable HTTP sessions after s seconds (default 1800)
  --keep-alive <s>               SSE keep-alive comment interval in seconds, 0 = off (default 20)
  --stream-after <s>             answer a POST still unanswered after s seconds as an event stream,
                                 0 = never (default 5)
  --init-timeout <s>             time the server has to answer initialize (default 60)
  --max-body-bytes <n>           largest request body (default 4194304)
  --max-sessions <n>             most sessions at once, SSE and Streamable HTTP together; more get
                                 503 (default 100)
  --max-child-message-bytes <n>  longest message taken from the server, in characters; longer
                                 ones are dropped (default 16777216)
  --max-child-queue-bytes <n>    most bytes waiting for the server to read its stdin; beyond,
                                 requests get 503 until it reads (default 4194304)
  -h, --help                     show this help
  -v, --version                  show the version

Environment:
  MCP_BRIDGE_TOKEN               the token: /t/<token>/..., Authorization: Bearer, or X-API-Key
  MCP_BRIDGE_COMMAND             the server command when none follows -- (split on spaces, no shell)
  MCP_BRIDGE_ALLOWED_HOSTS       comma-separated Host values (name or name:port, * = any)
  MCP_BRIDGE_ALLOWED_ORIGINS     comma-separated browser origins (* = any; default none)
  MCP_BRIDGE_LOG_LEVEL           debug, info (default), warn or error
The child gets the bridge's environment minus every MCP_BRIDGE_* variable.
`

const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error']

function number(
  flag: string,
  raw: string | undefined,
  fallback: number,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new BridgeConfigError(flag, `${flag} must be a number from ${min} to ${max}`)
  }
  return value
}

/** A whole number of at least 1. */
function integer(flag: string, raw: string | undefined, fallback: number): number {
  const value = number(flag, raw, fallback, 1)
  if (!Number.isInteger(value)) throw new BridgeConfigError(flag, `${flag} must be a whole number`)
  return value
}

/**
 * Parses `mcp-remote-bridge` arguments (without `node` and the script) and the environment into
 * {@link BridgeOptions}. Pure.
 * @throws {@link BridgeConfigError} naming the flag at fault.
 */
export function parseCliArgs(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): CliCommand {
  const dashes = argv.indexOf('--')
  const head = dashes === -1 ? [...argv] : argv.slice(0, dashes)
  let command = dashes === -1 ? [] : argv.slice(dashes + 1)
  let values: ReturnType<typeof parse>['values']
  try {
    values = parse(head).values
  } catch (error) {
    throw new BridgeConfigError(
      'arguments',
      error instanceof Error ? error.message : 'invalid arguments',
    )
  }
  if (values.help) return { kind: 'help' }
  if (values.version) return { kind: 'version' }
  if (command.length === 0 && env.MCP_BRIDGE_COMMAND) {
    try {
      command = parseCommand(env.MCP_BRIDGE_COMMAND)
    } catch (error) {
      if (!(error instanceof CommandPolicyError)) throw error
      throw new BridgeConfigError('MCP_BRIDGE_COMMAND', error.message)
    }
  }
  if (command.length === 0) {
    throw new BridgeConfigError(
      'command',
      'give the server command after -- (or in MCP_BRIDGE_COMMAND)',
    )
  }
  const seconds = (flag: string, raw: string | undefined, fallback: number, min: number) =>
    number(flag, raw, fallback, min) * 1000
  const allowedHosts = parseList(env.MCP_BRIDGE_ALLOWED_HOSTS)
  const options: BridgeOptions = {
    command,
    port: number('--port', values.port ?? env.MCP_BRIDGE_PORT, 8080, 0, 65535),
    host: values.host ?? env.MCP_BRIDGE_HOST ?? '127.0.0.1',
    token: env.MCP_BRIDGE_TOKEN || undefined,
    noAuth: values['no-auth'] === true,
    allowAnyCommand: values['allow-any-command'] === true,
    env,
    allowedOrigins: parseList(env.MCP_BRIDGE_ALLOWED_ORIGINS),
    sessionIdleMs: seconds('--session-idle-timeout', values['session-idle-timeout'], 1800, 1),
    keepAliveMs: seconds('--keep-alive', values['keep-alive'], 20, 0),
    streamAfterMs: seconds('--stream-after', values['stream-after'], 5, 0),
    initTimeoutMs: seconds('--init-timeout', values['init-timeout'], 60, 1),
    maxBodyBytes: number('--max-body-bytes', values['max-body-bytes'], 4 * 1024 * 1024, 1),
    maxSessions: integer('--max-sessions', values['max-sessions'], 100),
    maxChildMessageBytes: integer(
      '--max-child-message-bytes',
      values['max-child-message-bytes'],
      16 * 1024 * 1024,
    ),
    maxChildQueueBytes: integer(
      '--max-child-queue-bytes',
      values['max-child-queue-bytes'],
      4 * 1024 * 1024,
    ),
  }
  if (allowedHosts.length > 0) options.allowedHosts = allowedHosts
  const logLevel = env.MCP_BRIDGE_LOG_LEVEL
  if (logLevel !== undefined && logLevel !== '') {
    if (!LOG_LEVELS.includes(logLevel as LogLevel)) {
      throw new BridgeConfigError(
        'MCP_BRIDGE_LOG_LEVEL',
        `log level must be one of ${LOG_LEVELS.join(', ')}`,
      )
    }
    options.logLevel = logLevel as LogLevel
  }
  return { kind: 'run', options }
}

function parse(args: string[]) {
  return parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'no-auth': { type: 'boolean' },
      'allow-any-command': { type: 'boolean' },
      'session-idle-timeout': { type: 'string' },
      'keep-alive': { type: 'string' },
      'stream-after': { type: 'string' },
      'init-timeout': { type: 'string' },
      'max-body-bytes': { type: 'string' },
      'max-sessions': { type: 'string' },
      'max-child-message-bytes': { type: 'string' },
      'max-child-queue-bytes': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
    },
  })
}
