import { describe, expect, it } from 'vitest'
import { findHeaderActions } from './find-header-actions'

function page(html: string): Document {
  const doc = document.implementation.createHTMLDocument('t')
  doc.body.innerHTML = html
  return doc
}

describe('findHeaderActions', () => {
  it('finds the action list of GitHub’s repository header', () => {
    const doc = page(`
      <div id="repository-container-header">
        <div id="repository-details-container" class="flex-wrap flex-justify-end mb-3">
          <div class="flex-auto min-width-0 width-fit"><strong itemprop="name">servers</strong></div>
          <ul class="pagehead-actions flex-shrink-0 d-none d-md-inline"><li>Watch</li><li>Fork</li><li>Star</li></ul>
        </div>
      </div>`)
    expect(findHeaderActions(doc)?.querySelectorAll('li')).toHaveLength(3)
  })

  it('falls back to the header container when the details container is renamed', () => {
    const doc = page(
      `<div id="repository-container-header"><ul class="pagehead-actions"><li>Star</li></ul></div>`,
    )
    expect(findHeaderActions(doc)?.textContent).toBe('Star')
  })

  it('finds nothing in markup it does not know', () => {
    expect(
      findHeaderActions(page('<header class="AppHeader"><ul class="actions"></ul></header>')),
    ).toBeNull()
  })
})
