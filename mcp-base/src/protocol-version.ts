/**
 * Which protocol version the bridge answers a client's `initialize` with, given the version the
 * child negotiated with the bridge. Pure.
 *
 * The child speaks `childVersion`. A client asking for that version, or for an older version the
 * bridge knows (servers stay compatible with older revisions; the child's messages only add
 * fields), gets its own version back. A client asking for something newer or unknown gets
 * `childVersion`, and decides itself whether it can speak it, as the MCP lifecycle says.
 */
export function negotiateVersion(
  requested: unknown,
  childVersion: string,
  known: readonly string[],
): string {
  if (typeof requested !== 'string') return childVersion
  if (requested === childVersion) return requested
  if (known.includes(requested) && requested < childVersion) return requested
  return childVersion
}
