import type { MachineConfig } from './machine-config.js'

/** `CreateAppRequest` (`Apps_create`). */
export interface CreateAppRequest {
  name: string
  org_slug: string
  /** Makes a retry of this exact request return the app the first one created (see the spec). */
  idempotency_key?: string
  network?: string
  enable_subdomains?: boolean
}

/** `IPAssignmentType` values mcp-remote allocates, plus the rest the spec lists. */
export type IpAssignmentType =
  | 'v4'
  | 'v6'
  | 'shared_v4'
  | 'private_v6'
  | 'egress_v4'
  | 'egress_v6'
  | 'egress_pair'

/** `assignIPRequest` (`App_IPAssignments_create`). */
export interface AssignIpRequest {
  type: IpAssignmentType
  region?: string
  network?: string
  org_slug?: string
  service_name?: string
}

/** `CreateMachineRequest` (`Machines_create`). */
export interface CreateMachineRequest {
  config: MachineConfig
  name?: string
  region?: string
  /** The Machine waits for app secrets at least this new (from `Secrets_update`). */
  min_secrets_version?: number
  lease_ttl?: number
  skip_launch?: boolean
  skip_secrets?: boolean
  skip_service_registration?: boolean
}

/** `UpdateMachineRequest` (`Machines_update`). */
export interface UpdateMachineRequest extends CreateMachineRequest {
  /** Rejects the update with 409 when the Machine changed since this version. */
  current_version?: string
}

/** Unix signals Fly accepts in `StopRequest` and `Machines_restart`. */
export type FlySignal =
  | 'SIGHUP'
  | 'SIGINT'
  | 'SIGQUIT'
  | 'SIGKILL'
  | 'SIGUSR1'
  | 'SIGUSR2'
  | 'SIGTERM'

/** `StopRequest` (`Machines_stop`): `timeout` is a Go duration string such as `"10s"`. */
export interface StopMachineRequest {
  signal?: FlySignal
  timeout?: string
}

/** Filters of `Machines_list`. */
export interface ListMachinesOptions {
  /** `metadata.<key>=<value>` filters; all must match. */
  metadata?: Record<string, string>
  /** States to keep, e.g. `['started', 'stopped']`. */
  states?: string[]
  region?: string
  includeDeleted?: boolean
  summary?: boolean
  signal?: AbortSignal
}

/** States `Machines_wait` can wait for. */
export type WaitableState = 'started' | 'stopped' | 'suspended' | 'destroyed' | 'failed' | 'settled'
