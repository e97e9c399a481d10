export type { BackoffOptions } from './backoff.js'
export { backoffDelay, parseRetryAfter } from './backoff.js'
export type { FlyApiErrorInit, FlyErrorStatus } from './fly-api-error.js'
export { FLY_ERROR_STATUSES, FlyApiError, isFlyNotFound } from './fly-api-error.js'
export type {
  CallOptions,
  CreateMachineOptions,
  FlyClientOptions,
  WaitOptions,
} from './fly-client.js'
export { FlyClient } from './fly-client.js'
export type { FlyEnv } from './fly-env.js'
export { readFlyEnv } from './fly-env.js'
export type {
  AssignIpRequest,
  CreateAppRequest,
  CreateMachineRequest,
  FlySignal,
  IpAssignmentType,
  ListMachinesOptions,
  StopMachineRequest,
  UpdateMachineRequest,
  WaitableState,
} from './fly-requests.js'
export type {
  App,
  AppSecret,
  CheckStatus,
  CreateAppResponse,
  IpAssignment,
  Lease,
  OrgMachine,
  WaitMachineResponse,
} from './fly-schemas.js'
export type { FlyLogger, FlyTransportOptions } from './fly-transport.js'
export { DEFAULT_FLY_API_HOSTNAME } from './fly-transport.js'
export type { Machine, MachineState } from './machine.js'
export { MACHINE_STATES, parseMachine } from './machine.js'
export type {
  Autostop,
  MachineConfig,
  MachineGuest,
  MachineInit,
  MachinePort,
  MachineRestart,
  MachineService,
  MachineServiceCheck,
} from './machine-config.js'
export { normalizeMachineConfig, parseAutostop } from './machine-config.js'
export { MAX_WAIT_SECONDS } from './machine-wait.js'
export type { Sleeper, TimeSource } from './sleep.js'
export { sleeperOf, systemSleeper } from './sleep.js'
