import { z } from 'zod'

/** The name of the tool the model must call with its answer. */
export const REPORT_TOOL_NAME = 'report_deployment_config'

/** One environment variable as the model proposes it. */
export const ModelEnvVarSchema = z.object({
  name: z.string().regex(/^[A-Z_][A-Z0-9_]*$/),
  description: z.string().max(500).default(''),
  required: z.boolean(),
  secret: z.boolean(),
  default: z.string().max(500).nullable().default(null),
  /** The file that shows it, as given in the prompt, or null (web search, inference). */
  evidence_file: z.string().max(300).nullable().default(null),
})

/**
 * The model's answer: the input of its forced `report_deployment_config` call. It is data,
 * never instructions: every field is merged under the static findings and validated.
 */
export const ModelProposalSchema = z.object({
  package_name: z.string().max(214).nullable().default(null),
  runtime_kind: z.enum(['node', 'python']).nullable().default(null),
  run_command: z.string().max(1000).nullable().default(null),
  args: z.array(z.string().max(1000)).max(50).default([]),
  env_vars: z.array(ModelEnvVarSchema).max(100).default([]),
  /** True when the files were not enough and a web search could settle what is left. */
  needs_web_search: z.boolean().default(false),
  notes: z.string().max(2000).default(''),
})

/** A validated model answer. */
export type ModelProposal = z.infer<typeof ModelProposalSchema>

/** The tool definition sent to the Messages API (its input schema is the zod schema's). */
export function reportTool(): {
  name: string
  description: string
  input_schema: { type: 'object'; [key: string]: unknown }
} {
  const schema = z.toJSONSchema(ModelProposalSchema, { io: 'input' }) as Record<string, unknown>
  delete schema.$schema
  return {
    name: REPORT_TOOL_NAME,
    description:
      'Report how to launch this MCP server over stdio: its package, run command, arguments and the environment variables a user must or may set.',
    input_schema: { ...schema, type: 'object' },
  }
}
