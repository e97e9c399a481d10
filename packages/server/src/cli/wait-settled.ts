import type { DeploymentView } from '@mcp-remote/core'
import { McpRemoteError } from '@mcp-remote/core'
import type { ApiClient } from './api-client.js'
import type { CliIo } from './cli-io.js'
import { Spinner } from './spinner.js'

/** Poll interval while deploying (DESIGN.md §3: every 2 s). */
export const POLL_MS = 2_000

/**
 * Polls a deployment until it leaves `deploying`, showing its latest event on a spinner (on a
 * terminal only). Gives up after `timeoutMs` (default 10 min) with `deployment_failed`.
 */
export async function waitSettled(
  io: CliIo,
  client: ApiClient,
  start: DeploymentView,
  opts: { quiet?: boolean; timeoutMs?: number } = {},
): Promise<DeploymentView> {
  const spinner = new Spinner(io.stderr, io.stderr.isTTY === true && !opts.quiet)
  const deadline = Date.now() + (opts.timeoutMs ?? 600_000)
  let view = start
  spinner.start(`Deploying ${view.display_name} (${view.id})`)
  try {
    while (view.status === 'deploying') {
      if (Date.now() > deadline) {
        throw new McpRemoteError(
          'deployment_failed',
          `${view.id} is still deploying; check it with mcp-deploy status ${view.id}`,
          {
            details: { id: view.id },
            retryAllowed: true,
          },
        )
      }
      await io.sleep(POLL_MS)
      view = await client.getDeployment(view.id)
      const last = view.events.at(-1)
      spinner.update(`Deploying ${view.display_name} (${view.id})${last ? `: ${last.reason}` : ''}`)
    }
  } finally {
    spinner.stop()
  }
  return view
}
