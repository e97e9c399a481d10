import { randomBytes } from 'node:crypto'
import { urlsafeB64Decode, urlsafeB64Encode } from './base64.js'
import { InvalidKeyError } from './fernet-errors.js'

/** The two halves of a Fernet key. Private to `fernet/`. */
export interface FernetKeyParts {
  /** Bytes 0..15: the HMAC-SHA256 key. */
  signingKey: Buffer
  /** Bytes 16..31: the AES-128 key. */
  encryptionKey: Buffer
}

/**
 * Splits a key (44 characters of URL-safe base64 for 32 bytes) into its halves, reading the
 * base64 as Python does.
 * @throws {@link InvalidKeyError} unless it decodes to exactly 32 bytes.
 */
export function parseKey(key: string): FernetKeyParts {
  const bytes = typeof key === 'string' ? urlsafeB64Decode(key) : undefined
  if (bytes?.length !== 32) throw new InvalidKeyError()
  return {
    signingKey: Buffer.from(bytes.subarray(0, 16)),
    encryptionKey: Buffer.from(bytes.subarray(16, 32)),
  }
}

/** A fresh random key: 32 bytes from the CSPRNG, URL-safe base64 with padding (44 chars). */
export function generateKey(): string {
  return urlsafeB64Encode(randomBytes(32))
}
