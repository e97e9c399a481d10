import { ofetch } from 'ofetch'
import type { Clock } from '../clock.js'
import { systemClock } from '../clock.js'
import { withDeadline } from '../deadline.js'
import { type BackoffOptions, backoffDelay, parseRetryAfter } from './backoff.js'
import { FlyApiError } from './fly-api-error.js'
import { FlyErrorBodySchema } from './fly-schemas.js'
import { type Sleeper, sleeperOf, type TimeSource } from './sleep.js'

/** The Machines API host used when none is configured (`FLY_API_HOSTNAME`). */
export const DEFAULT_FLY_API_HOSTNAME = 'https://api.machines.dev'

/** The logger subset the client uses: a fixed message plus secret-free fields. */
export interface FlyLogger {
  debug?(fields: Record<string, unknown>, msg: string): void
  warn?(fields: Record<string, unknown>, msg: string): void
}

/** How the client talks to Fly. */
export interface FlyTransportOptions {
  /** A Fly API token; sent as `Authorization: Bearer …` (or as given when it starts `FlyV1 `). */
  token: string
  /** Base URL of the Machines API (default {@link DEFAULT_FLY_API_HOSTNAME}). */
  baseUrl?: string
  /** Time source; when it can `sleep` (a fake clock), backoff waits on it instead of real time. */
  clock?: TimeSource
  /** Overrides how backoff waits. */
  sleeper?: Sleeper
  /** Jitter source in [0, 1) (default `Math.random`). */
  random?: () => number
  /** Total time per operation, retries included, in ms (default 30 000). */
  deadlineMs?: number
  /** Real-time limit of one HTTP attempt, in ms (default 30 000). */
  attemptTimeoutMs?: number
  backoff?: BackoffOptions
  /** The fetch to use (default the global one, which msw intercepts in tests). */
  fetch?: typeof globalThis.fetch
  logger?: FlyLogger
}

/** One Fly call. */
export interface FlyRequest {
  /** The OpenAPI operation id, e.g. `Machines_create`; errors and logs name it. */
  operation: string
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  /** Path under the base URL, segments already encoded. */
  path: string
  query?: Record<string, string | number | boolean | undefined>
  body?: unknown
  headers?: Record<string, string>
  /** Safe to repeat: only idempotent calls are retried. */
  idempotent: boolean
  /** The body holds secret values: Fly's error text is then never kept. */
  sensitive?: boolean
  /** Overrides the operation deadline, in ms. */
  deadlineMs?: number
  /** Overrides the per-attempt timeout, in ms. */
  attemptTimeoutMs?: number
  signal?: AbortSignal
}

/** A successful Fly response. */
export interface FlyResponse {
  status: number
  data: unknown
  headers: Headers
  requestId: string | undefined
}

/**
 * Before each retry of a call, a chance to find out whether the earlier attempt took effect
 * (e.g. a Machine carrying the deployment's tag): a value ends the call with that value.
 */
export type Recover<T> = () => Promise<T | undefined>

const REQUEST_ID_HEADER = 'fly-request-id'

/**
 * Sends Fly calls: one ofetch instance with base URL and auth, one HTTP attempt at a time, and
 * jittered exponential backoff on 429 (honouring `Retry-After`), 5xx and network errors, for
 * idempotent calls only, inside a total deadline. The token lives in a private field and never
 * reaches an error or a log.
 */
export class FlyTransport {
  readonly baseUrl: string
  readonly clock: Clock
  readonly sleeper: Sleeper
  readonly #authorization: string
  readonly #fetch: typeof ofetch
  readonly #random: () => number
  readonly #deadlineMs: number
  readonly #attemptTimeoutMs: number
  readonly #backoff: BackoffOptions
  readonly #logger: FlyLogger | undefined

