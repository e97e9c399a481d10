import { ENV_NAME_PATTERN, type EnvVar } from '@mcp-remote/core'
import { type CliIo, canPrompt } from '../cli-io.js'
import { prompt } from '../prompt.js'
import { UsageError } from '../usage-error.js'

/**
 * Gathers credential values without ever reading them from argv: each `--env NAME` takes the
 * environment variable NAME, or asks for it (hidden) on a terminal. Then, on a terminal, it asks
 * for each required variable the config declares that is still missing and has no default.
 * Without a terminal, missing ones are left for the server to name (`missing_credentials`).
 * @throws {@link UsageError} for a bad name, or an `--env` variable unset without a terminal.
 */
export async function collectCredentials(
  io: CliIo,
  names: readonly string[],
  declared: readonly EnvVar[],
): Promise<Record<string, string>> {
  const credentials: Record<string, string> = {}
  const interactive = canPrompt(io)
  for (const name of names) {
    if (!ENV_NAME_PATTERN.test(name)) {
      throw new UsageError(`--env takes a variable name (A-Z, 0-9, _), not a value`)
    }
    const fromEnv = io.env[name]
    if (fromEnv !== undefined && fromEnv !== '') credentials[name] = fromEnv
    else if (interactive) credentials[name] = await prompt(io, `${name}: `, { hidden: true })
    else
      throw new UsageError(
        `${name} is not set in the environment (--env ${name} reads it from there)`,
      )
  }
  if (!interactive) return credentials
  for (const v of declared) {
    if (!v.required || v.default !== null || credentials[v.name] !== undefined) continue
    const about = v.description ? ` (${v.description})` : ''
    credentials[v.name] = await prompt(io, `${v.name}${about}: `, { hidden: v.secret })
  }
  return credentials
}
