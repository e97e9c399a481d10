import type { DeployInput, DeploymentView, Platform } from '@mcp-remote/core'
import {
  type AnalysisRecord,
  CostNotConfirmedError,
  McpRemoteError,
  ValidationError,
  validateCredentials,
  validateDeploymentConfig,
} from '@mcp-remote/core'
import type { CreateDeploymentBody } from '../schemas/index.js'
import { offeredRuntime } from './offered-runtime.js'
import { assertRemoteSource } from './remote-source.js'

/** The parts of the platform a deploy request needs. */
export type DeployPlatform = Pick<
  Platform,
  'runtimes' | 'defaultRuntime' | 'getAnalysis' | 'analyze' | 'estimateCost' | 'deploy'
>

function analysisConfig(record: AnalysisRecord): Record<string, unknown> {
  if (record.status === 'analyzing') {
    throw new McpRemoteError('invalid_request', `analysis ${record.id} is still running`, {
      details: { analysis_id: record.id, status: record.status },
      retryAllowed: true,
    })
  }
  const config = record.config
  if (config === null || typeof config !== 'object' || Array.isArray(config)) {
    throw new McpRemoteError(
      'analysis_failed',
      `analysis ${record.id} found no config; send a complete config instead`,
      { details: { analysis_id: record.id, status: record.status } },
    )
  }
  return config as Record<string, unknown>
}

/** Options of {@link resolveDeployInput}. */
export interface ResolveDeployOptions {
  /**
   * Vets a `source`, whether analyzed or only labelling a config; default {@link assertRemoteSource} (GitHub URLs and
   * npm specs only). The CLI's embedded mode also allows local directories.
   */
  checkSource?: (source: string) => string
}

/**
 * Turns a `POST /api/deployments` body into the platform's {@link DeployInput}, deciding in
 * this order: the runtime is offered; a `source`, analyzed or a label, passes `checkSource`; the config comes from `config`, or from `analysis_id`'s
 * analysis (or a fresh analysis of `source`) with `config`'s fields on top, and passes core's
 * validation; the credentials fit it; and last the cost is confirmed. The cost must be confirmed
 * on every deploy, local ones included (their estimate says $0), so clients always show it.
 * @throws `ValidationError`, `NotFoundError`, `MissingCredentialsError`, `InvalidSourceError`,
 * or `CostNotConfirmedError` whose details carry the estimate.
 */
export async function resolveDeployInput(
  platform: DeployPlatform,
  body: CreateDeploymentBody,
  opts: ResolveDeployOptions = {},
): Promise<DeployInput> {
  const checkSource = opts.checkSource ?? assertRemoteSource
  const runtime = offeredRuntime(platform, body.runtime)
  let base: Record<string, unknown> = {}
  // Vetted even when it only labels a config: the row's source is a repository URL or npm spec.
  let source = body.source === undefined ? undefined : checkSource(body.source)
  if (body.analysis_id !== undefined) {
    const record = await platform.getAnalysis(body.analysis_id)
    base = analysisConfig(record)
    source ??= record.source
  } else if (body.config === undefined) {
    if (source === undefined) {
      throw new ValidationError('give config, analysis_id or source', [
        { path: 'config', message: 'is required without analysis_id or source' },
      ])
    }
    const record = await platform.analyze(source)
    base = analysisConfig(record)
  }
  const config = validateDeploymentConfig({ ...base, ...body.config })
  const credentials = body.credentials ?? {}
  validateCredentials(config, credentials)
  if (body.confirm_cost !== true) {
    throw new CostNotConfirmedError({ ...platform.estimateCost(runtime) })
  }
  return {
    config,
    credentials,
    runtime,
    confirmCost: true,
    ...(source === undefined ? {} : { source }),
  }
}

/** Resolves a deploy request (see {@link resolveDeployInput}) and starts the deploy. */
export async function createDeployment(
  platform: DeployPlatform,
  body: CreateDeploymentBody,
  opts: ResolveDeployOptions & { idempotencyKey?: string | undefined } = {},
): Promise<DeploymentView> {
  const input = await resolveDeployInput(platform, body, opts)
  return platform.deploy(
    opts.idempotencyKey === undefined ? input : { ...input, idempotencyKey: opts.idempotencyKey },
  )
}
