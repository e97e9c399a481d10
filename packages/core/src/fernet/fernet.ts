import { randomBytes } from 'node:crypto'
import { type Clock, systemClock } from '../clock.js'
import { type FernetKeyParts, generateKey, parseKey } from './fernet-key.js'
import {
  checkSeconds,
  decryptData,
  encryptFromParts,
  readToken,
  verifySignature,
} from './fernet-token.js'

/** Options of {@link Fernet} and {@link MultiFernet}. */
export interface FernetOptions {
  /** Where `encrypt` and a TTL check read the time; defaults to the wall clock. */
  clock?: Clock
}

const keyParts = new WeakMap<Fernet, FernetKeyParts>()

/**
 * Fernet symmetric encryption (AES-128-CBC + HMAC-SHA256, spec version 0x80), byte-compatible
 * with Python's `cryptography.fernet.Fernet`: same tokens, same keys, same TTL and 60 s clock-skew
 * rules, and one {@link InvalidToken} for every failure.
 *
 * @example
 * ```ts
 * import { Fernet } from '@mcp-remote/core'
 *
 * const f = new Fernet(Fernet.generateKey())
 * const token = f.encrypt('my deep dark secret')
 * f.decrypt(token).toString('utf8') // 'my deep dark secret'
 * f.decrypt(token, 60) // throws InvalidToken once the token is older than 60 s
 * ```
 */
export class Fernet {
  readonly #clock: Clock

  /**
   * @param key 32 bytes as URL-safe base64 (44 characters), e.g. from {@link Fernet.generateKey}.
   * @throws {@link InvalidKeyError} when the key is malformed (the message never quotes it).
   */
  constructor(key: string, options: FernetOptions = {}) {
    keyParts.set(this, parseKey(key))
    this.#clock = options.clock ?? systemClock
  }

  /** A fresh random key, URL-safe base64 with padding. */
  static generateKey(): string {
    return generateKey()
  }

  /** Encrypts `data` (strings as UTF-8), stamped with the clock's current second. */
  encrypt(data: string | Uint8Array): string {
    return this.encryptAtTime(data, nowSeconds(this.#clock))
  }

  /** Encrypts `data` stamped with `currentTime` (whole seconds since the epoch), random IV. */
  encryptAtTime(data: string | Uint8Array, currentTime: number): string {
    return encryptFromParts(partsOf(this), data, currentTime, randomBytes(16))
  }

  /**
   * Verifies and decrypts `token`. With `ttl` (seconds), also refuses a token older than `ttl`
   * or dated more than 60 s ahead of the clock; without it, age is not checked.
   * @throws {@link InvalidToken}
   */
  decrypt(token: string, ttl?: number): Buffer {
    const time =
      ttl === undefined
        ? undefined
        : { ttl: checkSeconds('ttl', ttl), now: nowSeconds(this.#clock) }
    return decryptData(partsOf(this), readToken(token), time)
  }

  /** Like {@link Fernet.decrypt} with a TTL, judged at `currentTime` (seconds) instead of now. */
  decryptAtTime(token: string, ttl: number, currentTime: number): Buffer {
    const time = { ttl: checkSeconds('ttl', ttl), now: checkSeconds('currentTime', currentTime) }
    return decryptData(partsOf(this), readToken(token), time)
  }

  /**
   * The creation time of an authentic token, in seconds since the epoch (not decrypted).
   * @throws {@link InvalidToken}
   */
  extractTimestamp(token: string): number {
    const parsed = readToken(token)
    verifySignature(partsOf(this), parsed.data)
    return Number(parsed.timestamp)
  }
}

/** The key halves of a {@link Fernet}, for {@link MultiFernet}. Private to `fernet/`. */
export function partsOf(fernet: Fernet): FernetKeyParts {
  const parts = keyParts.get(fernet)
  if (!parts) throw new TypeError('not a Fernet instance')
  return parts
}

/** Whole seconds since the epoch, as Python's `int(time.time())`. */
export function nowSeconds(clock: Clock): number {
  return Math.floor(clock.now() / 1000)
}
