import { z } from 'zod'

/** Environment variable names we accept: upper case, digits and underscores. */
export const ENV_NAME_PATTERN = /^[A-Z_][A-Z0-9_]*$/

/** One environment variable the server reads, as analysis found it or a user declared it. */
export const EnvVarSchema = z
  .object({
    name: z.string().regex(ENV_NAME_PATTERN, 'must be an upper-case variable name'),
    description: z.string().max(2000).default(''),
    required: z.boolean(),
    secret: z.boolean(),
    default: z.string().max(10_000).nullable().default(null),
  })
  .strict()

/** An environment variable the server reads. */
export type EnvVar = z.infer<typeof EnvVarSchema>

/** How the server's package is run. */
export const RUNTIME_KINDS = ['node', 'python'] as const
/** `node` (npx/node) or `python` (uvx/python -m). */
export type RuntimeKind = (typeof RUNTIME_KINDS)[number]

/**
 * What to deploy: the validated shape of an MCP server's launch configuration (DESIGN.md §4).
 * `run_command` plus `args` is the argv the bridge spawns, without a shell.
 */
export const DeploymentConfigSchema = z
  .object({
    package_name: z.string().min(1).max(214),
    version: z.string().max(100).nullable().default(null),
    display_name: z.string().min(1).max(200),
    env_vars: z.array(EnvVarSchema).max(100).default([]),
    run_command: z.string().min(1).max(1000),
    args: z.array(z.string().max(1000)).max(50).default([]),
    runtime_kind: z.enum(RUNTIME_KINDS).default('node'),
    transport: z.literal('stdio').default('stdio'),
    notes: z.string().max(5000).default(''),
  })
  .strict()

/** A validated deployment configuration. */
export type DeploymentConfig = z.infer<typeof DeploymentConfigSchema>

/** The input form of {@link DeploymentConfig}: defaults may be left out. */
export type DeploymentConfigInput = z.input<typeof DeploymentConfigSchema>
