import type { DeploymentConfig } from '@mcp-remote/core'

/** A configuration to start the editor from: what analysis found, or a skeleton to fill. */
export function configTemplate(
  displayName: string,
  found: DeploymentConfig | null,
): DeploymentConfig {
  return (
    found ?? {
      package_name: '',
      version: null,
      display_name: displayName,
      env_vars: [],
      run_command: 'npx',
      args: ['-y', '<package>'],
      runtime_kind: 'node',
      transport: 'stdio',
      notes: '',
    }
  )
}

/** The editor's text read as a configuration, or what is wrong with it (the server checks the rest). */
export type ConfigDraft = { ok: true; config: DeploymentConfig } | { ok: false; message: string }

const REQUIRED_STRINGS = ['package_name', 'display_name', 'run_command'] as const

/**
 * Parses the editor's JSON and checks the shape the form needs: the three names as non-empty
 * strings, `args` a list of strings, `env_vars` a list of `{ name, required, secret }`.
 * Defaults are filled as the server's schema would. The server validates everything again.
 */
export function parseConfigDraft(text: string): ConfigDraft {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (err) {
    return {
      ok: false,
      message: `Not valid JSON: ${err instanceof Error ? err.message : 'parse error'}.`,
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, message: 'The configuration must be a JSON object.' }
  }
  const v = value as Record<string, unknown>
  for (const key of REQUIRED_STRINGS) {
    if (typeof v[key] !== 'string' || (v[key] as string).trim() === '') {
      return { ok: false, message: `${key} must be a non-empty string.` }
    }
  }
  const args = v.args ?? []
  if (!Array.isArray(args) || !args.every((a) => typeof a === 'string')) {
    return { ok: false, message: 'args must be a list of strings.' }
  }
  const envVars = v.env_vars ?? []
  if (!Array.isArray(envVars)) return { ok: false, message: 'env_vars must be a list.' }
  const parsedVars: DeploymentConfig['env_vars'] = []
  for (const [i, e] of envVars.entries()) {
    const item = e as Record<string, unknown> | null
    if (!item || typeof item.name !== 'string' || !/^[A-Z_][A-Z0-9_]*$/.test(item.name)) {
      return { ok: false, message: `env_vars[${i}].name must be an upper-case variable name.` }
    }
    parsedVars.push({
      name: item.name,
      description: typeof item.description === 'string' ? item.description : '',
      required: item.required === true,
      secret: item.secret === true,
      default: typeof item.default === 'string' ? item.default : null,
    })
  }
  return {
    ok: true,
    config: {
      package_name: (v.package_name as string).trim(),
      version: typeof v.version === 'string' ? v.version : null,
      display_name: (v.display_name as string).trim(),
      env_vars: parsedVars,
      run_command: (v.run_command as string).trim(),
      args: args as string[],
      runtime_kind: v.runtime_kind === 'python' ? 'python' : 'node',
      transport: 'stdio',
      notes: typeof v.notes === 'string' ? v.notes : '',
    },
  }
}
