import { readFileSync } from 'node:fs'

/** True when `pid` is alive (signal 0 succeeds) and not a zombie. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3)
    return state !== 'Z'
  } catch {
    return true
  }
}

/**
 * True when `pid` runs our bridge for `port` (checked on /proc where it exists), so a recycled
 * pid from a stale record is never signalled.
 */
export function isOurBridge(pid: number, port: number): boolean {
  if (!isAlive(pid)) return false
  try {
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')
    const portAt = argv.indexOf('--port')
    return (
      argv.some((a) => a.includes('bridge') || a.endsWith('cli.js')) &&
      argv[portAt + 1] === String(port)
    )
  } catch {
    return process.platform !== 'linux'
  }
}
