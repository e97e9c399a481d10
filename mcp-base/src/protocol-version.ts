/**
 * MCP protocol revisions the bridge knows, newest first. Kept equal to the SDK's
 * `SUPPORTED_PROTOCOL_VERSIONS` (a test checks it): the bridge does not load the SDK at run time,
 * whose schemas alone would cost ~18 MB of memory on every deployment.
 */
export const KNOWN_PROTOCOL_VERSIONS: readonly string[] = [
  '2025-11-25',
  '2025-06-18',
  '2025-03-26',
  '2024-11-05',
  '2024-10-07',
]

/** The newest revision, which the bridge asks the child for. */
export const LATEST_PROTOCOL_VERSION = '2025-11-25'

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
  known: readonly string[] = KNOWN_PROTOCOL_VERSIONS,
): string {
  if (typeof requested !== 'string') return childVersion
  if (requested === childVersion) return requested
  if (known.includes(requested) && requested < childVersion) return requested
  return childVersion
}

/**
 * The version a Streamable HTTP server assumes for a request without `MCP-Protocol-Version` when
 * it knows no better (the specification's backwards-compatibility rule).
 */
export const ASSUMED_PROTOCOL_VERSION = '2025-03-26'

/**
 * True when a client speaking `version` expects a "priming" event (an event id with empty
 * data) at the start of an event stream, as 2025-11-25 recommends. Older clients may try to
 * parse the empty data as a message, so they get none. Pure.
 */
export function expectsPrimingEvent(version: string): boolean {
  return version >= '2025-11-25'
}
