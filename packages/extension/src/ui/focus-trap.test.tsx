import { cleanup, render } from '@testing-library/preact'
import { afterEach, describe, expect, it } from 'vitest'
import { tabbables } from './focus-trap'

afterEach(cleanup)

describe('tabbables', () => {
  it('lists what Tab visits: not disabled controls, what a closed details hides, or unchecked radios of a checked group', () => {
    const { container } = render(
      <div>
        <button type="button">first</button>
        <button type="button" disabled>
          disabled
        </button>
        <details>
          <summary>more</summary>
          <input aria-label="hidden in details" />
        </details>
        <details open>
          <summary>open</summary>
          <input aria-label="shown in details" />
        </details>
        <input type="radio" name="rt" value="local" aria-label="local" />
        <input type="radio" name="rt" value="fly" aria-label="fly" checked />
        <span tabIndex={-1}>not a stop</span>
        <a href="#x">the repository</a>
      </div>,
    )
    const names = tabbables(container).map((el) => el.getAttribute('aria-label') ?? el.textContent)
    expect(names).toEqual(['first', 'more', 'open', 'shown in details', 'fly', 'the repository'])
  })
})
