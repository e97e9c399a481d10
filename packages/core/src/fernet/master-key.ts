import { randomBytes } from 'node:crypto'
import { chmod, link, mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { generateKey } from './fernet-key.js'
import { parseKeyList } from './key-list.js'

/** Name of the key file inside a data directory. */
export const MASTER_KEY_FILE = 'master.key'

/** What {@link loadOrCreateMasterKey} found or made. */
export interface MasterKey {
  /** The key ring as stored: one key, or a comma-separated list (first is primary). */
  keys: string
  /** Whether the file was just created, so the caller can say so (never print the key). */
  generated: boolean
  /** Path of the key file. */
  path: string
}

/**
 * Reads `<dataDir>/master.key`, or creates it with a fresh Fernet key and 0600 permissions
 * (the directory 0700 when created). For embedded mode without `MASTER_ENCRYPTION_KEY`
 * (DESIGN.md §8). Two processes racing to create it end up with the same key.
 * @throws {@link InvalidKeyError} (or `ValidationError` when empty) if the file holds no valid key ring.
 */
export async function loadOrCreateMasterKey(dataDir: string): Promise<MasterKey> {
  const path = join(dataDir, MASTER_KEY_FILE)
  const existing = await readKeyFile(path)
  if (existing !== undefined) return { keys: existing, generated: false, path }
  await mkdir(dataDir, { recursive: true, mode: 0o700 })
  const keys = generateKey()
  // Write aside, then link into place: the file appears whole, and only if still absent.
  const temp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`
  await writeFile(temp, `${keys}\n`, { mode: 0o600, flag: 'wx' })
  try {
    // The mode given to writeFile passes through the umask; make sure of 0600.
    await chmod(temp, 0o600)
    await link(temp, path)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
    const raced = await readKeyFile(path)
    if (raced === undefined) throw err
    return { keys: raced, generated: false, path }
  } finally {
    await rm(temp, { force: true })
  }
  return { keys, generated: true, path }
}

async function readKeyFile(path: string): Promise<string | undefined> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw err
  }
  return parseKeyList(text).join(',')
}
