import { MissingCredentialsError } from '../errors/index.js'
import { type DeploymentConfig, ENV_NAME_PATTERN } from './deployment-config.js'
import { isReservedEnvName } from './reserved-names.js'

/** Largest credential value we accept, in characters. */
export const MAX_CREDENTIAL_LENGTH = 64 * 1024

/**
 * Whether `value` can be a credential: a string of at most {@link MAX_CREDENTIAL_LENGTH}
 * characters without U+0000, which no process environment can carry (spawning with it fails,
 * and Node's error quotes the value).
 */
function isCredentialValue(value: unknown): value is string {
  return (
    typeof value === 'string' && value.length <= MAX_CREDENTIAL_LENGTH && !value.includes('\u0000')
  )
}

/**
 * Checks credentials against a config: every required variable without a default is present
 * and non-empty, every name is valid, declared and not reserved, every value fits an environment
 * variable. Values are never quoted.
 * Returns the environment to deploy: given values plus declared defaults.
 * @throws {@link MissingCredentialsError} naming the variables at fault.
 */
export function validateCredentials(
  config: Pick<DeploymentConfig, 'env_vars'>,
  credentials: Readonly<Record<string, unknown>>,
): Record<string, string> {
  const declared = new Map(config.env_vars.map((v) => [v.name, v]))
  const invalid: string[] = []
  const reserved: string[] = []
  const undeclared: string[] = []
  const badValue: string[] = []
  const env: Record<string, string> = {}
  for (const [name, value] of Object.entries(credentials)) {
    if (!ENV_NAME_PATTERN.test(name)) invalid.push(name.slice(0, 64))
    else if (isReservedEnvName(name)) reserved.push(name)
    else if (!declared.has(name)) undeclared.push(name)
    else if (!isCredentialValue(value)) badValue.push(name)
    else if (value.length > 0) env[name] = value
  }
  for (const v of config.env_vars) {
    if (env[v.name] === undefined && v.default !== null) env[v.name] = v.default
  }
  const missing = config.env_vars
    .filter((v) => v.required && env[v.name] === undefined)
    .map((v) => v.name)
  if (invalid.length + reserved.length + undeclared.length + badValue.length + missing.length > 0) {
    const parts = [
      missing.length ? `missing required: ${missing.join(', ')}` : '',
      undeclared.length ? `not declared by the config: ${undeclared.join(', ')}` : '',
      reserved.length ? `reserved: ${reserved.join(', ')}` : '',
      invalid.length ? 'invalid names' : '',
      badValue.length
        ? `values must be strings up to 64 KiB without NUL characters: ${badValue.join(', ')}`
        : '',
    ].filter(Boolean)
    throw new MissingCredentialsError(`credentials rejected (${parts.join('; ')})`, {
      missing,
      undeclared,
      reserved,
      invalid,
      invalid_values: badValue,
    })
  }
  return env
}
