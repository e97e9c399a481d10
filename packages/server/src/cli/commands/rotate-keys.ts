import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { loadServerEnv } from '../../config/index.js'
import type { CommandContext } from '../command-context.js'
import { EXIT_CODES, type ExitCode } from '../exit-codes.js'
import { UsageError } from '../usage-error.js'
import { envWithFlags } from './env-flags.js'

/**
 * `mcp-deploy rotate-keys`: re-encrypts every credential under the first key of
 * `MASTER_ENCRYPTION_KEY` (the others still decrypt). It opens the store directly, whatever
 * `MCP_REMOTE_URL` says (it takes no `--url`): with embedded PGlite, stop the server first (one
 * process per data directory). A data directory without a store is refused: opening it would
 * create an empty store and a new master key, and report nothing rotated.
 */
export async function rotateKeysCommand(ctx: CommandContext): Promise<ExitCode> {
  if (ctx.positionals.length > 0) throw new UsageError('rotate-keys takes no arguments')
  const env = loadServerEnv(envWithFlags(ctx.io.env, ctx.values))
  if (!env.DATABASE_URL && !existsSync(join(env.DATA_DIR, 'pgdata'))) {
    throw new UsageError(
      `no mcp-remote store in ${env.DATA_DIR}: set DATA_DIR (or --data-dir, or DATABASE_URL) to the server's`,
    )
  }
  const client = await ctx.client({ forceLocal: true })
  try {
    if (!client.rotateKeys) throw new UsageError('rotate-keys needs the embedded platform')
    const count = await client.rotateKeys()
    ctx.print(
      ctx.json
        ? JSON.stringify({ rotated: count })
        : `Re-encrypted ${count} credential${count === 1 ? '' : 's'} under the primary key.`,
    )
    return EXIT_CODES.ok
  } finally {
    await client.close()
  }
}
