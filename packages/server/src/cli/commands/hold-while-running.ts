import type { DeploymentView } from '@mcp-remote/core'
import type { ApiClient } from '../api-client.js'
import type { CommandContext } from '../command-context.js'

/**
 * Keeps the process, and with it the embedded platform, alive while `view` runs on the local
 * runtime (`--local`): its bridge ends when the platform closes, so the command waits for
 * Ctrl-C. Returns at once otherwise (a server, or Fly, keeps the deployment running).
 */
export async function holdWhileRunning(
  ctx: CommandContext,
  client: ApiClient,
  view: DeploymentView,
): Promise<void> {
  if (client.mode !== 'local' || view.runtime !== 'local' || view.status !== 'running') return
  ctx.note(
    'This deployment runs while this command does: press Ctrl-C to stop it (a later `mcp-deploy serve` on the same data directory restarts it).',
  )
  await ctx.io.untilSignal()
}
