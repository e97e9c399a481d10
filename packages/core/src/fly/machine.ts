import type { CheckStatus } from './fly-schemas.js'
import { MachineSchema } from './fly-schemas.js'
import { type MachineConfig, normalizeMachineConfig } from './machine-config.js'

/** The Machine states Fly documents (fly.io/docs/machines/machine-states). */
export const MACHINE_STATES = [
  'created',
  'starting',
  'started',
  'stopping',
  'stopped',
  'suspending',
  'suspended',
  'replacing',
  'replaced',
  'destroying',
  'destroyed',
  'failed',
] as const

/** A documented Machine state; Fly may add others, so reads keep any string. */
export type MachineState = (typeof MACHINE_STATES)[number]

/** A Fly Machine (`Machine` in the OpenAPI document), with `config` normalized. */
export interface Machine {
  id: string
  state: MachineState | (string & {})
  name?: string
  region?: string
  /** Unique per version of the Machine; pass it as `current_version` to guard an update. */
  version?: string
  instance_id?: string
  private_ip?: string
  created_at?: string
  updated_at?: string
  config?: MachineConfig
  checks?: CheckStatus[]
  /** Returned by a create that asked for a lease (`lease_ttl`). */
  nonce?: string
  [field: string]: unknown
}

/**
 * Parses a Machine from a Fly response: checks the fields we rely on and turns the old
 * boolean `autostop` into its string form.
 */
export function parseMachine(data: unknown): Machine {
  const parsed = MachineSchema.parse(data)
  const config = normalizeMachineConfig(parsed.config as MachineConfig | undefined)
  const checks = parsed.checks ?? undefined
  return { ...parsed, id: parsed.id, state: parsed.state, config, checks } as Machine
}
