/** A request URL split into the bridge's parts. */
export interface RequestTarget {
  /** The `/t/<token>` segment's token, when the path carries one. */
  pathToken: string | undefined
  /** The path after the token segment, e.g. `/sse`, `/messages`, `/mcp`, `/health`. */
  path: string
  /** The query string without `?`, or `''`. */
  query: string
}

/**
 * Splits a request URL (`/t/<token>/mcp?x=1`) into token, path and query. Pure; no URL
 * parsing beyond what routing needs, since this runs on every request.
 */
export function parseRequestTarget(url: string): RequestTarget {
  const q = url.indexOf('?')
  let path = q === -1 ? url : url.slice(0, q)
  const query = q === -1 ? '' : url.slice(q + 1)
  let pathToken: string | undefined
  if (path.startsWith('/t/')) {
    const end = path.indexOf('/', 3)
    const raw = end === -1 ? path.slice(3) : path.slice(3, end)
    path = end === -1 ? '/' : path.slice(end)
    try {
      pathToken = decodeURIComponent(raw)
    } catch {
      pathToken = raw
    }
  }
  if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1)
  return { pathToken, path, query }
}

/** The value of `name` in a query string, or undefined. */
export function queryParam(query: string, name: string): string | undefined {
  if (query.length === 0) return undefined
  return new URLSearchParams(query).get(name) ?? undefined
}
