import { useState } from 'preact/hooks'
import { maskToken } from './connect-instructions'
import { CopyButton } from './copy-button'

/** Props of {@link SecretText}. */
export interface SecretTextProps {
  /** The real text: copied, and shown only when revealed. */
  text: string
  /** What it is, for labels: "Streamable HTTP URL". */
  label: string
  /** Render as a block (`<pre>`) rather than inline code. */
  block?: boolean
}

/**
 * Text that holds a capability token (an endpoint URL, a config snippet): shown with the token
 * masked, copied whole, revealed on request.
 */
export function SecretText({ text, label, block = false }: SecretTextProps) {
  const [shown, setShown] = useState(false)
  const visible = shown ? text : maskToken(text)
  return (
    <div class="mr-secret">
      <span class="mr-sr-only">{label}: </span>
      {block ? <pre class="mr-code">{visible}</pre> : <code class="mr-code-inline">{visible}</code>}
      <div class="mr-actions">
        <CopyButton text={text} label={`Copy ${label}`} />
        {visible !== text || shown ? (
          <button
            type="button"
            class="mr-btn mr-btn-small"
            aria-pressed={shown ? 'true' : 'false'}
            aria-label={`${shown ? 'Hide' : 'Show'} token in ${label}`}
            onClick={() => setShown(!shown)}
          >
            {shown ? 'Hide' : 'Show'}
          </button>
        ) : null}
      </div>
    </div>
  )
}
