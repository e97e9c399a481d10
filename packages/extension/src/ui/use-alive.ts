import { useEffect, useRef } from 'preact/hooks'

/** A ref that is true while the component is mounted, so late async answers are dropped. */
export function useAlive(): { readonly current: boolean } {
  const alive = useRef(true)
  useEffect(() => {
    alive.current = true
    return () => {
      alive.current = false
    }
  }, [])
  return alive
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
