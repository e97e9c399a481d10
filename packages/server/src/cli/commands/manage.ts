import type { DeploymentView } from '@mcp-remote/core'
import { type CommandContext, refuseLocalDetach } from '../command-context.js'
import { EXIT_CODES, type ExitCode } from '../exit-codes.js'
import { formatConnectHelp, formatDeployment, formatDeploymentTable } from '../format.js'
import { UsageError } from '../usage-error.js'
import { waitSettled } from '../wait-settled.js'
import { holdWhileRunning } from './hold-while-running.js'

/** A running deployment's endpoints, then how to connect Claude to it. */
function formatEndpoints(view: DeploymentView): string {
  if (!view.endpoints) return ''
  return [
    `  mcp          ${view.endpoints.streamable_http}`,
    `  sse          ${view.endpoints.sse}`,
    '',
    formatConnectHelp(view),
  ].join('\n')
}

function oneId(ctx: CommandContext, command: string): string {
  const [id, ...rest] = ctx.positionals
  if (!id || rest.length > 0) throw new UsageError(`${command} takes one deployment id`)
  return id
}

/** `mcp-deploy ls`: deployments, newest first. */
export async function listCommand(ctx: CommandContext): Promise<ExitCode> {
  if (ctx.positionals.length > 0) throw new UsageError('ls takes no arguments')
  const client = await ctx.client()
  try {
    const list = await client.listDeployments()
    ctx.print(ctx.json ? JSON.stringify(list, null, 2) : formatDeploymentTable(list))
    return EXIT_CODES.ok
  } finally {
    await client.close()
  }
}

/** `mcp-deploy status <id>`: one deployment with endpoints, tools, events and cost. */
export async function statusCommand(ctx: CommandContext): Promise<ExitCode> {
  const id = oneId(ctx, 'status')
  const client = await ctx.client()
  try {
    const view = await client.getDeployment(id)
    if (ctx.json) ctx.print(JSON.stringify(view, null, 2))
    else {
      ctx.print(formatDeployment(view))
      if (view.status === 'running') ctx.print(`\n${formatConnectHelp(view)}`)
    }
    return EXIT_CODES.ok
  } finally {
    await client.close()
  }
}

/** `mcp-deploy stop <id>`. */
export async function stopCommand(ctx: CommandContext): Promise<ExitCode> {
  const id = oneId(ctx, 'stop')
  const client = await ctx.client()
  try {
    const view = await client.stop(id)
    ctx.print(
      ctx.json ? JSON.stringify(view, null, 2) : `Stopped ${view.display_name} (${view.id})`,
    )
    return EXIT_CODES.ok
  } finally {
    await client.close()
  }
}

/**
 * `mcp-deploy restart <id> [--detach]`: redeploys, and waits for running unless detached. A
 * restart may change the endpoints (a local bridge gets a new port), so they are printed again;
 * with `--local`, a local-runtime deployment runs until Ctrl-C, as after `deploy`.
 */
export async function restartCommand(ctx: CommandContext): Promise<ExitCode> {
  const id = oneId(ctx, 'restart')
  refuseLocalDetach(ctx.values)
  const client = await ctx.client()
  try {
    let view = await client.restart(id)
    if (ctx.values.detach !== true)
      view = await waitSettled(ctx.io, client, view, { quiet: ctx.json })
    if (ctx.json) ctx.print(JSON.stringify(view, null, 2))
    else {
      const reason = view.status_reason ? ` (${view.status_reason})` : ''
      ctx.print(`${view.display_name} (${view.id}) is ${view.status}${reason}`)
      if (view.status === 'running') ctx.print(formatEndpoints(view))
    }
    if (view.status === 'failed') return EXIT_CODES.deploymentFailed
    await holdWhileRunning(ctx, client, view)
    return EXIT_CODES.ok
  } finally {
    await client.close()
  }
}

/** `mcp-deploy rm <id>`: destroys the runtime resources, then the row and its credentials. */
export async function removeCommand(ctx: CommandContext): Promise<ExitCode> {
  const id = oneId(ctx, 'rm')
  const client = await ctx.client()
  try {
    await client.remove(id)
    ctx.print(ctx.json ? JSON.stringify({ id, deleted: true }) : `Deleted ${id}`)
    return EXIT_CODES.ok
  } finally {
    await client.close()
  }
}
