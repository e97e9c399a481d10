import { randomBytes } from 'node:crypto'
import { link, mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { newId } from '../store/ids.js'

/** Name of the file, inside a data directory, that holds the platform instance's id. */
export const INSTANCE_ID_FILE = 'instance-id'

/**
 * The id of the platform instance that owns `dataDir`: read from `<dataDir>/instance-id`, or
 * created there once (`ins_…`). The same instance keeps its id across restarts, so after a
 * crash it recognises the deploy leases it held as its own; replicas have their own data
 * directories and so their own ids. Not a secret.
 */
export async function loadOrCreateInstanceId(dataDir: string): Promise<string> {
  const path = join(dataDir, INSTANCE_ID_FILE)
  const existing = await readId(path)
  if (existing) return existing
  await mkdir(dataDir, { recursive: true, mode: 0o700 })
  const id = newId('ins')
  // Write aside, then link into place: the file appears whole, and only if still absent.
  const temp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`
  await writeFile(temp, `${id}\n`, { flag: 'wx' })
  try {
    await link(temp, path)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
    const raced = await readId(path)
    if (!raced) throw err
    return raced
  } finally {
    await rm(temp, { force: true })
  }
  return id
}

async function readId(path: string): Promise<string | undefined> {
  try {
    const id = (await readFile(path, 'utf8')).trim()
    return /^[\w-]{1,64}$/.test(id) ? id : undefined
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw err
  }
}
