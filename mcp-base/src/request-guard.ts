/**
 * DNS-rebinding protection: which `Host` and `Origin` headers the bridge accepts. Pure.
 */

/** Splits a comma-separated list (as in `MCP_BRIDGE_ALLOWED_HOSTS`), trimming and dropping blanks. */
export function parseList(value: string | undefined): string[] {
  if (value === undefined) return []
  return value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
}

/** The hosts accepted when none are configured: loopback names on the bridge's own port. */
export function defaultAllowedHosts(port: number): string[] {
  return [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`]
}

function hostname(hostHeader: string): string {
  if (hostHeader.startsWith('[')) {
    const end = hostHeader.indexOf(']')
    return end === -1 ? hostHeader : hostHeader.slice(0, end + 1)
  }
  const colon = hostHeader.indexOf(':')
  return colon === -1 ? hostHeader : hostHeader.slice(0, colon)
}

function hasPort(entry: string): boolean {
  return entry.startsWith('[') ? entry.includes(']:') : entry.includes(':')
}

/**
 * True when `host` (a `Host` header) is allowed. An entry with a port must match exactly; an
 * entry without one matches that name on any port; `*` allows every host. A missing header
 * is refused.
 */
export function isHostAllowed(host: string | undefined, allowed: readonly string[]): boolean {
  if (host === undefined || host.length === 0) return false
  const lower = host.toLowerCase()
  for (const raw of allowed) {
    const entry = raw.toLowerCase()
    if (entry === '*') return true
    if (hasPort(entry) ? entry === lower : entry === hostname(lower)) return true
  }
  return false
}

/**
 * True when `origin` (an `Origin` header) is allowed: no header at all (not a browser
 * request), an entry of `allowedOrigins` (trailing slashes ignored; `*` allows all), or the
 * bridge's own origin, i.e. a host named explicitly in `allowedHosts` (a page served from the
 * bridge's own address is not a DNS-rebinding attack).
 */
export function isOriginAllowed(
  origin: string | undefined,
  allowedOrigins: readonly string[],
  allowedHosts: readonly string[] = [],
): boolean {
  if (origin === undefined) return true
  const normal = origin.toLowerCase().replace(/\/+$/, '')
  const listed = allowedOrigins.some((raw) => {
    const entry = raw.toLowerCase().replace(/\/+$/, '')
    return entry === '*' || entry === normal
  })
  if (listed) return true
  let host: string
  try {
    host = new URL(normal).host
  } catch {
    return false
  }
  return isHostAllowed(
    host,
    allowedHosts.filter((entry) => entry !== '*'),
  )
}
