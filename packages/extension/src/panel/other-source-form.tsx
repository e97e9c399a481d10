import { useState } from 'preact/hooks'

/**
 * Lets the user analyze something else than the page: a GitHub URL (a subfolder of a
 * monorepo) or an npm package (`npm:@scope/name`), when the page's own analysis is not right.
 */
export function OtherSourceForm({ onAnalyze }: { onAnalyze: (source: string) => void }) {
  const [value, setValue] = useState('')
  return (
    <details class="mr-other-source">
      <summary>Analyze a different source</summary>
      <form
        class="mr-input-row"
        onSubmit={(e) => {
          e.preventDefault()
          const trimmed = value.trim()
          if (trimmed) onAnalyze(trimmed)
        }}
      >
        <label class="mr-sr-only" for="mr-other-source">
          GitHub URL or npm package
        </label>
        <input
          id="mr-other-source"
          class="mr-input"
          placeholder="npm:@scope/server or https://github.com/…"
          value={value}
          onInput={(e) => setValue((e.currentTarget as HTMLInputElement).value)}
        />
        <button type="submit" class="mr-btn">
          Analyze
        </button>
      </form>
    </details>
  )
}
