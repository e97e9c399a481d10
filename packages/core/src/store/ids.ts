import { randomBytes } from 'node:crypto'

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz'
/** Random characters in an id: 36^20 ≈ 2^103 possibilities. */
const LENGTH = 20

/**
 * A prefixed random id such as `dep_4k7q0x9m2b8c1z5n6w3e` (DESIGN.md §2): the prefix reads
 * well in logs and URLs, the 20 lowercase base-36 characters come from the CSPRNG without
 * modulo bias. Ids say nothing about time or order.
 * @param prefix lowercase letters, e.g. `dep` or `ana` (a trailing `_` is accepted).
 */
export function newId(prefix: string): string {
  const head = prefix.endsWith('_') ? prefix.slice(0, -1) : prefix
  if (!/^[a-z]{1,16}$/.test(head)) throw new TypeError('id prefix must be lowercase letters')
  let out = ''
  while (out.length < LENGTH) {
    for (const byte of randomBytes(32)) {
      // 252 = 7 × 36: bytes above it would skew the distribution.
      if (byte < 252 && out.length < LENGTH) out += ALPHABET[byte % 36]
    }
  }
  return `${head}_${out}`
}
