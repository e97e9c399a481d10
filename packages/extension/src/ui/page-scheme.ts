/**
 * Gives an extension page (popup, options) the shared look and follows the system's light or
 * dark preference.
 */
export function applyPageScheme(body: HTMLElement = document.body): void {
  body.classList.add('mr-page')
  const media = window.matchMedia('(prefers-color-scheme: dark)')
  const apply = () => {
    body.dataset.scheme = media.matches ? 'dark' : 'light'
  }
  apply()
  media.addEventListener('change', apply)
}
