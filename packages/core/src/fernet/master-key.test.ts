import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Fernet } from './fernet.js'
import { loadOrCreateMasterKey } from './master-key.js'

describe('loadOrCreateMasterKey', () => {
  let dir: string
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mcpr-key-'))
  })
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('creates a usable key with 0600 permissions and says it did', async () => {
    const dataDir = join(dir, 'nested', 'data')
    const made = await loadOrCreateMasterKey(dataDir)
    expect(made.generated).toBe(true)
    expect(made.path).toBe(join(dataDir, 'master.key'))
    expect(() => new Fernet(made.keys)).not.toThrow()
    expect((await stat(made.path)).mode & 0o777).toBe(0o600)
    expect((await readFile(made.path, 'utf8')).trim()).toBe(made.keys)
  })

  it('reads the same key back on the next start', async () => {
    const first = await loadOrCreateMasterKey(dir)
    const second = await loadOrCreateMasterKey(dir)
    expect(second).toEqual({ ...first, generated: false })
  })

  it('gives every racing caller the same key', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, () => loadOrCreateMasterKey(dir)))
    expect(new Set(results.map((r) => r.keys)).size).toBe(1)
    expect(results.filter((r) => r.generated)).toHaveLength(1)
  })

  it('keeps a comma-separated ring written by the operator', async () => {
    const ring = `${Fernet.generateKey()},${Fernet.generateKey()}`
    await writeFile(join(dir, 'master.key'), `${ring}\n`)
    await expect(loadOrCreateMasterKey(dir)).resolves.toMatchObject({
      keys: ring,
      generated: false,
    })
  })

  it('refuses a key file holding no valid key', async () => {
    await writeFile(join(dir, 'master.key'), 'garbage\n')
    await expect(loadOrCreateMasterKey(dir)).rejects.toThrow(/Fernet key/)
  })
})
