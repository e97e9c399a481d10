import { ValidationError } from '../errors/index.js'
import { InvalidKeyError } from './fernet-errors.js'
import { parseKey } from './fernet-key.js'

/**
 * Reads a key ring: a comma-separated string (as `MASTER_ENCRYPTION_KEY=new,old`) or a list.
 * Whitespace around keys and empty entries are dropped; the first key is the primary.
 * @throws {@link ValidationError} when there is no key; {@link InvalidKeyError} naming the
 *   position (never the value) of a malformed one.
 */
export function parseKeyList(keys: string | readonly string[]): string[] {
  const list = (typeof keys === 'string' ? keys.split(',') : [...keys])
    .map((key) => key.trim())
    .filter((key) => key.length > 0)
  if (list.length === 0) {
    throw new ValidationError('at least one Fernet key is required', [
      { path: 'keys', message: 'must hold at least one key' },
    ])
  }
  list.forEach((key, index) => {
    try {
      parseKey(key)
    } catch {
      throw new InvalidKeyError(undefined, index)
    }
  })
  return list
}
