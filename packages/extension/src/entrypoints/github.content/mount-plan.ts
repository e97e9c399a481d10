/** Where the button is, or should be. */
export type Placement = 'header' | 'floating'

/** What is mounted now. */
export interface MountedState {
  repoKey: string
  placement: Placement
  /** The host element is still in the document (GitHub's navigation may have replaced it). */
  connected: boolean
  /** The host sits inside the header action list found now (false when floating). */
  inCurrentHeader: boolean
}

/** What the page calls for now: a repository and where its header is, or no repository. */
export interface PageState {
  repoKey: string | null
  headerFound: boolean
}

/** What to do: nothing, remove the button, or (re)mount it in a place. */
export type MountPlan =
  | { action: 'keep' }
  | { action: 'remove' }
  | { action: 'mount'; placement: Placement }

/**
 * Decides what keeps exactly one button on the page, after load, after GitHub's in-page
 * navigation, or after GitHub re-renders the header. Pure; the content script acts on it.
 */
export function planMount(current: MountedState | null, page: PageState): MountPlan {
  if (page.repoKey === null) return current ? { action: 'remove' } : { action: 'keep' }
  const placement: Placement = page.headerFound ? 'header' : 'floating'
  if (
    current?.connected &&
    current.repoKey === page.repoKey &&
    current.placement === placement &&
    (placement === 'floating' || current.inCurrentHeader)
  ) {
    return { action: 'keep' }
  }
  return { action: 'mount', placement }
}
