import type { CostEstimate, DeploymentView, RuntimeName } from '@mcp-remote/core'
import type { AnalysisView, CreateDeploymentBody, HealthReport } from '../schemas/index.js'

/**
 * What the CLI asks of mcp-remote, over HTTP ({@link HttpApiClient}) or the embedded platform
 * (`LocalApiClient`). Failures are `McpRemoteError`s carrying the API's error codes.
 */
export interface ApiClient {
  /** `remote` talks to a server; `local` runs the platform in this process. */
  readonly mode: 'remote' | 'local'
  health(): Promise<HealthReport>
  analyze(source: string, opts: { refresh: boolean }): Promise<AnalysisView>
  getAnalysis(id: string): Promise<AnalysisView>
  /** What a deployment on `runtime` (default: the server's) would cost; creates nothing. */
  estimateCost(runtime?: RuntimeName): Promise<CostEstimate>
  createDeployment(body: CreateDeploymentBody): Promise<DeploymentView>
  listDeployments(): Promise<DeploymentView[]>
  getDeployment(id: string): Promise<DeploymentView>
  stop(id: string): Promise<DeploymentView>
  restart(id: string): Promise<DeploymentView>
  remove(id: string): Promise<void>
  /** Re-encrypts every credential under the primary key (embedded platform only). */
  rotateKeys?(): Promise<number>
  close(): Promise<void>
}
