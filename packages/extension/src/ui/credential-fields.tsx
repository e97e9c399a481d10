import type { EnvVar, Evidence } from '@mcp-remote/core'
import { useState } from 'preact/hooks'
import { EvidenceList } from './evidence-list'
import { type FormErrors, type FormValues, mustFill } from './form-model'

/** Props of {@link CredentialFields}. */
export interface CredentialFieldsProps {
  envVars: readonly EnvVar[]
  values: FormValues
  errors: FormErrors
  onChange: (name: string, value: string) => void
  /** Evidence for each variable, shown under its field. */
  evidence?: readonly Evidence[]
  /** Prefix for element ids, so two forms on a page do not clash. */
  idPrefix?: string
}

/**
 * One labelled input per environment variable: secrets masked with a reveal toggle, required
 * fields marked (and announced), defaults pre-filled, descriptions and errors tied to the input
 * with `aria-describedby`.
 */
export function CredentialFields(props: CredentialFieldsProps) {
  const { envVars, values, errors, onChange, evidence = [], idPrefix = 'mr' } = props
  const [revealed, setRevealed] = useState<Record<string, boolean>>({})
  if (envVars.length === 0) {
    return <p class="mr-muted">This server needs no environment variables.</p>
  }
  return (
    <div class="mr-fields">
      {envVars.map((v) => {
        const id = `${idPrefix}-env-${v.name}`
        const error = errors[v.name]
        const shown = revealed[v.name] === true
        const describedBy = [
          v.description ? `${id}-desc` : '',
          v.default !== null ? `${id}-default` : '',
          error ? `${id}-error` : '',
        ]
          .filter(Boolean)
          .join(' ')
        const required = mustFill(v)
        const fieldEvidence = evidence.filter((e) => e.field === `env_vars.${v.name}`)
        return (
          <div class="mr-field" key={v.name}>
            <label for={id} class="mr-label">
              <code>{v.name}</code>
              {required ? (
                <span class="mr-required">
                  <span aria-hidden="true"> *</span>
                  <span class="mr-sr-only"> (required)</span>
                </span>
              ) : (
                <span class="mr-optional"> optional</span>
              )}
              {v.secret ? <span class="mr-tag">secret</span> : null}
            </label>
            {v.description ? (
              <p id={`${id}-desc`} class="mr-desc">
                {v.description}
              </p>
            ) : null}
            <div class="mr-input-row">
              <input
                id={id}
                name={v.name}
                class="mr-input"
                type={v.secret && !shown ? 'password' : 'text'}
                value={values[v.name] ?? ''}
                required={required}
                aria-required={required ? 'true' : undefined}
                aria-invalid={error ? 'true' : undefined}
                aria-describedby={describedBy || undefined}
                autocomplete="off"
                spellcheck={false}
                onInput={(e) => onChange(v.name, (e.currentTarget as HTMLInputElement).value)}
              />
              {v.secret ? (
                <button
                  type="button"
                  class="mr-btn mr-btn-small"
                  aria-pressed={shown ? 'true' : 'false'}
                  aria-label={`${shown ? 'Hide' : 'Show'} ${v.name}`}
                  onClick={() => setRevealed({ ...revealed, [v.name]: !shown })}
                >
                  {shown ? 'Hide' : 'Show'}
                </button>
              ) : null}
            </div>
            {v.default !== null ? (
              <p id={`${id}-default`} class="mr-hint">
                Default: <code>{v.secret ? '(hidden)' : v.default || '(empty)'}</code>
              </p>
            ) : null}
            {error ? (
              <p id={`${id}-error`} class="mr-error-text">
                {error}
              </p>
            ) : null}
            {fieldEvidence.length > 0 ? <EvidenceList evidence={fieldEvidence} /> : null}
          </div>
        )
      })}
    </div>
  )
}
