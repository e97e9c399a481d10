import { HttpResponse, http, type RequestHandler } from 'msw'
import type { FakeClock } from '../fake-clock.js'
import type { FakeFault } from './fake-fly-faults.js'
import { OPERATIONS, type Reply } from './fake-fly-operations.js'
import { type FakeApp, FakeFlyState } from './fake-fly-state.js'
import { type BootPlan, DEFAULT_BOOT_PLAN, type FakeMachine, stateAt } from './fake-machine.js'
import spec from './machines-openapi.json' with { type: 'json' }
import { type OpenApiDocument, OpenApiValidator, type Violation } from './openapi-validator.js'

/** Options of {@link createFakeFly}. */
export interface FakeFlyOptions {
  /** The virtual clock Machines move on; share it with the code under test. */
  clock: FakeClock
  /** The token requests must carry (default `fake-fly-token`). */
  token?: string
  /** Organizations the token may use (default `['personal']`). */
  orgs?: string[]
  /** Base URL to intercept (default `https://api.machines.dev`). */
  baseUrl?: string
  /** Default boot behaviour of Machines. */
  boot?: BootPlan
}

/** A request the fake received, for assertions. Bodies are kept as sent (tests only). */
export interface RecordedRequest {
  operation: string | undefined
  method: string
  path: string
  query: Record<string, string>
  body: unknown
  status: number | 'network_error'
}

let validator: OpenApiValidator | undefined
function sharedValidator(): OpenApiValidator {
  validator ??= new OpenApiValidator(spec as unknown as OpenApiDocument)
  return validator
}

/**
 * A stateful fake of the Fly Machines API for msw 2: apps, IP assignments, secrets with
 * versions, Machines moving through `created → starting → started → stopping → stopped →
 * destroyed` on a {@link FakeClock}, leases. Every request is checked against Fly's OpenAPI
 * document; departures are recorded in {@link FakeFly.violations} (assert it stays empty) and
 * those the real API would refuse are answered 400. Faults are injected per operation.
 *
 * @example
 * ```ts
 * const clock = new FakeClock()
 * const fly = createFakeFly({ clock })
 * const server = setupServer(...fly.handlers)
 * server.listen({ onUnhandledRequest: 'error' })
 * fly.inject('Machines_create', faults.lostResponse())
 * // … run code using FlyClient/FlyRuntime with { token: fly.token, clock } …
 * expect(fly.violations).toEqual([])
 * ```
 */
export class FakeFly {
  readonly clock: FakeClock
  readonly token: string
  readonly baseUrl: string
  readonly state: FakeFlyState
  /** Every departure from the OpenAPI document seen so far. */
  readonly violations: Violation[] = []
  /**
   * Responses of the fake itself that depart from the document's response schemas (a bug of
   * the fake, not of the code under test).
   */
  readonly responseViolations: string[] = []
  /** Every request received, in order. */
  readonly requests: RecordedRequest[] = []
  /** msw handlers to pass to `setupServer`. */
  readonly handlers: RequestHandler[]
  readonly #faults = new Map<string, FakeFault[]>()
  readonly #boots: Array<Required<BootPlan>> = []
  #defaultBoot: Required<BootPlan>
  #requestIds = 0

