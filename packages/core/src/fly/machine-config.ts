/**
 * The parts of Fly's `fly.MachineConfig` (OpenAPI `components.schemas`) that mcp-remote sets or
 * reads. Fields we do not model survive a read-modify-write through the index signatures.
 */

/** `fly.MachineService.autostop`: what fly-proxy does with an idle Machine. */
export type Autostop = 'off' | 'stop' | 'suspend'

/** `fly.MachineGuest`: the VM size. */
export interface MachineGuest {
  cpu_kind?: string
  cpus?: number
  memory_mb?: number
  [field: string]: unknown
}

/** `fly.MachinePort`: one public port of a service. */
export interface MachinePort {
  port?: number
  start_port?: number
  end_port?: number
  handlers?: string[]
  force_https?: boolean
  [field: string]: unknown
}

/** `fly.MachineServiceCheck`: a check fly-proxy runs against the service. */
export interface MachineServiceCheck {
  type?: string
  port?: number
  method?: string
  path?: string
  protocol?: string
  interval?: string
  timeout?: string
  grace_period?: string
  [field: string]: unknown
}

/** `fly.MachineService`: how fly-proxy routes to the Machine. */
export interface MachineService {
  protocol?: string
  internal_port?: number
  ports?: MachinePort[]
  /** Fly answers `true`/`false` for `stop`/`off` in old-format responses; see {@link normalizeMachineConfig}. */
  autostop?: Autostop
  autostart?: boolean
  min_machines_running?: number
  checks?: MachineServiceCheck[]
  [field: string]: unknown
}

/** `fly.MachineInit`: overrides of the image's entrypoint and command. */
export interface MachineInit {
  cmd?: string[]
  entrypoint?: string[]
  exec?: string[]
  [field: string]: unknown
}

/** `fly.MachineRestart`: what flyd does when the main process exits. */
export interface MachineRestart {
  policy?: 'no' | 'always' | 'on-failure'
  max_retries?: number
  [field: string]: unknown
}

/** `fly.MachineConfig`: everything a Machine runs with. `env` is readable by anyone with app access. */
export interface MachineConfig {
  image?: string
  env?: Record<string, string>
  init?: MachineInit
  guest?: MachineGuest
  restart?: MachineRestart
  services?: MachineService[]
  metadata?: Record<string, string>
  auto_destroy?: boolean
  [field: string]: unknown
}

/**
 * Reads Fly's `autostop`: the string form (`off`, `stop`, `suspend`) or the old boolean form
 * that responses still use for `off`/`stop` (the OpenAPI description says so). Undefined for
 * anything else.
 */
export function parseAutostop(value: unknown): Autostop | undefined {
  if (value === true) return 'stop'
  if (value === false) return 'off'
  if (value === 'off' || value === 'stop' || value === 'suspend') return value
  return undefined
}

/**
 * A config as received from Fly, made safe to send back: `autostop` booleans become strings.
 * Returns a copy; the input is left alone.
 */
export function normalizeMachineConfig<T extends MachineConfig | undefined>(config: T): T {
  if (!config || !Array.isArray(config.services)) return config
  const services = config.services.map((service) => {
    if (!('autostop' in service)) return service
    const autostop = parseAutostop(service.autostop)
    const { autostop: _dropped, ...rest } = service
    return autostop === undefined ? rest : { ...rest, autostop }
  })
  return { ...config, services }
}
