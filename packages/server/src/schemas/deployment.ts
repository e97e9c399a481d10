import { z } from '@hono/zod-openapi'
import { DEPLOYMENT_STATUSES, DeploymentConfigSchema, RUNTIME_NAMES } from '@mcp-remote/core'

const shape = DeploymentConfigSchema.shape

/**
 * Fields of a `DeploymentConfig`, all optional and without defaults: a complete config, or the
 * fields that override an analysis' config when `analysis_id` is given. The merged config is
 * then validated by core's `validateDeploymentConfig`, which applies the defaults.
 */
export const DeploymentConfigPatchSchema = z
  .object({
    package_name: shape.package_name.optional(),
    version: shape.version.unwrap().optional(),
    display_name: shape.display_name.optional(),
    env_vars: shape.env_vars.unwrap().optional(),
    run_command: shape.run_command.optional(),
    args: shape.args.unwrap().optional(),
    runtime_kind: shape.runtime_kind.unwrap().optional(),
    transport: shape.transport.unwrap().optional(),
    notes: shape.notes.unwrap().optional(),
  })
  .strict()
  .openapi('DeploymentConfigPatch')

/** A complete or partial deployment config, as a request gives it. */
export type DeploymentConfigPatch = z.infer<typeof DeploymentConfigPatchSchema>

/** The body of `POST /api/deployments`. Unknown fields are refused. */
export const CreateDeploymentBodySchema = z
  .object({
    analysis_id: z
      .string()
      .min(1)
      .max(100)
      .regex(/^[A-Za-z0-9_-]+$/, 'must be an analysis id')
      .optional()
      .openapi({ description: 'An analysis whose config to deploy (see POST /api/analyze).' }),
    source: z.string().min(1).max(2000).optional().openapi({
      description:
        'GitHub URL or npm: spec. Without config or analysis_id, it is analyzed and its config deployed; otherwise it labels the deployment.',
    }),
    config: DeploymentConfigPatchSchema.optional().openapi({
      description:
        "The config to deploy; with analysis_id, fields overriding the analysis' config.",
    }),
    credentials: z
      .record(z.string(), z.string())
      .optional()
      .openapi({ description: 'Values of the env vars the config declares, by name.' }),
    runtime: z.enum(RUNTIME_NAMES).optional(),
    confirm_cost: z.boolean().optional().openapi({
      description:
        'Must be true; without it the answer is 400 cost_not_confirmed carrying the estimate.',
    }),
  })
  .strict()
  .openapi('CreateDeployment')

/** What `POST /api/deployments` takes. */
export type CreateDeploymentBody = z.infer<typeof CreateDeploymentBodySchema>

/** A cost estimate (DESIGN.md §10). */
export const CostEstimateSchema = z
  .object({
    runtime: z.enum(RUNTIME_NAMES),
    currency: z.literal('USD'),
    monthly_usd: z.number(),
    hourly_usd: z.number(),
    idle_monthly_usd: z.number(),
    breakdown: z.array(z.object({ item: z.string(), monthly_usd: z.number() })),
    source: z.string(),
    as_of: z.string(),
    notes: z.array(z.string()).optional().openapi({
      description: 'Caveats to read with the figures (regional prices, what is not included).',
    }),
  })
  .openapi('CostEstimate')

/** A deployment's MCP endpoint URLs; they carry its token. */
export const EndpointsSchema = z
  .object({
    sse: z.string().openapi({ description: 'SSE transport: GET …/sse + POST …/messages' }),
    streamable_http: z.string().openapi({ description: 'Streamable HTTP transport: …/mcp' }),
  })
  .openapi('Endpoints')

/** One entry of a deployment's progress and audit trail. */
export const DeploymentEventSchema = z.object({
  at: z.string(),
  from_status: z.string().nullable(),
  to_status: z.string().nullable(),
  reason: z.string(),
  details: z.record(z.string(), z.unknown()),
})

/** A deployment as the API shows it (core's `DeploymentView`). */
export const DeploymentViewSchema = z
  .object({
    id: z.string().openapi({ example: 'dep_3kTq8…' }),
    source: z.string(),
    package_name: z.string(),
    display_name: z.string(),
    runtime: z.enum(RUNTIME_NAMES),
    status: z.enum(DEPLOYMENT_STATUSES),
    status_reason: z.string().nullable(),
    retry_allowed: z.boolean(),
    endpoints: EndpointsSchema.nullable(),
    tools: z.array(z.string()),
    credential_names: z.array(z.string()),
    cost: CostEstimateSchema.nullable(),
    health_failures: z.number().int(),
    last_health_at: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
    events: z.array(DeploymentEventSchema),
  })
  .openapi('Deployment')

/** The answer of `GET /api/deployments`, newest first. */
export const DeploymentListSchema = z
  .object({ deployments: z.array(DeploymentViewSchema) })
  .openapi('DeploymentList')

/** A deployment id in a path. */
export const DeploymentIdParamSchema = z.object({
  id: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[A-Za-z0-9_-]+$/, 'must be a deployment id')
    .openapi({ param: { name: 'id', in: 'path' }, example: 'dep_3kTq8…' }),
})
