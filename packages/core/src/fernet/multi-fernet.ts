import { randomBytes } from 'node:crypto'
import { type Clock, systemClock } from '../clock.js'
import { ValidationError } from '../errors/index.js'
import { type Fernet, type FernetOptions, nowSeconds, partsOf } from './fernet.js'
import { InvalidToken } from './fernet-errors.js'
import {
  checkSeconds,
  decryptData,
  encryptFromParts,
  readToken,
  verifySignature,
} from './fernet-token.js'

/**
 * A key ring for rotation, as Python's `MultiFernet`: encrypts with the first {@link Fernet},
 * decrypts with whichever fits, and {@link MultiFernet.rotate} re-encrypts a token under the
 * first key keeping its original timestamp.
 *
 * @example
 * ```ts
 * import { Fernet, MultiFernet } from '@mcp-remote/core'
 *
 * const ring = new MultiFernet([new Fernet(newKey), new Fernet(oldKey)])
 * const fresh = ring.rotate(tokenMadeWithOldKey) // now opens with newKey alone
 * ```
 */
export class MultiFernet {
  readonly #fernets: readonly Fernet[]
  readonly #clock: Clock

  /** @throws {@link ValidationError} when `fernets` is empty. */
  constructor(fernets: Iterable<Fernet>, options: FernetOptions = {}) {
    this.#fernets = [...fernets]
    if (this.#fernets.length === 0) {
      throw new ValidationError('MultiFernet requires at least one key', [
        { path: 'fernets', message: 'must not be empty' },
      ])
    }
    this.#clock = options.clock ?? systemClock
  }

  /** Encrypts with the first key, stamped with the clock's current second. */
  encrypt(data: string | Uint8Array): string {
    return this.encryptAtTime(data, nowSeconds(this.#clock))
  }

  /** Encrypts with the first key, stamped with `currentTime` (seconds). */
  encryptAtTime(data: string | Uint8Array, currentTime: number): string {
    return this.#primary().encryptAtTime(data, currentTime)
  }

  /**
   * Decrypts with the first key that verifies (TTL rules as {@link Fernet.decrypt}).
   * @throws {@link InvalidToken} when none does.
   */
  decrypt(token: string, ttl?: number): Buffer {
    const time =
      ttl === undefined
        ? undefined
        : { ttl: checkSeconds('ttl', ttl), now: nowSeconds(this.#clock) }
    return this.#firstThatFits((parts) => decryptData(parts, readToken(token), time))
  }

  /** Like {@link MultiFernet.decrypt} with a TTL, judged at `currentTime` (seconds). */
  decryptAtTime(token: string, ttl: number, currentTime: number): Buffer {
    const time = { ttl: checkSeconds('ttl', ttl), now: checkSeconds('currentTime', currentTime) }
    return this.#firstThatFits((parts) => decryptData(parts, readToken(token), time))
  }

  /**
   * Re-encrypts `token` under the first key with a fresh IV, keeping its original timestamp
   * (so a TTL still counts from creation). Age is not checked.
   * @throws {@link InvalidToken} when no key opens it.
   */
  rotate(token: string): string {
    const parsed = readToken(token)
    const plaintext = this.#firstThatFits((parts) => decryptData(parts, parsed, undefined))
    return encryptFromParts(partsOf(this.#primary()), plaintext, parsed.timestamp, randomBytes(16))
  }

  /** The creation time of a token authentic under any key, in seconds. @throws {@link InvalidToken} */
  extractTimestamp(token: string): number {
    const parsed = readToken(token)
    this.#firstThatFits((parts) => verifySignature(parts, parsed.data))
    return Number(parsed.timestamp)
  }

  #primary(): Fernet {
    return this.#fernets[0] as Fernet
  }

  #firstThatFits<T>(attempt: (parts: ReturnType<typeof partsOf>) => T): T {
    for (const fernet of this.#fernets) {
      try {
        return attempt(partsOf(fernet))
      } catch (err) {
        if (!(err instanceof InvalidToken)) throw err
      }
    }
    throw new InvalidToken()
  }
}
