import { CommandPolicyError, checkArgv, parseCommand } from '@mcp-remote/bridge/command-policy'
import type { z } from 'zod'
import { ValidationError } from '../errors/index.js'
import { type DeploymentConfig, DeploymentConfigSchema } from './deployment-config.js'
import { isReservedEnvName } from './reserved-names.js'

/** A validation problem: the field's path and the rule it broke, never the value. */
export interface ValidationIssue {
  path: string
  message: string
}

/** Turns zod issues into {@link ValidationIssue}s that never quote the input. */
export function zodIssues(error: z.ZodError): ValidationIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(root)',
    message: issue.message,
  }))
}

/** The argv a config runs: `run_command` split without a shell, then `args`. */
export function configArgv(config: Pick<DeploymentConfig, 'run_command' | 'args'>): string[] {
  return [...parseCommand(config.run_command), ...config.args]
}

/**
 * Validates a deployment configuration against DESIGN.md §4: the schema, a run command that
 * parses to argv with an allowed launcher and a valid package, no shell syntax, valid and
 * unreserved variable names declared once. One function for analysis output, API input and
 * the bridge's argv.
 * @throws {@link ValidationError} listing every issue.
 */
export function validateDeploymentConfig(input: unknown): DeploymentConfig {
  const parsed = DeploymentConfigSchema.safeParse(input)
  if (!parsed.success) {
    throw new ValidationError('invalid deployment config', zodIssues(parsed.error))
  }
  const config = parsed.data
  const issues: ValidationIssue[] = []
  try {
    const check = checkArgv(configArgv(config))
    const kind = check.launcher === 'npx' || check.launcher === 'node' ? 'node' : 'python'
    if (kind !== config.runtime_kind) {
      issues.push({ path: 'runtime_kind', message: `must be ${kind} for ${check.launcher}` })
    }
  } catch (err) {
    if (!(err instanceof CommandPolicyError)) throw err
    issues.push({ path: 'run_command', message: err.message })
  }
  const seen = new Set<string>()
  config.env_vars.forEach((envVar, i) => {
    if (isReservedEnvName(envVar.name)) {
      issues.push({ path: `env_vars.${i}.name`, message: 'is a reserved name' })
    }
    if (seen.has(envVar.name)) {
      issues.push({ path: `env_vars.${i}.name`, message: 'is declared twice' })
    }
    seen.add(envVar.name)
  })
  if (issues.length > 0) throw new ValidationError('invalid deployment config', issues)
  return config
}
