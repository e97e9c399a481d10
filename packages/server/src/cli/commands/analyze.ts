import { stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import { type AnalysisResult, checkLocalDirectory } from '@mcp-remote/core'
import type { CommandContext } from '../command-context.js'
import { EXIT_CODES, type ExitCode } from '../exit-codes.js'
import { formatAnalysis } from '../format.js'
import { Spinner } from '../spinner.js'
import { UsageError } from '../usage-error.js'
import { POLL_MS } from '../wait-settled.js'

async function isDirectory(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isDirectory(),
    () => false,
  )
}

/**
 * `mcp-deploy analyze <github-url|npm:pkg[@ver]|./dir> [--refresh] [--json]`. A local directory
 * is analyzed in this process (the server never reads the caller's files). `--json` prints
 * exactly the `AnalysisResult`: `{ status, config, evidence, warnings }`.
 */
export async function analyzeCommand(ctx: CommandContext): Promise<ExitCode> {
  const [source, ...rest] = ctx.positionals
  if (!source || rest.length > 0) throw new UsageError('analyze takes one source')
  const local =
    /^(\.{1,2}(\/|$)|\/|~)/.test(source) || (!source.includes(':') && (await isDirectory(source)))
  const target = local ? resolve(source) : source
  // Before the embedded platform opens: it would make a data directory and a master key first.
  if (local) await checkLocalDirectory(target)
  const client = await ctx.client({ forceLocal: local })
  const spinner = new Spinner(ctx.io.stderr, ctx.io.stderr.isTTY === true && !ctx.json).start(
    `Analyzing ${source}`,
  )
  try {
    let view = await client.analyze(target, { refresh: ctx.values.refresh === true })
    while (view.status === 'analyzing') {
      await ctx.io.sleep(POLL_MS)
      view = await client.getAnalysis(view.id)
    }
    spinner.stop()
    if (ctx.json) {
      const result: AnalysisResult = {
        status: view.status,
        config: view.config,
        evidence: view.evidence,
        warnings: view.warnings,
      }
      ctx.print(JSON.stringify(result, null, 2))
    } else {
      ctx.print(formatAnalysis(view))
      if (view.config)
        ctx.print(
          `\nDeploy it: mcp-deploy deploy --package <name>, or save the config and mcp-deploy deploy <file>`,
        )
    }
    return view.status === 'failed' ? EXIT_CODES.rejected : EXIT_CODES.ok
  } finally {
    spinner.stop()
    await client.close()
  }
}
