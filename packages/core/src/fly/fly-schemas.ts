import { z } from 'zod'

/**
 * Schemas of the Fly responses mcp-remote reads, after `components.schemas` of the Machines
 * OpenAPI document. Loose: fields Fly adds later pass through untouched.
 */

/** `ErrorResponse`: `{ error, status }` with `status` a `main.statusCode`. */
export const FlyErrorBodySchema = z.looseObject({
  error: z.string().optional(),
  status: z.string().optional(),
})

/** `AppOrganizationInfo`. */
export const AppOrganizationSchema = z.looseObject({
  name: z.string().optional(),
  slug: z.string().optional(),
})

/** `App` (`Apps_show`, items of `Apps_list`). */
export const AppSchema = z.looseObject({
  id: z.string().optional(),
  name: z.string(),
  status: z.string().optional(),
  machine_count: z.number().optional(),
  network: z.string().optional(),
  organization: AppOrganizationSchema.optional(),
})
/** A Fly app. */
export type App = z.infer<typeof AppSchema>

/** `ListAppsResponse` (`Apps_list`). */
export const ListAppsResponseSchema = z.looseObject({
  apps: z.array(AppSchema).nullish(),
  next_cursor: z.string().nullish(),
  total_apps: z.number().optional(),
})

/** `CreateAppResponse` (`Apps_create`, 201). */
export const CreateAppResponseSchema = z.looseObject({
  id: z.string().optional(),
  created_at: z.number().optional(),
})
/** What `Apps_create` answers. */
export type CreateAppResponse = z.infer<typeof CreateAppResponseSchema>

/** `IPAssignment` / `AssignIPResponse`. */
export const IpAssignmentSchema = z.looseObject({
  ip: z.string().nullish(),
  region: z.string().optional(),
  shared: z.boolean().optional(),
  egress: z.boolean().optional(),
  service_name: z.string().optional(),
  created_at: z.string().optional(),
  network: z
    .looseObject({ name: z.string().optional(), org_slug: z.string().optional() })
    .nullish(),
})
/** An IP address assigned to an app. */
export type IpAssignment = z.infer<typeof IpAssignmentSchema>

/** `listIPAssignmentsResponse`. */
export const ListIpAssignmentsResponseSchema = z.looseObject({
  ips: z.array(IpAssignmentSchema).nullish(),
})

/** `AppSecret` (never with `value`: we do not ask for `show_secrets`). */
export const AppSecretSchema = z.looseObject({
  name: z.string(),
  digest: z.string().optional(),
  created_at: z.string().optional(),
  updated_at: z.string().optional(),
})
/** A secret's name and digest. */
export type AppSecret = z.infer<typeof AppSecretSchema>

/** `AppSecretsUpdateResp` (`Secrets_update`): `version`, or the deprecated `Version`. */
export const AppSecretsUpdateResponseSchema = z.looseObject({
  version: z.number().optional(),
  Version: z.number().optional(),
  secrets: z.array(AppSecretSchema).nullish(),
})

/** `AppSecrets` (`Secrets_list`). */
export const AppSecretsSchema = z.looseObject({ secrets: z.array(AppSecretSchema).nullish() })

/** `CheckStatus`. */
export const CheckStatusSchema = z.looseObject({
  name: z.string().optional(),
  status: z.string().optional(),
  output: z.string().optional(),
  updated_at: z.string().optional(),
})
/** A Machine's check result (`passing`, `warning`, `critical`). */
export type CheckStatus = z.infer<typeof CheckStatusSchema>

/** `Machine` (`Machines_create`, `Machines_show`, items of `Machines_list`). */
export const MachineSchema = z.looseObject({
  id: z.string(),
  name: z.string().optional(),
  state: z.string(),
  region: z.string().optional(),
  version: z.string().optional(),
  instance_id: z.string().optional(),
  private_ip: z.string().optional(),
  created_at: z.string().optional(),
  updated_at: z.string().optional(),
  config: z.looseObject({}).optional(),
  checks: z.array(CheckStatusSchema).nullish(),
  nonce: z.string().optional(),
})

/** `OrgMachine` (items of `Machines_org_list`). */
export const OrgMachineSchema = z.looseObject({
  id: z.string(),
  app_name: z.string().optional(),
  state: z.string().optional(),
  region: z.string().optional(),
  config: z
    .looseObject({
      metadata: z.record(z.string(), z.string()).nullish(),
      image: z.string().optional(),
    })
    .nullish(),
})
/** A Machine as the organization-wide listing shows it. */
export type OrgMachine = z.infer<typeof OrgMachineSchema>

/** `OrgMachinesResponse`. */
export const OrgMachinesResponseSchema = z.looseObject({
  machines: z.array(OrgMachineSchema).nullish(),
  next_cursor: z.string().nullish(),
})

/** `WaitMachineResponse` (`Machines_wait`). */
export const WaitMachineResponseSchema = z.looseObject({
  ok: z.boolean().optional(),
  state: z.string().optional(),
  version: z.string().optional(),
  event_id: z.string().optional(),
})
/** What `Machines_wait` answers when the state was reached. */
export type WaitMachineResponse = z.infer<typeof WaitMachineResponseSchema>

/** `Lease` (`Machines_create_lease`). */
export const LeaseSchema = z.looseObject({
  nonce: z.string(),
  expires_at: z.number().optional(),
  owner: z.string().optional(),
  description: z.string().optional(),
  version: z.string().optional(),
})
/** A Machine lease; `nonce` proves ownership. */
export type Lease = z.infer<typeof LeaseSchema>
