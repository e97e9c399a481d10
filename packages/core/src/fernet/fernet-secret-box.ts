import type { Clock } from '../clock.js'
import { Fernet } from './fernet.js'
import { parseKeyList } from './key-list.js'
import { MultiFernet } from './multi-fernet.js'
import type { SecretBox } from './secret-box.js'
import { SecretBoxError } from './secret-box-error.js'

const utf8 = new TextDecoder('utf-8', { fatal: true })

/** Options of {@link FernetSecretBox}. */
export interface FernetSecretBoxOptions {
  /** Time source for token timestamps; defaults to the wall clock. */
  clock?: Clock
}

/**
 * A {@link SecretBox} over a Fernet key ring (`MASTER_ENCRYPTION_KEY`): seals under the first
 * key, opens under any, and rotates to the first. Tokens carry no TTL check: credentials do not
 * expire. Values are UTF-8 strings.
 *
 * @example
 * ```ts
 * import { FernetSecretBox } from '@mcp-remote/core'
 *
 * const box = new FernetSecretBox(process.env.MASTER_ENCRYPTION_KEY ?? '') // "new,old"
 * const token = await box.seal('sk-live-123')
 * await box.open(token) // 'sk-live-123'
 * ```
 */
export class FernetSecretBox implements SecretBox {
  readonly #ring: MultiFernet

  /**
   * @param keys one key, a comma-separated list, or an array; the first is the primary.
   * @throws {@link InvalidKeyError} or `ValidationError` when the list is empty or malformed.
   */
  constructor(keys: string | readonly string[], options: FernetSecretBoxOptions = {}) {
    const fernetOptions = options.clock ? { clock: options.clock } : {}
    this.#ring = new MultiFernet(
      parseKeyList(keys).map((key) => new Fernet(key, fernetOptions)),
      fernetOptions,
    )
  }

  /** Encrypts `plaintext` under the primary key. */
  async seal(plaintext: string): Promise<string> {
    return this.#ring.encrypt(plaintext)
  }

  /** Decrypts a token made under any key. @throws {@link SecretBoxError} */
  async open(token: string): Promise<string> {
    return guard(() => utf8.decode(this.#ring.decrypt(token)))
  }

  /** Re-encrypts a token under the primary key, keeping its timestamp. @throws {@link SecretBoxError} */
  async rotate(token: string): Promise<string> {
    return guard(() => this.#ring.rotate(token))
  }
}

function guard<T>(work: () => T): T {
  try {
    return work()
  } catch (err) {
    // InvalidToken, or a plaintext that is not UTF-8: to a caller both mean "does not open".
    throw new SecretBoxError(err)
  }
}
