import { useState } from 'preact/hooks'

/** Writes text to the clipboard; falls back to a hidden textarea and `execCommand`. */
export async function copyText(text: string, root: Node = document.body): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text)
    return true
  } catch {
    const area = document.createElement('textarea')
    area.value = text
    area.setAttribute('readonly', '')
    area.style.position = 'fixed'
    area.style.opacity = '0'
    const parent = root instanceof ShadowRoot || root instanceof HTMLElement ? root : document.body
    parent.appendChild(area)
    area.select()
    const ok = document.execCommand('copy')
    area.remove()
    return ok
  }
}

/** A button that copies `text` and says so (politely, to screen readers too). */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle')
  return (
    <button
      type="button"
      class="mr-btn mr-btn-small"
      aria-label={label}
      onClick={async (e) => {
        const root = (e.currentTarget as HTMLElement).getRootNode()
        setState((await copyText(text, root)) ? 'copied' : 'failed')
      }}
    >
      {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : 'Copy'}
      <span class="mr-sr-only" aria-live="polite">
        {state === 'copied' ? ' copied to clipboard' : ''}
      </span>
    </button>
  )
}
