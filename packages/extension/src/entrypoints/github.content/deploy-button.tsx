/** Props of {@link DeployButton}. */
export interface DeployButtonProps {
  /** Floating in a page corner (GitHub's header was not found) rather than in the header. */
  floating: boolean
  /** Whether the panel it opens is open. */
  expanded: boolean
  onClick: () => void
}

/** The "Deploy to Cloud" button: GitHub's small-button look in the header, a pill when floating. */
export function DeployButton({ floating, expanded, onClick }: DeployButtonProps) {
  return (
    <button
      type="button"
      class={floating ? 'mr-deploy-button mr-deploy-floating' : 'mr-deploy-button'}
      aria-haspopup="dialog"
      aria-expanded={expanded ? 'true' : 'false'}
      onClick={onClick}
    >
      <svg aria-hidden="true" viewBox="0 0 16 16" width="16" height="16" class="mr-icon">
        <path
          fill="currentColor"
          d="M4.5 13.5a3.5 3.5 0 0 1-.38-6.98 4.5 4.5 0 0 1 8.66-1.1A3.75 3.75 0 0 1 12.25 13.5Zm3.1-6.85-2 2a.5.5 0 0 0 .7.7L7.5 8.21V11a.5.5 0 0 0 1 0V8.2l1.15 1.15a.5.5 0 0 0 .7-.7l-2-2a.5.5 0 0 0-.75 0Z"
        />
      </svg>
      <span>Deploy to Cloud</span>
    </button>
  )
}
