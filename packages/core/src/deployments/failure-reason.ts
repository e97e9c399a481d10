import { McpRemoteError } from '../errors/index.js'

/** Longest reason kept from an error that is not ours, in characters. */
const MAX_FOREIGN_REASON = 300

/**
 * The reason a failed deploy records (status, event, log line), from what it threw: our own
 * errors keep their message, which is safe to show; anything else is clipped, and the value a
 * Node argument check quotes (`… Received 'the value'`, e.g. an environment value `spawn`
 * refused) is cut off, since that value can be a credential.
 */
export function failureReason(err: unknown): { reason: string; retryAllowed: boolean } {
  if (err instanceof McpRemoteError) return { reason: err.message, retryAllowed: err.retryAllowed }
  const message = err instanceof Error ? err.message : String(err)
  const code = (err as { code?: unknown } | null)?.code
  const safe =
    typeof code === 'string' && code.startsWith('ERR_INVALID_ARG')
      ? message.replace(/\.? Received[\s\S]*$/, '')
      : message
  // Messages from the MCP client name the failing step; they never hold the token (the probe
  // sends it in a header).
  return { reason: `MCP probe failed: ${safe.slice(0, MAX_FOREIGN_REASON)}`, retryAllowed: true }
}