  constructor(options: FlyTransportOptions) {
    if (!options.token) throw new TypeError('a Fly API token is required')
    this.baseUrl = (options.baseUrl ?? DEFAULT_FLY_API_HOSTNAME).replace(/\/+$/, '')
    this.clock = options.clock ?? systemClock
    this.sleeper = options.sleeper ?? sleeperOf(options.clock)
    this.#authorization = /^FlyV1 /.test(options.token) ? options.token : `Bearer ${options.token}`
    this.#random = options.random ?? Math.random
    this.#deadlineMs = options.deadlineMs ?? 30_000
    this.#attemptTimeoutMs = options.attemptTimeoutMs ?? 30_000
    this.#backoff = options.backoff ?? {}
    this.#logger = options.logger
    this.#fetch = ofetch.create(
      { baseURL: this.baseUrl, retry: false, ignoreResponseError: true },
      options.fetch ? { fetch: options.fetch } : {},
    )
  }

  /** Milliseconds an operation may take by default, retries included. */
  get deadlineMs(): number {
    return this.#deadlineMs
  }

  /**
   * Sends `req`, retrying when it is idempotent and the failure is retryable, until the
   * operation's deadline, and returns `parse` of the response. `recover` runs before each
   * retry (see {@link Recover}).
   * @throws {@link FlyApiError} for a refusal, or the last failure when retries run out.
   */
  async call<T>(req: FlyRequest, parse: (res: FlyResponse) => T, recover?: Recover<T>): Promise<T> {
    const deadline = this.clock.now() + (req.deadlineMs ?? this.#deadlineMs)
    for (let attempt = 0; ; attempt++) {
      const outcome = await this.#attempt(req)
      if (!(outcome instanceof FlyApiError)) return parseOrThrow(req.operation, outcome, parse)
      const failure = outcome
      if (!req.idempotent || !failure.retryable) throw failure
      const delay = failure.retryAfterMs ?? backoffDelay(attempt, this.#random, this.#backoff)
      if (this.clock.now() + delay >= deadline) throw failure
      this.#logger?.debug?.(
        {
          operation: req.operation,
          status: failure.status ?? null,
          attempt: attempt + 1,
          delayMs: delay,
        },
        'fly call retrying',
      )
      await this.sleeper.sleep(delay, req.signal)
      if (recover) {
        const found = await this.#recover(req, recover, deadline)
        if (found !== undefined) return found
      }
    }
  }

  /**
   * Runs `recover` until it answers: its own retryable failures are retried (never the call it
   * guards, whose effect would then be unknown) until the deadline.
   */
  async #recover<T>(
    req: FlyRequest,
    recover: Recover<T>,
    deadline: number,
  ): Promise<T | undefined> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await recover()
      } catch (err) {
        if (!(err instanceof FlyApiError) || !err.retryable) throw err
        const delay = err.retryAfterMs ?? backoffDelay(attempt, this.#random, this.#backoff)
        if (this.clock.now() + delay >= deadline) throw err
        await this.sleeper.sleep(delay, req.signal)
      }
    }
  }

  /** One HTTP attempt: the response, or the {@link FlyApiError} it amounts to. */
  async #attempt(req: FlyRequest): Promise<FlyResponse | FlyApiError> {
    try {
      return await this.#once(req)
    } catch (err) {
      if (err instanceof FlyApiError) return err
      throw err
    }
  }

  async #once(req: FlyRequest): Promise<FlyResponse> {
    req.signal?.throwIfAborted()
    const deadline = withDeadline(req.attemptTimeoutMs ?? this.#attemptTimeoutMs, req.signal)
    let response: Response & { _data?: unknown }
    try {
      response = await this.#fetch.raw(req.path, {
        method: req.method,
        query: req.query,
        body: req.body as Record<string, unknown> | undefined,
        headers: { ...req.headers, authorization: this.#authorization, accept: 'application/json' },
        signal: deadline.signal,
      })
    } catch {
      if (req.signal?.aborted) throw req.signal.reason
      // The original error may quote the request (URL, headers, body): keep only the kind.
      const reason = deadline.expired ? 'timeout' : 'network'
      throw new FlyApiError(req.operation, { reason })
    } finally {
      deadline.clear()
    }
    const requestId = response.headers.get(REQUEST_ID_HEADER) ?? undefined
    if (response.status >= 200 && response.status < 300) {
      return { status: response.status, data: response._data, headers: response.headers, requestId }
    }
    const body = FlyErrorBodySchema.safeParse(response._data)
    const flyStatus = body.success ? body.data.status : undefined
    const flyMessage =
      !req.sensitive && body.success && body.data.error ? body.data.error.slice(0, 300) : undefined
    throw new FlyApiError(req.operation, {
      status: response.status,
      flyStatus,
      requestId,
      flyMessage,
      retryAfterMs:
        response.status === 429 || response.status === 503
          ? parseRetryAfter(response.headers.get('retry-after'), this.clock.now())
          : undefined,
    })
  }
}

function parseOrThrow<T>(operation: string, res: FlyResponse, parse: (res: FlyResponse) => T): T {
  try {
    return parse(res)
  } catch {
    throw new FlyApiError(operation, {
      status: res.status,
      requestId: res.requestId,
      reason: 'unexpected_response',
      retryable: false,
    })
  }
}
