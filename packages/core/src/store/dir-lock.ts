import { randomBytes } from 'node:crypto'
import { link, readFile, rm, writeFile } from 'node:fs/promises'
import { McpRemoteError } from '../errors/index.js'
import { isAlive } from '../runtime/local/process-alive.js'

/**
 * Locks `dir` for this process across processes: `<dir>.lock` holds the owner's pid. A lock
 * whose process is gone (a crash) is taken over. Resolves to the release function.
 *
 * PGlite is a single-process database: two processes on one data directory corrupt it, so
 * a second `npm start` (or library user) on the same directory must be refused, not served.
 * @throws `McpRemoteError` (`internal_error`) naming the pid that holds the directory.
 */
export async function lockDirectory(dir: string): Promise<() => Promise<void>> {
  const path = `${dir}.lock`
  const mine = `${process.pid}\n`
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
    const pid = Number.parseInt(await readFile(path, 'utf8').catch(() => ''), 10)
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) {
      throw new McpRemoteError(
        'internal_error',
        `the PGlite data directory is in use by process ${pid} (stop it, or use another DATA_DIR)`,
        { details: { dataDir: dir, pid, lock: path } },
      )
    }
    // Left by a process that is gone (or by this one): take it over.
    await rm(path, { force: true })
  }
  throw new McpRemoteError('internal_error', 'could not lock the PGlite data directory', {
    details: { dataDir: dir, lock: path },
  })
}
