import { createCipheriv, createDecipheriv, createHmac, timingSafeEqual } from 'node:crypto'
import { ValidationError } from '../errors/index.js'
import { urlsafeB64Decode, urlsafeB64Encode } from './base64.js'
import { InvalidToken } from './fernet-errors.js'
import type { FernetKeyParts } from './fernet-key.js'

/** Python's `_MAX_CLOCK_SKEW`: how far in the future, in seconds, a token may be dated. */
export const MAX_CLOCK_SKEW_SECONDS = 60

const VERSION = 0x80
const HEADER = 1 + 8 + 16
const MAC = 32
const BLOCK = 16
const MAX_TIMESTAMP = 2n ** 64n - 1n

/** Token layout and crypto, as free functions over key halves. Private to `fernet/`. */

/** A token's bytes and the timestamp they claim, before any check but the version byte. */
export interface UnverifiedToken {
  /** Seconds since the Unix epoch, unsigned 64-bit. */
  timestamp: bigint
  data: Buffer
}

/** Time facts for a TTL check: seconds. */
export interface TimeInfo {
  ttl: number
  now: number
}

/** Builds a token from explicit parts; `iv` must be 16 bytes. Python's `_encrypt_from_parts`. */
export function encryptFromParts(
  key: FernetKeyParts,
  data: string | Uint8Array,
  currentTime: number | bigint,
  iv: Uint8Array,
): string {
  const timestamp = toTimestamp(currentTime)
  if (iv.length !== BLOCK) {
    throw new ValidationError('iv must be 16 bytes', [{ path: 'iv', message: 'must be 16 bytes' }])
  }
  const plaintext = typeof data === 'string' ? Buffer.from(data, 'utf8') : data
  const cipher = createCipheriv('aes-128-cbc', key.encryptionKey, iv)
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()])
  const header = Buffer.alloc(9)
  header[0] = VERSION
  header.writeBigUInt64BE(timestamp, 1)
  const basic = Buffer.concat([header, iv, ciphertext])
  const mac = createHmac('sha256', key.signingKey).update(basic).digest()
  return urlsafeB64Encode(Buffer.concat([basic, mac]))
}

/**
 * Decodes a token and reads its timestamp; verifies nothing but the version byte.
 * @throws {@link InvalidToken}
 */
export function readToken(token: string): UnverifiedToken {
  const data = typeof token === 'string' ? urlsafeB64Decode(token) : undefined
  if (!data || data.length < 9 || data[0] !== VERSION) throw new InvalidToken()
  return { timestamp: data.readBigUInt64BE(1), data }
}

/**
 * Checks time (when `time` is given: expired if `timestamp + ttl < now`, refused if
 * `now + 60 < timestamp`), then the MAC in constant time, then decrypts and unpads.
 * Python's `_decrypt_data`, step for step.
 * @throws {@link InvalidToken}
 */
export function decryptData(
  key: FernetKeyParts,
  token: UnverifiedToken,
  time: TimeInfo | undefined,
): Buffer {
  const { timestamp, data } = token
  if (time) {
    const ttl = BigInt(time.ttl)
    const now = BigInt(time.now)
    if (timestamp + ttl < now) throw new InvalidToken()
    if (now + BigInt(MAX_CLOCK_SKEW_SECONDS) < timestamp) throw new InvalidToken()
  }
  verifySignature(key, data)
  const ciphertext = data.subarray(HEADER, data.length - MAC)
  // The MAC passed, so only the holder of the key can reach these checks.
  if (ciphertext.length === 0 || ciphertext.length % BLOCK !== 0) throw new InvalidToken()
  const decipher = createDecipheriv('aes-128-cbc', key.encryptionKey, data.subarray(9, HEADER))
  try {
    return Buffer.concat([decipher.update(ciphertext), decipher.final()])
  } catch {
    throw new InvalidToken()
  }
}

/** Recomputes the HMAC and compares it in constant time. @throws {@link InvalidToken} */
export function verifySignature(key: FernetKeyParts, data: Buffer): void {
  if (data.length < HEADER + BLOCK + MAC) throw new InvalidToken()
  const expected = createHmac('sha256', key.signingKey)
    .update(data.subarray(0, data.length - MAC))
    .digest()
  if (!timingSafeEqual(expected, data.subarray(data.length - MAC))) throw new InvalidToken()
}

/** Validates whole seconds for the 64-bit timestamp field. */
function toTimestamp(seconds: number | bigint): bigint {
  const value =
    typeof seconds === 'bigint' ? seconds : Number.isSafeInteger(seconds) ? BigInt(seconds) : -1n
  if (value < 0n || value > MAX_TIMESTAMP) {
    throw new ValidationError('currentTime must be whole seconds in 0..2^64-1', [
      { path: 'currentTime', message: 'must be a non-negative integer of seconds' },
    ])
  }
  return value
}

/** Validates a TTL or a current time used in a check: safe integers of seconds. */
export function checkSeconds(name: string, value: number): number {
  if (!Number.isSafeInteger(value)) {
    throw new ValidationError(`${name} must be an integer of seconds`, [
      { path: name, message: 'must be an integer of seconds' },
    ])
  }
  return value
}
