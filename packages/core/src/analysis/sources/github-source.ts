import { z } from 'zod'
import { InvalidSourceError } from '../../errors/index.js'
import type { GitHubSourceSpec } from '../source-spec.js'
import { discardBody, type FetchLike, fetchWithTimeout, readBodyCapped } from './http.js'
import { SourceUnavailableError } from './source-errors.js'
import {
  DEFAULT_SOURCE_LIMITS,
  fileRole,
  relativeArchivePath,
  type SourceLimits,
  type SourceTree,
  SourceTreeBuilder,
} from './source-tree.js'
import { readTarGz, TarFormatError } from './tar-reader.js'

/** Options of {@link readGitHubSource}. */
export interface GitHubSourceOptions {
  /** A GitHub token (`GITHUB_TOKEN`): raises rate limits and reads private repositories. */
  token?: string
  fetch?: FetchLike
  /** Default `https://api.github.com`. */
  apiBaseUrl?: string
  limits?: Partial<SourceLimits>
  timeoutMs?: number
  signal?: AbortSignal
}

const RepoSchema = z.object({
  default_branch: z.string().min(1),
  /** Repository size in KiB, as GitHub reports it. */
  size: z.number().nonnegative().optional(),
})

const ContentEntrySchema = z.object({
  name: z.string(),
  path: z.string(),
  type: z.string(),
  size: z.number().nonnegative(),
})

const ContentFileSchema = z.object({
  type: z.literal('file'),
  encoding: z.string(),
  content: z.string(),
})

// Code files read through the contents API when the tarball is out of reach.
const CONTENTS_CODE_FILES = 40

function encodePath(path: string): string {
  return path
    .split('/')
    .filter((s) => s.length > 0)
    .map(encodeURIComponent)
    .join('/')
}

/** Turns a GitHub answer other than 2xx into our error; never quotes the token or the URL. */
function githubError(res: Response, operation: string, repo: string): Error {
  const status = res.status
  const remaining = res.headers.get('x-ratelimit-remaining')
  const reset = Number(res.headers.get('x-ratelimit-reset') ?? Number.NaN)
  const retryAfter = res.headers.get('retry-after')
  if ((status === 403 || status === 429) && (remaining === '0' || retryAfter !== null)) {
    const reset_at = Number.isFinite(reset) ? new Date(reset * 1000).toISOString() : undefined
    return new SourceUnavailableError(
      'GitHub rate limit reached: retry later or set GITHUB_TOKEN',
      { upstream: 'github', operation, status, ...(reset_at ? { reset_at } : {}) },
      true,
    )
  }
  if (status === 404) {
    return new InvalidSourceError(
      operation === 'repository'
        ? `GitHub repository ${repo} not found (private repositories need GITHUB_TOKEN)`
        : `GitHub ${operation} not found in ${repo}: check the ref and path`,
      { kind: 'github', status, operation },
    )
  }
  if (status === 401) {
    return new SourceUnavailableError(
      'GitHub refused the token (401): check GITHUB_TOKEN',
      { upstream: 'github', operation, status },
      false,
    )
  }
  return new SourceUnavailableError(
    `GitHub ${operation} request failed (${status})`,
    { upstream: 'github', operation, status },
    status >= 500 || status === 429,
  )
}

/**
 * Reads a GitHub repository's files: the repository's metadata through the REST API, then
 * the tarball of the ref (GitHub redirects it to codeload), keeping what analysis reads under
 * the size caps. A repository too big for a tarball is read through the contents API: its
 * manifests, README and a few code files (`truncated` is then set, with a warning).
 * @throws `InvalidSourceError` for a missing repository, ref or subdirectory;
 * {@link SourceUnavailableError} for rate limits (`retryAllowed`), a refused token or an
 * unreachable GitHub.
 */