  constructor(options: FakeFlyOptions) {
    this.clock = options.clock
    this.token = options.token ?? 'fake-fly-token'
    this.baseUrl = (options.baseUrl ?? 'https://api.machines.dev').replace(/\/+$/, '')
    this.state = new FakeFlyState(new Set(options.orgs ?? ['personal']))
    this.#defaultBoot = { ...DEFAULT_BOOT_PLAN, ...options.boot }
    this.handlers = [http.all(`${this.baseUrl}/*`, ({ request }) => this.#handle(request))]
  }

  /** Plays `fault` on the next `times` requests to `operation` (an OpenAPI operation id). */
  inject(operation: string, fault: FakeFault, times = 1): void {
    const queue = this.#faults.get(operation) ?? []
    for (let i = 0; i < times; i++) queue.push(fault)
    this.#faults.set(operation, queue)
  }

  /** Faults injected but not played yet, by operation. */
  pendingFaults(): Record<string, number> {
    return Object.fromEntries([...this.#faults].map(([op, q]) => [op, q.length]))
  }

  /** The next boot (create, start, restart or update) follows `plan`; queue several in order. */
  planNextBoot(plan: BootPlan): void {
    this.#boots.push({ ...this.#defaultBoot, ...plan })
  }

  /** Changes how Machines boot from now on. */
  setDefaultBoot(plan: BootPlan): void {
    this.#defaultBoot = { ...this.#defaultBoot, ...plan }
  }

  /** Adds an app directly, e.g. one owned by another organization to provoke `name_taken`. */
  seedApp(name: string, org: string): FakeApp {
    const app: FakeApp = {
      id: `app${this.state.serial()}`,
      name,
      org,
      network: 'default',
      createdAt: this.clock.now(),
      idempotencyKey: undefined,
      ips: [],
      secrets: new Map(),
      secretsVersion: 0,
      machines: new Map(),
    }
    this.state.apps.set(name, app)
    return app
  }

  /** The app named `name`, if it exists (any organization). */
  app(name: string): FakeApp | undefined {
    return this.state.apps.get(name)
  }

  /** Every app, of every organization. */
  apps(): FakeApp[] {
    return [...this.state.apps.values()]
  }

  /** The Machines of an app that are not destroyed. */
  liveMachines(appName: string): FakeMachine[] {
    const app = this.state.apps.get(appName)
    if (!app) return []
    const now = this.clock.now()
    return [...app.machines.values()].filter((m) => stateAt(m, now) !== 'destroyed')
  }

  /** A Machine's state now. */
  machineState(machine: FakeMachine): string {
    return stateAt(machine, this.clock.now())
  }

  /**
   * The environment a Machine's process would see: app secrets (when at least its
   * `min_secrets_version` exists) overlaid by `config.env`.
   */
  machineEnv(machine: FakeMachine): Record<string, string> {
    const app = this.state.apps.get(machine.app)
    const env: Record<string, string> = {}
    if (app && app.secretsVersion >= (machine.minSecretsVersion ?? 0)) {
      for (const [name, s] of app.secrets) env[name] = s.value
    }
    const configEnv = machine.config.env
    if (configEnv && typeof configEnv === 'object') Object.assign(env, configEnv)
    return env
  }

  /** The requests made to one operation. */
  requestsTo(operation: string): RecordedRequest[] {
    return this.requests.filter((r) => r.operation === operation)
  }

  async #handle(request: Request): Promise<Response> {
    const url = new URL(request.url)
    const bodyText = await request.text()
    const checked = sharedValidator().validate({
      method: request.method,
      path: url.pathname,
      query: url.searchParams,
      headers: request.headers,
      bodyText,
    })
    this.violations.push(...checked.violations)
    const record: RecordedRequest = {
      operation: checked.operation,
      method: request.method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body: checked.body,
      status: 0,
    }
    this.requests.push(record)
    const reply = (r: Reply): Response => {
      record.status = r.status
      if (checked.operation && r.body !== undefined) {
        const problems = sharedValidator()
          .validateResponse(checked.operation, r.status, r.body)
          // The schema types `autostop` as a string, but its description says responses use
          // booleans for "off" and "stop", and so does the fake.
          .filter((p) => !/\/autostop: /.test(p))
        this.responseViolations.push(...problems)
      }
      return this.#respond(r)
    }
    const auth = request.headers.get('authorization') ?? ''
    if (auth !== `Bearer ${this.token}` && auth !== this.token) {
      return reply({ status: 401, body: { error: 'You must be authenticated to view this.' } })
    }
    const refused = checked.violations.filter((v) => v.severity === 'reject')
    if (refused.length > 0 || !checked.operation) {
      const status = checked.operation ? 400 : 404
      return reply({ status, body: { error: refused.map((v) => v.message).join('; ') } })
    }
    const handler = OPERATIONS[checked.operation]
    if (!handler) {
      return reply({ status: 501, body: { error: `${checked.operation} is not faked` } })
    }
    const fault = this.#faults.get(checked.operation)?.shift()
    if (fault?.kind === 'reset') {
      record.status = 'network_error'
      return HttpResponse.error()
    }
    if (fault?.kind === 'status') {
      return reply({
        status: fault.status,
        body: {
          error: fault.error ?? 'error',
          ...(fault.flyStatus ? { status: fault.flyStatus } : {}),
        },
        headers: fault.retryAfter ? { 'retry-after': fault.retryAfter } : {},
      })
    }
    if (fault?.kind === 'wait_timeout' && checked.operation === 'Machines_wait') {
      const seconds = Number(url.searchParams.get('timeout') ?? '60') || 60
      this.clock.advance(seconds * 1000)
      return reply({ status: 408, body: { error: 'deadline_exceeded' } })
    }
    const result = handler({
      state: this.state,
      now: this.clock.now(),
      advanceTo: (at) => this.clock.advanceTo(at),
      params: checked.params,
      query: url.searchParams,
      headers: request.headers,
      body: checked.body,
      nextBoot: () => this.#boots.shift() ?? this.#defaultBoot,
    })
    if (fault?.kind === 'lost_response') {
      record.status = 'network_error'
      return HttpResponse.error()
    }
    return reply(result)
  }

  #respond(r: Reply): Response {
    this.#requestIds += 1
    const headers = {
      'fly-request-id': `01FAKEREQ${String(this.#requestIds).padStart(17, '0')}`,
      ...r.headers,
    }
    if (r.body === undefined) return new HttpResponse(null, { status: r.status, headers })
    return HttpResponse.json(r.body as Record<string, unknown>, { status: r.status, headers })
  }
}

/** Creates a {@link FakeFly}. */
export function createFakeFly(options: FakeFlyOptions): FakeFly {
  return new FakeFly(options)
}
