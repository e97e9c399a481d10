import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { API_TOKEN_PREFIX, ApiTokenVerifier, generateApiToken, hashApiToken } from './api-token.js'
import { API_TOKEN_HASH_FILE, resolveApiToken } from './token-file.js'

describe('ApiTokenVerifier', () => {
  it('accepts the token and refuses anything else', () => {
    const token = generateApiToken()
    const verifier = ApiTokenVerifier.forToken(token)
    expect(verifier.verify(token)).toBe(true)
    expect(verifier.verify(`${token}x`)).toBe(false)
    expect(verifier.verify(token.slice(0, -1))).toBe(false)
    expect(verifier.verify('')).toBe(false)
  })

  it('generates distinct prefixed 256-bit tokens', () => {
    const a = generateApiToken()
    expect(a.startsWith(API_TOKEN_PREFIX)).toBe(true)
    expect(Buffer.from(a.slice(API_TOKEN_PREFIX.length), 'base64url')).toHaveLength(32)
    expect(generateApiToken()).not.toBe(a)
  })
})

describe('resolveApiToken', () => {
  it('generates a token once, keeping only its hash in a 0600 file', async () => {
    const dataDir = join(await mkdtemp(join(tmpdir(), 'tok-')), 'data')
    const first = await resolveApiToken({ dataDir })
    expect(first.source).toBe('generated')
    const token = first.generatedToken!
    const file = join(dataDir, API_TOKEN_HASH_FILE)
    const stored = await readFile(file, 'utf8')
    expect(stored.trim()).toBe(hashApiToken(token))
    expect(stored).not.toContain(token)
    expect((await stat(file)).mode & 0o777).toBe(0o600)

    const second = await resolveApiToken({ dataDir })
    expect(second.source).toBe('file')
    expect(second.generatedToken).toBeUndefined()
    expect(second.verifier.verify(token)).toBe(true)
  })

  it('uses MCP_REMOTE_API_TOKEN as given and writes nothing', async () => {
    const dataDir = join(await mkdtemp(join(tmpdir(), 'tok-')), 'data')
    const resolved = await resolveApiToken({ dataDir, token: 'from-the-environment-123' })
    expect(resolved.source).toBe('env')
    expect(resolved.verifier.verify('from-the-environment-123')).toBe(true)
    await expect(stat(dataDir)).rejects.toThrow()
  })

  it('refuses a hash file that is not a SHA-256 digest', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'tok-'))
    await writeFile(join(dataDir, API_TOKEN_HASH_FILE), 'plaintext-token\n')
    await expect(resolveApiToken({ dataDir })).rejects.toThrow(/not a SHA-256 hex digest/)
  })
})