export async function readGitHubSource(
  spec: GitHubSourceSpec,
  opts: GitHubSourceOptions = {},
): Promise<SourceTree> {
  const limits: SourceLimits = { ...DEFAULT_SOURCE_LIMITS, ...opts.limits }
  const api = (opts.apiBaseUrl ?? 'https://api.github.com').replace(/\/+$/, '')
  const fetchFn: FetchLike = opts.fetch ?? globalThis.fetch
  const repoName = `${spec.owner}/${spec.repo}`
  const headers: Record<string, string> = {
    accept: 'application/vnd.github+json',
    'x-github-api-version': '2022-11-28',
    'user-agent': 'mcp-remote-analyzer',
  }
  if (opts.token) headers.authorization = `Bearer ${opts.token}`
  const base = `${api}/repos/${encodeURIComponent(spec.owner)}/${encodeURIComponent(spec.repo)}`
  const call = async (url: string, operation: string, accept?: string) => {
    const res = await fetchWithTimeout(
      fetchFn,
      url,
      { headers: accept ? { ...headers, accept } : headers, redirect: 'follow' },
      { upstream: 'github', operation },
      { timeoutMs: opts.timeoutMs, signal: opts.signal },
    )
    if (!res.ok) {
      discardBody(res)
      throw githubError(res, operation, repoName)
    }
    return res
  }

  const repoRes = await call(base, 'repository')
  const repo = RepoSchema.safeParse(await repoRes.json().catch(() => undefined))
  if (!repo.success) {
    throw new SourceUnavailableError(
      'GitHub answered with an unexpected repository shape',
      { upstream: 'github', operation: 'repository', status: repoRes.status },
      true,
    )
  }
  const ref = spec.ref ?? repo.data.default_branch
  const builder = new SourceTreeBuilder(limits)
  const sizeBytes = (repo.data.size ?? 0) * 1024

  let archive: Uint8Array | undefined
  if (sizeBytes <= limits.maxArchiveBytes) {
    const res = await call(`${base}/tarball/${encodePath(ref)}`, 'tarball')
    archive = await readBodyCapped(res, limits.maxArchiveBytes)
  }
  if (archive === undefined) {
    builder.tree.warnings.push(
      `the repository is larger than ${Math.round(limits.maxArchiveBytes / 1048576)} MiB: only its manifests, README and a few code files were read`,
    )
    builder.tree.truncated = true
    await readThroughContents(spec, ref, builder, limits, call, base)
  } else {
    try {
      for (const entry of readTarGz(archive, limits.maxUnpackedBytes)) {
        if (entry.type !== 'file') continue
        const path = relativeArchivePath(entry.path, spec.subdir)
        if (path !== undefined) builder.offer(path, entry.data)
      }
    } catch (err) {
      if (!(err instanceof TarFormatError)) throw err
      throw new SourceUnavailableError(
        `GitHub's tarball could not be read: ${err.message}`,
        { upstream: 'github', operation: 'tarball', status: 200 },
        false,
        err,
      )
    }
  }
  if (spec.subdir && builder.tree.files.size === 0 && builder.tree.skipped.binary === 0) {
    throw new InvalidSourceError(`no readable files under ${spec.subdir} in ${repoName}`, {
      kind: 'github',
      status: 404,
      operation: 'subdirectory',
    })
  }
  return builder.tree
}

async function readThroughContents(
  spec: GitHubSourceSpec,
  ref: string,
  builder: SourceTreeBuilder,
  limits: SourceLimits,
  call: (url: string, operation: string, accept?: string) => Promise<Response>,
  base: string,
): Promise<void> {
  const list = async (dir: string) => {
    const url = `${base}/contents/${encodePath(dir)}?ref=${encodeURIComponent(ref)}`
    const parsed = z.array(ContentEntrySchema).safeParse(await (await call(url, 'contents')).json())
    return parsed.success ? parsed.data : []
  }
  const read = async (path: string) => {
    const url = `${base}/contents/${encodePath(path)}?ref=${encodeURIComponent(ref)}`
    const parsed = ContentFileSchema.safeParse(await (await call(url, 'contents')).json())
    if (!parsed.success || parsed.data.encoding !== 'base64') return
    const rel = spec.subdir ? path.slice(spec.subdir.length + 1) : path
    builder.offer(rel, Buffer.from(parsed.data.content, 'base64'))
  }
  const top = await list(spec.subdir)
  const wanted = top.filter((e) => e.type === 'file' && e.size <= limits.maxFileBytes)
  for (const entry of wanted) if (fileRole(entry.name) !== undefined) await read(entry.path)
  const srcDir = top.find((e) => e.type === 'dir' && e.name === 'src')
  if (srcDir) {
    const code = (await list(srcDir.path)).filter(
      (e) => e.type === 'file' && fileRole(e.name) === 'code' && e.size <= limits.maxFileBytes,
    )
    for (const entry of code.slice(0, CONTENTS_CODE_FILES)) await read(entry.path)
  }
}
