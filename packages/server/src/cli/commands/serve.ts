import { loadServerEnv } from '../../config/index.js'
import { startServer } from '../../serve/index.js'
import type { CommandContext } from '../command-context.js'
import { EXIT_CODES, type ExitCode } from '../exit-codes.js'
import { UsageError } from '../usage-error.js'
import { envWithFlags } from './env-flags.js'

/**
 * `mcp-deploy serve`: starts the API server on the configuration from the environment, with
 * flags overriding it; prints the URL and, when it was just generated, the API token (once).
 * Stops cleanly on SIGINT/SIGTERM.
 */
export async function serveCommand(ctx: CommandContext): Promise<ExitCode> {
  if (ctx.positionals.length > 0) throw new UsageError('serve takes no arguments')
  const env = loadServerEnv(envWithFlags(ctx.io.env, ctx.values))
  const server = await startServer({ env })
  const token = server.apiToken
  const lines = [
    '',
    `mcp-remote API listening on ${server.url}`,
    `  OpenAPI      ${server.url}/api/openapi.json`,
    `  store        ${server.platform.store.dialect === 'pglite' ? `PGlite in ${env.DATA_DIR}` : 'PostgreSQL (DATABASE_URL)'}`,
    `  runtimes     ${[...server.platform.runtimes.keys()].join(', ')}`,
  ]
  if (token.generatedToken) {
    lines.push(
      `  API token    ${token.generatedToken}`,
      `               shown once: store it now (only its SHA-256 is kept in ${token.hashFile}).`,
      `               export MCP_REMOTE_API_TOKEN=<token> for mcp-deploy and the extension.`,
    )
  } else if (token.source === 'env') {
    lines.push('  API token    from MCP_REMOTE_API_TOKEN')
  } else {
    lines.push(
      `  API token    the one printed on first start (hash in ${token.hashFile}; delete it to get a new one)`,
    )
  }
  ctx.note(`${lines.join('\n')}\n`)
  const signal = await ctx.io.untilSignal()
  ctx.note(`${signal}: shutting down`)
  await server.close()
  return EXIT_CODES.ok
}
