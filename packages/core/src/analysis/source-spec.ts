import { isAbsolute, resolve } from 'node:path'
import { isValidNpmName } from '@mcp-remote/bridge/command-policy'
import { InvalidSourceError } from '../errors/index.js'

/** A GitHub repository, optionally at a ref and inside a subdirectory (monorepos). */
export interface GitHubSourceSpec {
  kind: 'github'
  owner: string
  repo: string
  /** Branch, tag or commit; `undefined` means the default branch. */
  ref: string | undefined
  /** Path inside the repository, without leading or trailing slashes; `''` for the root. */
  subdir: string
}

/** An npm package, optionally at an exact version or dist-tag. */
export interface NpmSourceSpec {
  kind: 'npm'
  name: string
  /** Exact version or dist-tag; `undefined` means `latest`. */
  version: string | undefined
}

/** A directory on this machine. */
export interface LocalSourceSpec {
  kind: 'local'
  /** Absolute path. */
  path: string
}

/** A parsed analysis source. */
export type SourceSpec = GitHubSourceSpec | NpmSourceSpec | LocalSourceSpec

const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/
const REPO = /^[A-Za-z0-9._-]{1,100}$/
const REF = /^[A-Za-z0-9._/-]{1,250}$/
const SUBDIR_SEGMENT = /^[A-Za-z0-9._@+-]{1,255}$/
const NPM_VERSION = /^[A-Za-z0-9][A-Za-z0-9.+_-]{0,99}$/
/** First path segments on github.com that are not users or organizations. */
const GITHUB_RESERVED = new Set([
  'about',
  'apps',
  'collections',
  'customer-stories',
  'enterprise',
  'events',
  'explore',
  'features',
  'login',
  'marketplace',
  'new',
  'notifications',
  'organizations',
  'orgs',
  'pricing',
  'pulls',
  'issues',
  'search',
  'settings',
  'sponsors',
  'topics',
  'trending',
  'users',
])

function invalid(message: string, kind: string): InvalidSourceError {
  // The source itself is never quoted: it is user input and may be long or hostile.
  return new InvalidSourceError(message, { kind })
}

function parseGitHub(source: string): GitHubSourceSpec {
  if (source.length > 2000) throw invalid('the GitHub URL is too long', 'github')
  if (/\\|%2e|%2f|%5c/i.test(source)) {
    throw invalid('the GitHub URL must not contain encoded or backslashed paths', 'github')
  }
  const withScheme = /^https?:\/\//i.test(source) ? source : `https://${source}`
  // `new URL` resolves `..` away, so dot segments are refused on the raw text first.
  const rawPath = withScheme.replace(/^https?:\/\/[^/?#]*/i, '').replace(/[?#].*$/, '')
  if (rawPath.split('/').some((seg) => seg === '..' || seg === '.')) {
    throw invalid('the GitHub URL must not contain . or .. segments', 'github')
  }
  let url: URL
  try {
    url = new URL(withScheme)
  } catch {
    throw invalid('not a valid URL', 'github')
  }
  if (url.username || url.password || url.port) {
    throw invalid('the GitHub URL must not carry credentials or a port', 'github')
  }
  const host = url.hostname.toLowerCase()
  if (host !== 'github.com' && host !== 'www.github.com') {
    throw invalid('only https://github.com/<owner>/<repo> URLs are supported', 'github')
  }
  const segments = url.pathname.split('/').filter((s) => s.length > 0)
  const [owner, rawRepo, marker, ref, ...rest] = segments
  if (!owner || !rawRepo) {
    throw invalid('the URL must name a repository: https://github.com/<owner>/<repo>', 'github')
  }
  const repo = rawRepo.replace(/\.git$/i, '')
  if (!OWNER.test(owner) || GITHUB_RESERVED.has(owner.toLowerCase())) {
    throw invalid('not a valid GitHub owner', 'github')
  }
  if (!REPO.test(repo) || repo === '.' || repo === '..') {
    throw invalid('not a valid GitHub repository name', 'github')
  }
  if (marker === undefined) return { kind: 'github', owner, repo, ref: undefined, subdir: '' }
  if (marker !== 'tree' || ref === undefined) {
    throw invalid(
      'only repository URLs, optionally with /tree/<ref>/<subdir>, are supported',
      'github',
    )
  }
  if (!REF.test(ref) || ref.startsWith('-')) throw invalid('not a valid git ref', 'github')
  if (rest.some((seg) => !SUBDIR_SEGMENT.test(seg))) {
    throw invalid('not a valid subdirectory path', 'github')
  }
  return { kind: 'github', owner, repo, ref, subdir: rest.join('/') }
}

function parseNpm(spec: string): NpmSourceSpec {
  const at = spec.indexOf('@', 1)
  const name = (at === -1 ? spec : spec.slice(0, at)).trim()
  const version = at === -1 ? undefined : spec.slice(at + 1).trim()
  if (!isValidNpmName(name)) throw invalid('not a valid npm package name', 'npm')
  if (version !== undefined && !NPM_VERSION.test(version)) {
    throw invalid('the npm version must be an exact version or a dist-tag', 'npm')
  }
  return { kind: 'npm', name, version }
}

/**
 * Parses a source string: `https://github.com/<owner>/<repo>[/tree/<ref>/<subdir>]` (`.git`
 * suffix, trailing slashes, query and fragment tolerated), `npm:<name>[@version]`, or a local
 * directory path (absolute, or starting with `./`, `../` or `~/` is not expanded).
 * @throws `InvalidSourceError` (code `invalid_source`) for anything else: other hosts, other
 * schemes (`javascript:`, `file:`), `..` in URLs, user and organization pages, bad names.
 */
export function parseSource(source: string, opts: { cwd?: string } = {}): SourceSpec {
  const text = source.trim()
  if (text.length === 0) throw invalid('the source is empty', 'unknown')
  if (/^npm:/i.test(text)) return parseNpm(text.slice(4))
  if (/^(?:https?:\/\/)?(?:www\.)?github\.com(?:[/?#]|$)/i.test(text)) return parseGitHub(text)
  if (/^[a-z][a-z0-9+.-]*:/i.test(text) && !/^[a-z]:[\\/]/i.test(text)) {
    throw invalid('unsupported source: use a GitHub URL, npm:<package> or a directory', 'unknown')
  }
  if (isAbsolute(text) || text.startsWith('./') || text.startsWith('../') || text === '.') {
    return { kind: 'local', path: resolve(opts.cwd ?? process.cwd(), text) }
  }
  throw invalid('unsupported source: use a GitHub URL, npm:<package> or a directory', 'unknown')
}

/**
 * The canonical text of a source, used as the store's `source` and in the cache key:
 * `https://github.com/<owner>/<repo>[/tree/<ref>[/<subdir>]]`, `npm:<name>[@version]`, or an
 * absolute path. Owner and repo keep GitHub's spelling but compare case-insensitively, so
 * they are lower-cased here.
 * @throws `InvalidSourceError` as {@link parseSource}.
 */
export function normalizeSource(source: string | SourceSpec): string {
  const spec = typeof source === 'string' ? parseSource(source) : source
  switch (spec.kind) {
    case 'github': {
      const base = `https://github.com/${spec.owner.toLowerCase()}/${spec.repo.toLowerCase()}`
      if (spec.ref === undefined) return base
      return spec.subdir ? `${base}/tree/${spec.ref}/${spec.subdir}` : `${base}/tree/${spec.ref}`
    }
    case 'npm':
      return spec.version === undefined ? `npm:${spec.name}` : `npm:${spec.name}@${spec.version}`
    case 'local':
      return spec.path
  }
}
