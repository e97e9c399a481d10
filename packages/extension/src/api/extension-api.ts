import type { CostEstimate, RuntimeName } from '@mcp-remote/core'
import type { ApiRequest, ApiResult } from './api-client'
import { unreadableAnswerFailure } from './api-failure'
import { parseEstimate } from './cost-estimate'
import type { AnalysisView, CreateDeploymentBody, DeploymentView, HealthView } from './wire-types'

/** Sends one API request somewhere that can answer it (the background worker, or a fake). */
export type SendApiRequest = (req: ApiRequest) => Promise<ApiResult>

/** The server's REST API as the extension's screens use it. Every method resolves; none throws. */
export interface ExtensionApi {
  health(): Promise<ApiResult<HealthView>>
  /** `POST /api/analyze`: a GitHub URL or an `npm:` spec. */
  analyze(url: string, refresh?: boolean): Promise<ApiResult<AnalysisView>>
  getAnalysis(id: string): Promise<ApiResult<AnalysisView>>
  /** `GET /api/cost?runtime=`: what a deployment on `runtime` costs; creates nothing. */
  estimateCost(runtime: RuntimeName): Promise<ApiResult<CostEstimate>>
  /**
   * `POST /api/deployments`. Send `confirm_cost: true` once the user accepted the estimate;
   * without it the server refuses with `cost_not_confirmed` carrying the estimate. With an
   * `idempotencyKey` (sent as `Idempotency-Key`) a retry of the same request is safe: the
   * server answers with the deployment the first one created instead of creating another.
   */
  createDeployment(
    body: CreateDeploymentBody,
    idempotencyKey?: string,
  ): Promise<ApiResult<DeploymentView>>
  listDeployments(): Promise<ApiResult<DeploymentView[]>>
  getDeployment(id: string): Promise<ApiResult<DeploymentView>>
  stopDeployment(id: string): Promise<ApiResult<DeploymentView>>
  restartDeployment(id: string): Promise<ApiResult<DeploymentView>>
  deleteDeployment(id: string): Promise<ApiResult<unknown>>
}

/** A list answer may be a bare array or wrapped (`{ deployments: [...] }`); returns the array. */
export function listFrom(data: unknown): DeploymentView[] {
  if (Array.isArray(data)) return data as DeploymentView[]
  if (typeof data === 'object' && data !== null) {
    for (const key of ['deployments', 'items', 'data']) {
      const value = (data as Record<string, unknown>)[key]
      if (Array.isArray(value)) return value as DeploymentView[]
    }
  }
  return []
}

/** A single answer may be bare or wrapped (`{ deployment: {...} }`); returns the object. */
function unwrap<T>(key: string) {
  return (result: ApiResult): ApiResult<T> => {
    if (!result.ok) return result
    const data = result.data as Record<string, unknown> | null
    const inner = data && typeof data === 'object' && key in data ? data[key] : data
    return { ok: true, status: result.status, data: inner as T }
  }
}

/** Builds the {@link ExtensionApi} over a transport. */
export function createExtensionApi(send: SendApiRequest): ExtensionApi {
  const id = (value: string) => encodeURIComponent(value)
  const deployment = unwrap<DeploymentView>('deployment')
  const analysis = unwrap<AnalysisView>('analysis')
  return {
    health: async () =>
      (await send({ method: 'GET', path: '/api/health', auth: false })) as ApiResult<HealthView>,
    analyze: async (url, refresh = false) =>
      analysis(
        await send({
          method: 'POST',
          path: refresh ? '/api/analyze?refresh=true' : '/api/analyze',
          body: { url },
        }),
      ),
    getAnalysis: async (aid) =>
      analysis(await send({ method: 'GET', path: `/api/analysis/${id(aid)}` })),
    estimateCost: async (runtime) => {
      const result = await send({ method: 'GET', path: `/api/cost?runtime=${id(runtime)}` })
      if (!result.ok) return result
      const estimate = parseEstimate(result.data)
      return estimate
        ? { ok: true, status: result.status, data: estimate }
        : { ok: false, failure: unreadableAnswerFailure('a cost estimate', result.status) }
    },
    createDeployment: async (body, idempotencyKey) =>
      deployment(
        await send({
          method: 'POST',
          path: '/api/deployments',
          body,
          ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
        }),
      ),
    listDeployments: async () => {
      const result = await send({ method: 'GET', path: '/api/deployments' })
      return result.ok ? { ok: true, status: result.status, data: listFrom(result.data) } : result
    },
    getDeployment: async (did) =>
      deployment(await send({ method: 'GET', path: `/api/deployments/${id(did)}` })),
    stopDeployment: async (did) =>
      deployment(await send({ method: 'POST', path: `/api/deployments/${id(did)}/stop` })),
    restartDeployment: async (did) =>
      deployment(await send({ method: 'POST', path: `/api/deployments/${id(did)}/restart` })),
    deleteDeployment: (did) => send({ method: 'DELETE', path: `/api/deployments/${id(did)}` }),
  }
}
