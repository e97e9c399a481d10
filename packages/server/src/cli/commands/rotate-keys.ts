import type { CommandContext } from '../command-context.js'
import { EXIT_CODES, type ExitCode } from '../exit-codes.js'
import { UsageError } from '../usage-error.js'

/**
 * `mcp-deploy rotate-keys`: re-encrypts every credential under the first key of
 * `MASTER_ENCRYPTION_KEY` (the others still decrypt). It opens the store directly, whatever
 * `MCP_REMOTE_URL` says (it takes no `--url`): with embedded PGlite, stop the server first (one
 * process per data directory).
 */
export async function rotateKeysCommand(ctx: CommandContext): Promise<ExitCode> {
  if (ctx.positionals.length > 0) throw new UsageError('rotate-keys takes no arguments')
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
