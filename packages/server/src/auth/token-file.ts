import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { ApiTokenVerifier, generateApiToken, hashApiToken } from './api-token.js'

/** Name of the file, inside the data directory, that holds the API token's hash. */
export const API_TOKEN_HASH_FILE = 'api-token.sha256'

/** Where the server's API token came from. */
export type ApiTokenSource = 'env' | 'file' | 'generated'

/** What {@link resolveApiToken} settled on. */
export interface ResolvedApiToken {
  verifier: ApiTokenVerifier
  source: ApiTokenSource
  /** The plaintext token, only when it was generated just now: print it once, then drop it. */
  generatedToken?: string
  /** The hash file's path (also when the token came from the environment and no file is used). */
  hashFile: string
}

/** Options of {@link resolveApiToken}. */
export interface ResolveApiTokenOptions {
  /** `MCP_REMOTE_API_TOKEN`, when set: used as is and nothing is written. */
  token?: string | undefined
  dataDir: string
}

/**
 * Settles the server's API token (DESIGN.md §8): `MCP_REMOTE_API_TOKEN` when set; otherwise the
 * hash stored in `<dataDir>/api-token.sha256`; otherwise a new token, whose SHA-256 alone is
 * written there (mode 0600) and whose plaintext is returned once to be printed.
 * @throws when the hash file exists but is not a SHA-256 hex digest (delete it to generate anew).
 */
export async function resolveApiToken(opts: ResolveApiTokenOptions): Promise<ResolvedApiToken> {
  const hashFile = join(opts.dataDir, API_TOKEN_HASH_FILE)
  if (opts.token)
    return { verifier: ApiTokenVerifier.forToken(opts.token), source: 'env', hashFile }
  const stored = await readFile(hashFile, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined
    throw err
  })
  if (stored !== undefined) {
    const hash = stored.trim()
    if (!/^[0-9a-f]{64}$/.test(hash)) {
      throw new Error(`${hashFile} is not a SHA-256 hex digest; delete it to generate a new token`)
    }
    return { verifier: new ApiTokenVerifier(hash), source: 'file', hashFile }
  }
  const token = generateApiToken()
  await mkdir(opts.dataDir, { recursive: true, mode: 0o700 })
  // `wx`: if another process generated one a moment ago, fail rather than overwrite it.
  await writeFile(hashFile, `${hashApiToken(token)}\n`, { mode: 0o600, flag: 'wx' })
  await chmod(hashFile, 0o600)
  return {
    verifier: ApiTokenVerifier.forToken(token),
    source: 'generated',
    generatedToken: token,
    hashFile,
  }
}
