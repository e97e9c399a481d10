/** A GitHub repository page, as far as its URL says. */
export interface RepoLocation {
  owner: string
  repo: string
  /** The ref of a `/tree/<ref>/…` page (or `/blob/<ref>/<dir>/<file>`); null elsewhere. */
  ref: string | null
  /** The folder of a `/tree/<ref>/<subdir>` page (or of the file of a `/blob/` page), without slashes at the ends; null elsewhere. */
  subdir: string | null
  /** What to analyze: the repository URL, with `/tree/<ref>/<subdir>` when the page has one. */
  sourceUrl: string
  /** `owner/repo`, lower-cased: the same repository whatever page of it is open. */
  key: string
}

/**
 * First path segments that are GitHub's own pages, not users or organizations. GitHub keeps
 * these names from being taken as logins; the list holds the ones with pages under them.
 */
const RESERVED_OWNERS = new Set([
  'about',
  'account',
  'advisories',
  'apps',
  'blog',
  'codespaces',
  'collections',
  'contact',
  'copilot',
  'customer-stories',
  'dashboard',
  'enterprise',
  'events',
  'explore',
  'features',
  'github-copilot',
  'issues',
  'join',
  'login',
  'logout',
  'marketplace',
  'mcp',
  'new',
  'notifications',
  'orgs',
  'organizations',
  'password_reset',
  'pricing',
  'pulls',
  'readme',
  'resources',
  'search',
  'security',
  'sessions',
  'settings',
  'signup',
  'site',
  'solutions',
  'sponsors',
  'stars',
  'team',
  'topics',
  'trending',
  'users',
  'watching',
])

/** GitHub logins: letters, digits and single hyphens, not at the ends, at most 39 characters. */
const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/
/** Repository names: letters, digits, `.`, `-`, `_`, at most 100 characters, not `.` or `..`. */
const REPO = /^[A-Za-z0-9._-]{1,100}$/

function decode(segment: string): string | null {
  try {
    return decodeURIComponent(segment)
  } catch {
    return null
  }
}

/**
 * Reads a repository from a `github.com` location: `https://github.com/<owner>/<repo>` and any
 * page under it (`/tree/<ref>/<subdir>`, `/blob/…`, `/issues`…); a `/blob/<ref>/<dir>/<file>`
 * page reads as its folder, `/tree/<ref>/<dir>`. Returns null for GitHub's own
 * pages (settings, orgs, marketplace…), profiles, and other hosts. Pure: pass `window.location`
 * or a `URL`.
 *
 * A `/tree/` ref containing slashes cannot be told from a folder by the URL alone; the first
 * segment is taken as the ref, as GitHub's short links do.
 */
export function parseRepoLocation(
  location: Pick<URL, 'protocol' | 'hostname' | 'pathname'>,
): RepoLocation | null {
  if (location.protocol !== 'https:' || location.hostname !== 'github.com') return null
  const segments = location.pathname.split('/').filter(Boolean).map(decode)
  if (segments.some((s) => s === null)) return null
  const [owner, rawRepo, kind, ref, ...rest] = segments as string[]
  if (!owner || !rawRepo) return null
  if (RESERVED_OWNERS.has(owner.toLowerCase()) || !OWNER.test(owner)) return null
  const repo = rawRepo.endsWith('.git') ? rawRepo.slice(0, -4) : rawRepo
  if (!REPO.test(repo) || repo === '.' || repo === '..') return null

  const base = `https://github.com/${owner}/${repo}`
  const key = `${owner}/${repo}`.toLowerCase()
  // A file in a folder (`/blob/<ref>/<dir>/<file>`) stands for its folder: in a monorepo,
  // that folder is the server the user is looking at.
  const folder =
    kind === 'tree' ? rest : kind === 'blob' && rest.length > 1 ? rest.slice(0, -1) : null
  if (folder && ref) {
    const subdir = folder.join('/') || null
    const encoded = [ref, ...folder].map(encodeURIComponent).join('/')
    return { owner, repo, ref, subdir, sourceUrl: `${base}/tree/${encoded}`, key }
  }
  return { owner, repo, ref: null, subdir: null, sourceUrl: base, key }
}
