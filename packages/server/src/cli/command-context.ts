import type { ApiClient } from './api-client.js'
import type { CliIo } from './cli-io.js'
import { UsageError } from './usage-error.js'

/** Parsed option values (node:util `parseArgs`). */
export type OptionValues = Record<string, string | boolean | string[] | undefined>

/** What every command gets. */
export interface CommandContext {
  io: CliIo
  values: OptionValues
  positionals: string[]
  json: boolean
  /** Opens the client the options ask for (remote by default, embedded with `--local`). */
  client(opts?: { forceLocal?: boolean }): Promise<ApiClient>
  /** Writes a line to standard output. */
  print(text: string): void
  /** Writes a line to standard error (progress, notes). */
  note(text: string): void
}

/** A string option's value, if given. */
export function stringOption(values: OptionValues, name: string): string | undefined {
  const v = values[name]
  return typeof v === 'string' ? v : undefined
}

/**
 * Refuses `--detach` with `--local`: the embedded platform deploys in this process and stops
 * with it, so a detached deploy would be left `deploying` with nothing running it.
 */
export function refuseLocalDetach(values: OptionValues): void {
  if (values.detach === true && values.local === true) {
    throw new UsageError(
      '--detach needs a server: with --local the deploy runs in this process and stops with it',
    )
  }
}
