import { createHash } from 'node:crypto'

/** Prefix of every app name mcp-remote creates on Fly. */
export const FLY_APP_PREFIX = 'mcpr-'

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567'

/** Lowercase RFC 4648 base32 without padding. */
function base32(bytes: Uint8Array): string {
  let out = ''
  let bits = 0
  let value = 0
  for (const byte of bytes) {
    value = (value << 8) | byte
    bits += 8
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31]
      bits -= 5
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31]
  return out
}

/**
 * The Fly app name of a deployment: `mcpr-` plus 20 base32 characters (100 bits) of
 * SHA-256(deploymentId, org). Deterministic, so a retry or a restarted platform finds the same
 * app; valid for Fly (lowercase letters, digits, dashes; 25 characters, a DNS label under
 * `.fly.dev`); and collision-resistant across deployments and organizations. Pure.
 */
export function appNameFor(deploymentId: string, org: string): string {
  const digest = createHash('sha256').update(deploymentId).update('\0').update(org).digest()
  return `${FLY_APP_PREFIX}${base32(digest).slice(0, 20)}`
}
