import type { CostEstimate, DeploymentView, Platform, RuntimeName } from '@mcp-remote/core'
import { systemClock } from '@mcp-remote/core'
import { createHealthCheck } from '../http/index.js'
import { createDeployment, offeredRuntime, toAnalysisView } from '../operations/index.js'
import type { CreateDeploymentBody } from '../schemas/index.js'
import { SERVER_VERSION } from '../version.js'
import type { ApiClient } from './api-client.js'

/**
 * Runs the CLI's requests against an embedded platform in this process (`--local`), with the
 * API's rules (the same deploy-request resolution, cost always confirmed). Unlike the API it
 * also analyzes local directories. Deployments on the local runtime live as long as a process
 * holds them: this one, or a later `mcp-deploy serve`, which restarts them.
 */
export class LocalApiClient implements ApiClient {
  readonly mode = 'local'
  readonly #health: ReturnType<typeof createHealthCheck>

  constructor(readonly platform: Platform) {
    this.#health = createHealthCheck(platform, { clock: systemClock, version: SERVER_VERSION })
  }

  health() {
    return this.#health()
  }

  async analyze(source: string, opts: { refresh: boolean }) {
    return toAnalysisView(await this.platform.analyze(source, opts))
  }

  async getAnalysis(id: string) {
    return toAnalysisView(await this.platform.getAnalysis(id))
  }

  async estimateCost(runtime?: RuntimeName): Promise<CostEstimate> {
    return this.platform.estimateCost(offeredRuntime(this.platform, runtime))
  }

  createDeployment(body: CreateDeploymentBody): Promise<DeploymentView> {
    return createDeployment(this.platform, body, { checkSource: (source) => source.trim() })
  }

  listDeployments() {
    return this.platform.list()
  }

  getDeployment(id: string) {
    return this.platform.get(id)
  }

  stop(id: string) {
    return this.platform.stop(id)
  }

  restart(id: string) {
    return this.platform.restart(id)
  }

  remove(id: string) {
    return this.platform.delete(id)
  }

  rotateKeys() {
    return this.platform.rotateKeys()
  }

  close() {
    return this.platform.close()
  }
}
