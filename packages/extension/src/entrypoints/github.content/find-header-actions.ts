/**
 * Where GitHub lists a repository's own actions (Watch, Fork, Star), newest markup first.
 * GitHub has moved this list before; when none matches, the button floats instead.
 */
export const HEADER_ACTION_SELECTORS = [
  '#repository-details-container ul.pagehead-actions',
  '#repository-container-header ul.pagehead-actions',
  'main ul.pagehead-actions',
] as const

/**
 * Finds the repository header's action list on a GitHub page, or null when GitHub's markup is
 * not the one we know (the caller then shows a floating button).
 */
export function findHeaderActions(root: ParentNode): HTMLElement | null {
  for (const selector of HEADER_ACTION_SELECTORS) {
    const el = root.querySelector<HTMLElement>(selector)
    if (el) return el
  }
  return null
}
