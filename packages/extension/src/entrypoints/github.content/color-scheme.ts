/** The two palettes the extension's UI has. */
export type ColorScheme = 'light' | 'dark'

/**
 * The palette matching GitHub's: `data-color-mode` on `<html>` is `light`, `dark` or `auto`
 * (follow the system, i.e. `prefers-color-scheme`); anything else follows the system too.
 */
export function resolveColorScheme(
  colorMode: string | null,
  systemPrefersDark: boolean,
): ColorScheme {
  if (colorMode === 'light' || colorMode === 'dark') return colorMode
  return systemPrefersDark ? 'dark' : 'light'
}
