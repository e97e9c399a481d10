import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

/** Prefix of generated API tokens, so a leaked one is recognizable by secret scanners. */
export const API_TOKEN_PREFIX = 'mcpr_'

/** A new API token: the prefix plus 256 random bits, base64url. */
export function generateApiToken(): string {
  return API_TOKEN_PREFIX + randomBytes(32).toString('base64url')
}

/** The SHA-256 of a token, hex: what is stored instead of the token. */
export function hashApiToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex')
}

/**
 * Checks presented API tokens against a stored SHA-256 hash. Both sides are hashed to 32 bytes
 * and compared with `timingSafeEqual`, so the comparison takes the same time whatever the input.
 */
export class ApiTokenVerifier {
  readonly #digest: Buffer

  /** @param sha256Hex the stored hash, 64 hex digits (see {@link hashApiToken}). */
  constructor(sha256Hex: string) {
    if (!/^[0-9a-f]{64}$/.test(sha256Hex)) throw new TypeError('expected a SHA-256 hex digest')
    this.#digest = Buffer.from(sha256Hex, 'hex')
  }

  /** A verifier for a plaintext token. */
  static forToken(token: string): ApiTokenVerifier {
    return new ApiTokenVerifier(hashApiToken(token))
  }

  /** Whether `presented` is the token. */
  verify(presented: string): boolean {
    const digest = createHash('sha256').update(presented, 'utf8').digest()
    return timingSafeEqual(digest, this.#digest)
  }
}
