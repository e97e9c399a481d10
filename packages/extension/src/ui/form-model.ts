import type { EnvVar } from '@mcp-remote/core'

/** What the user typed, by variable name. */
export type FormValues = Record<string, string>

/** Validation messages by variable name; a name absent here is valid. */
export type FormErrors = Record<string, string>

/** The largest value the server accepts (core's `MAX_CREDENTIAL_LENGTH`), in characters. */
export const MAX_VALUE_LENGTH = 64 * 1024

/** The form's starting values: each variable's default, or empty. */
export function initialValues(envVars: readonly EnvVar[]): FormValues {
  return Object.fromEntries(envVars.map((v) => [v.name, v.default ?? '']))
}

/**
 * True when the user must type a value: the server requires the variable and has no default
 * to fall back on (the server applies declared defaults to empty fields).
 */
export function mustFill(v: EnvVar): boolean {
  return v.required && v.default === null
}

/**
 * Checks the values the way the server will (core's `validateCredentials`): required
 * variables without a default are filled, no value is over 64 KiB. Messages name the field,
 * never the value.
 */
export function validateValues(envVars: readonly EnvVar[], values: FormValues): FormErrors {
  const errors: FormErrors = {}
  for (const v of envVars) {
    const value = values[v.name] ?? ''
    if (mustFill(v) && value.trim() === '') errors[v.name] = `${v.name} is required.`
    else if (value.length > MAX_VALUE_LENGTH) errors[v.name] = `${v.name} is longer than 64 KiB.`
  }
  return errors
}

/** The credentials to send: declared variables with a non-empty value, nothing else. */
export function credentialsFrom(
  envVars: readonly EnvVar[],
  values: FormValues,
): Record<string, string> {
  const out: Record<string, string> = {}
  for (const v of envVars) {
    const value = values[v.name] ?? ''
    if (value !== '') out[v.name] = value
  }
  return out
}
