const CANDIDATES =
  'a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex="-1"])'

/**
 * The elements of `root` that Tab visits, in document order: enabled controls, links,
 * summaries and `tabindex` ≥ 0, leaving out what a closed `<details>` hides, hidden inputs,
 * and the unchecked radios of a group that has a checked one (Tab stops once per group).
 */
export function tabbables(root: ParentNode): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(CANDIDATES)].filter((el) => {
    if ((el as HTMLButtonElement).disabled) return false
    if (el.hasAttribute('tabindex') && el.tabIndex < 0) return false
    if (el instanceof HTMLInputElement && el.type === 'hidden') return false
    const closed = el.closest('details:not([open])')
    if (closed && !(el.tagName === 'SUMMARY' && el.parentElement === closed)) return false
    if (el instanceof HTMLInputElement && el.type === 'radio' && !el.checked && el.name) {
      const group = root.querySelectorAll<HTMLInputElement>(
        `input[type="radio"][name="${CSS.escape(el.name)}"]`,
      )
      if ([...group].some((r) => r.checked)) return false
    }
    return true
  })
}

/**
 * Keeps Tab and Shift+Tab inside `container` (a dialog): from its last stop Tab wraps to the
 * first, from its first Shift+Tab wraps to the last, and from outside either comes back in.
 * Call from the container's `keydown`; returns true when it moved the focus.
 */
export function trapTab(event: KeyboardEvent, container: HTMLElement): boolean {
  if (event.key !== 'Tab' || event.altKey || event.ctrlKey || event.metaKey) return false
  const stops = tabbables(container)
  const first = stops[0]
  const last = stops[stops.length - 1]
  if (!first || !last) return false
  const root = container.getRootNode() as Document | ShadowRoot
  const active = root.activeElement
  const inside = active instanceof HTMLElement && active !== container && container.contains(active)
  let next: HTMLElement | null = null
  if (event.shiftKey && (!inside || active === first)) next = last
  else if (!event.shiftKey && (!inside || active === last)) next = first
  if (!next) return false
  event.preventDefault()
  next.focus()
  return true
}
