/** A busy indicator with its words (the animation is decoration). */
export function Spinner({ label }: { label: string }) {
  return (
    <p class="mr-spinner" role="status">
      <span class="mr-spinner-dot" aria-hidden="true" />
      {label}
    </p>
  )
}
