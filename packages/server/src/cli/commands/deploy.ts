import { readFile } from 'node:fs/promises'
import type { DeploymentView } from '@mcp-remote/core'
import {
  DeploymentConfigSchema,
  type EnvVar,
  McpRemoteError,
  RUNTIME_NAMES,
  type RuntimeName,
} from '@mcp-remote/core'
import type { CreateDeploymentBody } from '../../schemas/index.js'
import type { ApiClient } from '../api-client.js'
import { canPrompt } from '../cli-io.js'
import { type CommandContext, refuseLocalDetach, stringOption } from '../command-context.js'
import { EXIT_CODES, type ExitCode } from '../exit-codes.js'
import { formatConnectHelp, formatCost, formatDeployment } from '../format.js'
import { confirm } from '../prompt.js'
import { Spinner } from '../spinner.js'
import { UsageError } from '../usage-error.js'
import { waitSettled } from '../wait-settled.js'
import { collectCredentials } from './credentials.js'
import { holdWhileRunning } from './hold-while-running.js'

async function readConfigFile(path: string): Promise<unknown> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch {
    throw new UsageError(`cannot read ${path}`)
  }
  try {
    return JSON.parse(text)
  } catch {
    throw new UsageError(`${path} is not valid JSON`)
  }
}

/**
 * Shows the estimate (from `GET /api/cost`, which creates nothing) and asks to confirm it
 * unless `--yes` was given; only then sends the deploy, so credentials travel once, on a
 * request that is meant to succeed.
 */
async function createConfirmed(
  ctx: CommandContext,
  client: ApiClient,
  body: CreateDeploymentBody,
): Promise<DeploymentView> {
  if (ctx.values.yes !== true) {
    const estimate = await client.estimateCost(body.runtime)
    ctx.note(`Estimated cost: ${formatCost(estimate)}`)
    if (!canPrompt(ctx.io)) {
      throw new McpRemoteError('cost_not_confirmed', 'confirm the estimated cost with --yes', {
        details: { estimate },
      })
    }
    if (!(await confirm(ctx.io, 'Deploy?'))) {
      throw new McpRemoteError('cost_not_confirmed', 'deploy cancelled', { details: { estimate } })
    }
  }
  return client.createDeployment({ ...body, confirm_cost: true })
}

/**
 * `mcp-deploy deploy <config.json | github-url | npm:pkg> | --package <npm-name> [--arg VALUE ...]
 * [--env NAME ...] [--runtime local|fly] [--yes] [--detach]`: resolves the config (a file, or an
 * analysis of the repository or package), gathers credentials, confirms the cost, deploys, and
 * waits until running or failed.
 */
export async function deployCommand(ctx: CommandContext): Promise<ExitCode> {
  const pkg = stringOption(ctx.values, 'package')
  const runtime = stringOption(ctx.values, 'runtime')
  if (runtime !== undefined && !(RUNTIME_NAMES as readonly string[]).includes(runtime)) {
    throw new UsageError(`--runtime must be one of: ${RUNTIME_NAMES.join(', ')}`)
  }
  if ((pkg === undefined) === (ctx.positionals.length === 0) || ctx.positionals.length > 1) {
    throw new UsageError('give either a config file or --package <npm-name>')
  }
  // A GitHub URL or an npm: spec is a source to analyze and deploy, like --package.
  const positional = ctx.positionals[0]
  const source =
    pkg !== undefined
      ? `npm:${pkg}`
      : positional !== undefined && /^(https?:\/\/|npm:)/i.test(positional)
        ? positional
        : undefined
  const args = Array.isArray(ctx.values.arg) ? ctx.values.arg.map(String) : undefined
  if (args !== undefined && source === undefined) {
    throw new UsageError('--arg goes with a source to analyze (a config file has its own args)')
  }
  refuseLocalDetach(ctx.values)
  const client = await ctx.client()
  try {
    let body: CreateDeploymentBody
    let declared: readonly EnvVar[] = []
    if (source !== undefined) {
      const spinner = new Spinner(ctx.io.stderr, ctx.io.stderr.isTTY === true && !ctx.json).start(
        `Analyzing ${source}`,
      )
      const analysis = await client
        .analyze(source, { refresh: false })
        .finally(() => spinner.stop())
      if (!analysis.config) {
        throw new McpRemoteError(
          'analysis_failed',
          `analysis of ${source} found no config; deploy a config file instead`,
          {
            details: { analysis_id: analysis.id, warnings: analysis.warnings },
          },
        )
      }
      // Arguments given here replace the analysis' (often a README's example paths).
      const warnings = args
        ? analysis.warnings.filter((w) => !w.startsWith('args come from'))
        : analysis.warnings
      for (const w of warnings) ctx.note(`warning: ${w}`)
      body = { analysis_id: analysis.id, ...(args ? { config: { args } } : {}) }
      declared = analysis.config.env_vars
    } else {
      const config = await readConfigFile(ctx.positionals[0]!)
      // Sent as is: the server validates it and names every problem.
      body = { config: config as CreateDeploymentBody['config'] }
      declared = DeploymentConfigSchema.safeParse(config).data?.env_vars ?? []
    }
    if (runtime !== undefined) body.runtime = runtime as RuntimeName
    const names = ctx.values.env
    body.credentials = await collectCredentials(ctx.io, Array.isArray(names) ? names : [], declared)

    const started = await createConfirmed(ctx, client, body)
    if (ctx.values.detach === true) {
      if (ctx.json) ctx.print(JSON.stringify(started, null, 2))
      else
        ctx.print(
          `Deploying ${started.display_name} (${started.id}); follow it with: mcp-deploy status ${started.id}`,
        )
      return EXIT_CODES.ok
    }
    const view = await waitSettled(ctx.io, client, started, { quiet: ctx.json })
    if (ctx.json) ctx.print(JSON.stringify(view, null, 2))
    else ctx.print(formatDeployment(view))
    if (view.status === 'failed') return EXIT_CODES.deploymentFailed
    if (!ctx.json) ctx.print(`\n${formatConnectHelp(view)}`)
    await holdWhileRunning(ctx, client, view)
    return EXIT_CODES.ok
  } finally {
    await client.close()
  }
}
