import type { DeploymentConfig } from '@mcp-remote/core'
import { useState } from 'preact/hooks'
import { parseConfigDraft } from './config-draft'

/** Props of {@link ConfigEditor}. */
export interface ConfigEditorProps {
  initial: DeploymentConfig
  onUse: (config: DeploymentConfig) => void
}

/**
 * Writing the configuration by hand, for when analysis cannot settle it: the JSON of a
 * `DeploymentConfig`, checked here for shape and by the server in full on deploy.
 */
export function ConfigEditor({ initial, onUse }: ConfigEditorProps) {
  const [text, setText] = useState(() => JSON.stringify(initial, null, 2))
  const [error, setError] = useState<string | null>(null)
  return (
    <details class="mr-config-editor">
      <summary>Enter the configuration yourself</summary>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault()
          const draft = parseConfigDraft(text)
          if (draft.ok) {
            setError(null)
            onUse(draft.config)
          } else setError(draft.message)
        }}
      >
        <label class="mr-label" for="mr-config-json">
          Configuration (JSON)
        </label>
        <p id="mr-config-help" class="mr-hint">
          The command runs without a shell: <code>run_command</code> is npx, uvx, node or python,
          and <code>args</code> its arguments. Each of <code>env_vars</code> is{' '}
          <code>{'{"name", "description", "required", "secret", "default"}'}</code>.
        </p>
        <textarea
          id="mr-config-json"
          class="mr-input mr-textarea"
          rows={14}
          spellcheck={false}
          aria-describedby={error ? 'mr-config-help mr-config-error' : 'mr-config-help'}
          aria-invalid={error ? 'true' : undefined}
          value={text}
          onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)}
        />
        {error ? (
          <p id="mr-config-error" class="mr-error-text">
            {error}
          </p>
        ) : null}
        <div class="mr-actions">
          <button type="submit" class="mr-btn">
            Use this configuration
          </button>
        </div>
      </form>
    </details>
  )
}
