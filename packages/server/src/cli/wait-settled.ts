import type { DeploymentView } from '@mcp-remote/core'
import { McpRemoteError } from '@mcp-remote/core'
import type { ApiClient } from './api-client.js'
import type { CliIo } from './cli-io.js'
import { InterruptedError, untilInterrupted } from './interrupt.js'
import { Spinner } from './spinner.js'

/** Poll interval while deploying (DESIGN.md §3: every 2 s). */
export const POLL_MS = 2_000

function stoppedWaiting(client: ApiClient, view: DeploymentView): InterruptedError {
  const { id } = view
  // An embedded platform closes with this process, ending the bridges it started; a server
  // goes on deploying.
  const hint =
    client.mode === 'local'
      ? `Interrupted: ${id} was left deploying; mcp-deploy serve on this data directory resumes it (or: mcp-deploy rm ${id} --local).`
      : `Interrupted: ${id} goes on deploying on the server; follow it with: mcp-deploy status ${id}`
  return new InterruptedError(`stopped waiting for ${id}`, { hint, details: { id } })
}

/**
 * Polls a deployment until it leaves `deploying`, showing its latest event on a spinner (on a
 * terminal only). Gives up after `timeoutMs` (default 10 min) with `deployment_failed`. SIGINT
 * or SIGTERM stops the wait at once with an `InterruptedError` naming the deployment.
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
  let abandoned = false
  const poll = async () => {
    while (view.status === 'deploying' && !abandoned) {
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
    return view
  }
  try {
    return await untilInterrupted(io, poll, () => {
      abandoned = true
      return stoppedWaiting(client, view)
    })
  } finally {
    spinner.stop()
  }
}
