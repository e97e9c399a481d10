import type { CostEstimate, DeploymentView, RuntimeName } from '@mcp-remote/core'
import { McpRemoteError } from '@mcp-remote/core'
import type { z } from 'zod'
import {
  AnalysisViewSchema,
  CostEstimateSchema,
  type CreateDeploymentBody,
  DeploymentListSchema,
  DeploymentViewSchema,
  ErrorBodySchema,
  HealthReportSchema,
} from '../schemas/index.js'
import type { ApiClient } from './api-client.js'

/** Options of {@link HttpApiClient}. */
export interface HttpApiClientOptions {
  /** The server's base URL, e.g. `http://127.0.0.1:8787`. */
  url: string
  token: string
  /** Default: global `fetch`. Tests pass an in-process app's `fetch`. */
  fetch?: (input: string, init: RequestInit) => Promise<Response>
  /** Per-request timeout, ms (default 120 000: analysis may take a while). */
  timeoutMs?: number
}

/** An error the server answered with; `code` is the API's. */
export class ApiResponseError extends McpRemoteError {
  readonly status: number

  constructor(status: number, body: z.infer<typeof ErrorBodySchema>) {
    super(body.error, body.message, {
      details: { ...body.details },
      retryAllowed: body.retry_allowed,
    })
    this.status = status
  }
}

/** Talks to a running mcp-remote server with its API token. */
export class HttpApiClient implements ApiClient {
  readonly mode = 'remote'
  readonly #base: string
  readonly #token: string
  readonly #fetch: (input: string, init: RequestInit) => Promise<Response>
  readonly #timeoutMs: number

  constructor(opts: HttpApiClientOptions) {
    this.#base = opts.url.replace(/\/+$/, '')
    this.#token = opts.token
    this.#fetch = opts.fetch ?? ((input, init) => fetch(input, init))
    this.#timeoutMs = opts.timeoutMs ?? 120_000
  }

  async #call<T>(
    method: string,
    path: string,
    schema: z.ZodType<T> | null,
    body?: unknown,
  ): Promise<T> {
    let res: Response
    try {
      res = await this.#fetch(`${this.#base}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${this.#token}`,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(this.#timeoutMs),
      })
    } catch (err) {
      throw new McpRemoteError(
        'upstream_error',
        `cannot reach the server at ${new URL(this.#base).origin}`,
        {
          details: {
            reason: err instanceof Error && err.name === 'TimeoutError' ? 'timeout' : 'unreachable',
          },
          retryAllowed: true,
        },
      )
    }
    const text = await res.text()
    let json: unknown = null
    try {
      json = text ? JSON.parse(text) : null
    } catch {
      // not JSON: handled below
    }
    if (!res.ok) {
      const error = ErrorBodySchema.safeParse(json)
      if (error.success) throw new ApiResponseError(res.status, error.data)
      throw new McpRemoteError('upstream_error', `the server answered ${res.status}`, {
        details: { status: res.status },
        retryAllowed: res.status >= 500,
      })
    }
    if (schema === null) return undefined as T
    const parsed = schema.safeParse(json)
    if (!parsed.success) {
      throw new McpRemoteError('upstream_error', `unexpected answer from ${method} ${path}`, {
        details: { status: res.status },
      })
    }
    return parsed.data
  }

  health() {
    return this.#call('GET', '/api/health', HealthReportSchema)
  }

  analyze(source: string, opts: { refresh: boolean }) {
    const query = opts.refresh ? '?refresh=true' : ''
    return this.#call('POST', `/api/analyze${query}`, AnalysisViewSchema, { url: source })
  }

  getAnalysis(id: string) {
    return this.#call('GET', `/api/analysis/${encodeURIComponent(id)}`, AnalysisViewSchema)
  }

  estimateCost(runtime?: RuntimeName): Promise<CostEstimate> {
    const query = runtime ? `?runtime=${encodeURIComponent(runtime)}` : ''
    return this.#call('GET', `/api/cost${query}`, CostEstimateSchema)
  }

  createDeployment(body: CreateDeploymentBody): Promise<DeploymentView> {
    return this.#call('POST', '/api/deployments', DeploymentViewSchema, body)
  }

  async listDeployments(): Promise<DeploymentView[]> {
    return (await this.#call('GET', '/api/deployments', DeploymentListSchema)).deployments
  }

  getDeployment(id: string): Promise<DeploymentView> {
    return this.#call('GET', `/api/deployments/${encodeURIComponent(id)}`, DeploymentViewSchema)
  }

  stop(id: string): Promise<DeploymentView> {
    return this.#call(
      'POST',
      `/api/deployments/${encodeURIComponent(id)}/stop`,
      DeploymentViewSchema,
    )
  }

  restart(id: string): Promise<DeploymentView> {
    return this.#call(
      'POST',
      `/api/deployments/${encodeURIComponent(id)}/restart`,
      DeploymentViewSchema,
    )
  }

  remove(id: string): Promise<void> {
    return this.#call('DELETE', `/api/deployments/${encodeURIComponent(id)}`, null)
  }

  async close(): Promise<void> {}
}
