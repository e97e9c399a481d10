import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { link, readFile, rm, writeFile } from 'node:fs/promises'
import { hostname } from 'node:os'
import { DataDirectoryInUseError, McpRemoteError } from '../errors/index.js'
import { isAlive } from '../runtime/local/process-alive.js'

/** Who holds a lock: enough to tell a live holder from a recycled pid or another container. */
interface Holder {
  pid: number
  /** The process' start time in clock ticks since boot (`/proc/<pid>/stat`), where known. */
  start: number | null
  host: string
}

/** The start time of `pid` from `/proc`, or null where there is no `/proc` (or no such pid). */
function startTimeOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    const start = Number(fields[19])
    return Number.isFinite(start) ? start : null
  } catch {
    return null
  }
}

function parseHolder(text: string): Holder | undefined {
  let h: unknown
  try {
    h = JSON.parse(text)
  } catch {
    return undefined
  }
  // Older locks held just the pid.
  if (typeof h === 'number')
    return Number.isInteger(h) ? { pid: h, start: null, host: hostname() } : undefined
  if (typeof h !== 'object' || h === null) return undefined
  const { pid, start, host } = h as Partial<Holder>
  if (typeof pid !== 'number' || typeof host !== 'string') return undefined
  return { pid, start: typeof start === 'number' ? start : null, host }
}

/**
 * Whether `holder` is a live process other than this one. A lock written on another host (a
 * container since recreated, whose pids mean nothing here) or by a process whose pid now
 * belongs to a process that started at another time is stale.
 */
function isLiveHolder(holder: Holder): boolean {
  if (holder.host !== hostname()) return false
  if (holder.pid <= 0 || holder.pid === process.pid || !isAlive(holder.pid)) return false
  const start = startTimeOf(holder.pid)
  return holder.start === null || start === null || start === holder.start
}

/**
 * Locks `dir` for this process across processes: `<dir>.lock` records the owner (pid, its
 * start time, host name). A lock whose owner is gone — it crashed, or its pid was recycled, or
 * it ran in a container that no longer exists — is taken over. Resolves to the release
 * function.
 *
 * PGlite is a single-process database: two processes on one data directory corrupt it, so
 * a second `npm start` (or library user) on the same directory must be refused, not served.
 * @throws {@link DataDirectoryInUseError} naming the pid that holds the directory.
 */
export async function lockDirectory(dir: string): Promise<() => Promise<void>> {
  const path = `${dir}.lock`
  const mine = `${JSON.stringify({ pid: process.pid, start: startTimeOf(process.pid), host: hostname() })}\n`
  for (let attempt = 0; attempt < 3; attempt += 1) {
    // Write aside, then link into place: the lock appears whole, and only if still absent.
    const temp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`
    await writeFile(temp, mine, { mode: 0o600 })
    try {
      await link(temp, path)
      return async () => {
        const holder = await readFile(path, 'utf8').catch(() => '')
        if (holder === mine) await rm(path, { force: true })
      }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
    } finally {
      await rm(temp, { force: true })
    }
    const holder = parseHolder(await readFile(path, 'utf8').catch(() => ''))
    if (holder && isLiveHolder(holder)) {
      throw new DataDirectoryInUseError(dir, holder.pid, path)
    }
    // Left by a process that is gone (or by this one): take it over.
    await rm(path, { force: true })
  }
  throw new McpRemoteError('internal_error', 'could not lock the PGlite data directory', {
    details: { dataDir: dir, lock: path },
  })
}
