/**
 * Base64 exactly as Python's `base64.urlsafe_b64decode` reads it (binascii's non-strict mode),
 * so every token Python accepts is accepted here and every token it refuses is refused:
 * padding is required; `-`/`_` and `+`/`/` are both read; other characters are skipped;
 * decoding stops at the first complete padding; one data character past a multiple of four,
 * or missing padding, is an error. Private to `fernet/`.
 */

const PAD = 0x3d // '='
const TABLE = new Int8Array(128).fill(-1)
for (let i = 0; i < 64; i++) {
  TABLE['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.charCodeAt(i)] = i
}
TABLE[0x2d] = 62 // '-'
TABLE[0x5f] = 63 // '_'

/** Decodes `text`; returns `undefined` where Python raises (`binascii.Error`, or non-ASCII). */
export function urlsafeB64Decode(text: string): Buffer | undefined {
  const out = Buffer.allocUnsafe(Math.floor((text.length * 3) / 4) + 3)
  let length = 0
  let quadPos = 0
  let pads = 0
  let left = 0
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code > 0x7f) return undefined
    if (code === PAD) {
      // As binascii: padding counts only after two data characters of a quad.
      if (quadPos >= 2 && quadPos + ++pads >= 4) return out.subarray(0, length)
      continue
    }
    const value = TABLE[code] ?? -1
    if (value < 0) continue
    pads = 0
    if (quadPos === 0) {
      left = value
      quadPos = 1
    } else if (quadPos === 1) {
      out[length++] = ((left << 2) | (value >> 4)) & 0xff
      left = value & 0x0f
      quadPos = 2
    } else if (quadPos === 2) {
      out[length++] = ((left << 4) | (value >> 2)) & 0xff
      left = value & 0x03
      quadPos = 3
    } else {
      out[length++] = ((left << 6) | value) & 0xff
      quadPos = 0
    }
  }
  return quadPos === 0 ? out.subarray(0, length) : undefined
}

/** Encodes `bytes` as URL-safe base64 with `=` padding, as `base64.urlsafe_b64encode` does. */
export function urlsafeB64Encode(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    .toString('base64')
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
}
