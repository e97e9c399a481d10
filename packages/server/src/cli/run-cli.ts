import { parseArgs } from 'node:util'
import { createPlatform } from '@mcp-remote/core'
import { loadServerEnv } from '../config/index.js'
import { createLogger, type LogLevel } from '../log/index.js'
import { platformOptionsFor } from '../serve/index.js'
import { SERVER_VERSION } from '../version.js'
import type { ApiClient } from './api-client.js'
import { cliFailure } from './cli-failure.js'
import { type CliIo, processIo } from './cli-io.js'
import type { CommandContext } from './command-context.js'
import { analyzeCommand } from './commands/analyze.js'
import { deployCommand } from './commands/deploy.js'
import { envWithFlags } from './commands/env-flags.js'
import {
  listCommand,
  removeCommand,
  restartCommand,
  statusCommand,
  stopCommand,
} from './commands/manage.js'
import { rotateKeysCommand } from './commands/rotate-keys.js'
import { serveCommand } from './commands/serve.js'
import { EXIT_CODES, type ExitCode } from './exit-codes.js'
import { HELP } from './help.js'
import { HttpApiClient } from './http-api-client.js'
import { LocalApiClient } from './local-api-client.js'
import { UsageError } from './usage-error.js'

const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
  json: { type: 'boolean' },
  url: { type: 'string' },
  token: { type: 'string' },
  local: { type: 'boolean' },
  package: { type: 'string' },
  env: { type: 'string', multiple: true },
  arg: { type: 'string', multiple: true },
  runtime: { type: 'string' },
  yes: { type: 'boolean', short: 'y' },
  detach: { type: 'boolean' },
  refresh: { type: 'boolean' },
  port: { type: 'string' },
  host: { type: 'string' },
  'data-dir': { type: 'string' },
  'database-url': { type: 'string' },
  'log-level': { type: 'string' },
  'cors-origins': { type: 'string' },
  'rate-limit': { type: 'string' },
} as const

type Command = (ctx: CommandContext) => Promise<ExitCode>
type OptionName = keyof typeof OPTIONS

const STORE: OptionName[] = ['local', 'data-dir', 'database-url', 'log-level']
const CONNECTION: OptionName[] = ['url', 'token', ...STORE]

/**
 * The options each command reads besides `--help`, `--version` and `--json`. Any other is
 * refused rather than ignored: `restart <id> --env KEY` must not look like it sent a key.
 */
const COMMAND_OPTIONS: Record<string, readonly OptionName[]> = {
  serve: ['port', 'host', 'data-dir', 'database-url', 'log-level', 'cors-origins', 'rate-limit'],
  analyze: [...CONNECTION, 'refresh'],
  deploy: [...CONNECTION, 'package', 'env', 'arg', 'runtime', 'yes', 'detach'],
  ls: CONNECTION,
  list: CONNECTION,
  status: CONNECTION,
  stop: CONNECTION,
  restart: [...CONNECTION, 'detach'],
  rm: CONNECTION,
  'rotate-keys': STORE,
}

function checkOptions(name: string, values: Record<string, unknown>): void {
  const allowed = new Set<string>(['help', 'version', 'json', ...(COMMAND_OPTIONS[name] ?? [])])
  const extra = Object.keys(values).filter((key) => values[key] !== undefined && !allowed.has(key))
  if (extra.length > 0) {
    const list = extra.map((key) => `--${key}`).join(', ')
    throw new UsageError(`${name} does not take ${list}; see mcp-deploy --help`)
  }
}

const COMMANDS: Record<string, Command> = {
  serve: serveCommand,
  analyze: analyzeCommand,
  deploy: deployCommand,
  ls: listCommand,
  list: listCommand,
  status: statusCommand,
  stop: stopCommand,
  restart: restartCommand,
  rm: removeCommand,
  'rotate-keys': rotateKeysCommand,
}

/** Options of {@link runCli}. */
export interface RunCliOptions {
  io?: CliIo
  /** Overrides how clients are opened (tests). */
  openClient?: (ctx: { local: boolean; values: CommandContext['values'] }) => Promise<ApiClient>
}

async function defaultOpenClient(
  io: CliIo,
  local: boolean,
  values: CommandContext['values'],
): Promise<ApiClient> {
  if (local) {
    const env = loadServerEnv(envWithFlags(io.env, values))
    const level: LogLevel = io.env.LOG_LEVEL ? env.LOG_LEVEL : 'warn'
    const logger = createLogger({ level, destination: process.stderr })
    return new LocalApiClient(
      await createPlatform(platformOptionsFor(env, logger, { allowLocalSources: true })),
    )
  }
  const token = typeof values.token === 'string' ? values.token : io.env.MCP_REMOTE_API_TOKEN
  if (!token) {
    throw new UsageError('no API token: set MCP_REMOTE_API_TOKEN (or pass --token), or use --local')
  }
  const url =
    typeof values.url === 'string' ? values.url : (io.env.MCP_REMOTE_URL ?? 'http://127.0.0.1:8787')
  if (!/^https?:\/\/\S+$/.test(url))
    throw new UsageError('--url / MCP_REMOTE_URL must be an http(s) URL')
  return new HttpApiClient({ url, token })
}

/**
 * Runs `mcp-deploy` with `argv` (without node and the script) and resolves with the exit code.
 * Errors are printed as one line (plus field details) on standard error, or with `--json` as one
 * error body on standard output (see {@link cliFailure}), so a script always gets one document.
 */
export async function runCli(argv: readonly string[], opts: RunCliOptions = {}): Promise<number> {
  const io = opts.io ?? processIo()
  const print = (text: string) => io.stdout.write(`${text}\n`)
  const note = (text: string) => io.stderr.write(`${text}\n`)
  let json = argv.includes('--json')
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: OPTIONS,
      allowPositionals: true,
      strict: true,
    })
    json = values.json === true
    if (values.version) {
      print(json ? JSON.stringify({ version: SERVER_VERSION }) : SERVER_VERSION)
      return EXIT_CODES.ok
    }
    const [name, ...rest] = positionals
    if (!name && json && !values.help)
      throw new UsageError('no command given; see mcp-deploy --help')
    if (values.help || !name) {
      print(HELP)
      return name || values.help ? EXIT_CODES.ok : EXIT_CODES.usage
    }
    const command = COMMANDS[name]
    if (!command) throw new UsageError(`unknown command ${name}; see mcp-deploy --help`)
    checkOptions(name, values)
    const ctx: CommandContext = {
      io,
      values,
      positionals: rest,
      json,
      print,
      note,
      client: ({ forceLocal = false } = {}) => {
        const local = forceLocal || values.local === true
        return opts.openClient
          ? opts.openClient({ local, values })
          : defaultOpenClient(io, local, values)
      },
    }
    return await command(ctx)
  } catch (err) {
    const failure = cliFailure(err)
    if (json) print(JSON.stringify(failure.body, null, 2))
    else if (failure.text) note(failure.text)
    return failure.exit
  }
}
