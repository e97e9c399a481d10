import { readdirSync, readFileSync, readlinkSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import type { ProcessRecord } from './process-state.js'

/**
 * Finds bridge processes started for `stateDir` by reading /proc (Linux): a bridge's stderr
 * is `<stateDir>/<deploymentId>.log`, opened before it is spawned, so this finds bridges whose
 * pid file was never written (a crash between spawn and write). Elsewhere it finds nothing.
 */
export function scanBridges(stateDir: string): ProcessRecord[] {
  let entries: string[]
  try {
    entries = readdirSync('/proc')
  } catch {
    return []
  }
  const found: ProcessRecord[] = []
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const log = readlinkSync(join('/proc', entry, 'fd', '2'))
      if (dirname(log) !== stateDir || !log.endsWith('.log')) continue
      const argv = readFileSync(join('/proc', entry, 'cmdline'), 'utf8').split('\0')
      const port = Number(argv[argv.indexOf('--port') + 1])
      if (!Number.isInteger(port) || port <= 0) continue
      found.push({ deploymentId: basename(log, '.log'), pid: Number(entry), port, startedAt: 0 })
    } catch {
      // not ours, or exited meanwhile
    }
  }
  return found
}
