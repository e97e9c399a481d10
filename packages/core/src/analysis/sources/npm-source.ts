import { z } from 'zod'
import { InvalidSourceError } from '../../errors/index.js'
import type { NpmSourceSpec } from '../source-spec.js'
import { discardBody, type FetchLike, fetchWithTimeout, readBodyCapped } from './http.js'
import { SourceUnavailableError } from './source-errors.js'
import {
  DEFAULT_SOURCE_LIMITS,
  relativeArchivePath,
  type SourceLimits,
  type SourceTree,
  SourceTreeBuilder,
} from './source-tree.js'
import { readTarGz, TarFormatError } from './tar-reader.js'

/** Options of {@link readNpmSource}. */
export interface NpmSourceOptions {
  fetch?: FetchLike
  /** Default `https://registry.npmjs.org`. */
  registryUrl?: string
  limits?: Partial<SourceLimits>
  timeoutMs?: number
  signal?: AbortSignal
}

const ManifestSchema = z.object({
  name: z.string(),
  version: z.string(),
  dist: z.object({ tarball: z.string().url() }),
})

function npmError(res: Response, operation: string, name: string): Error {
  if (res.status === 404) {
    return new InvalidSourceError(`npm package ${name} (or that version) not found`, {
      kind: 'npm',
      status: 404,
      operation,
    })
  }
  return new SourceUnavailableError(
    `npm registry ${operation} request failed (${res.status})`,
    { upstream: 'npm', operation, status: res.status },
    res.status === 429 || res.status >= 500,
  )
}

/**
 * Reads an npm package's files from the registry: the version's manifest
 * (`/<name>/<version|latest>`), then its tarball, under the size caps.
 * `resolvedVersion` is the version the tag or default resolved to.
 * @throws `InvalidSourceError` for a package or version that does not exist;
 * {@link SourceUnavailableError} when the registry fails or the tarball is corrupt or too big.
 */
export async function readNpmSource(
  spec: NpmSourceSpec,
  opts: NpmSourceOptions = {},
): Promise<SourceTree> {
  const limits: SourceLimits = { ...DEFAULT_SOURCE_LIMITS, ...opts.limits }
  const registry = (opts.registryUrl ?? 'https://registry.npmjs.org').replace(/\/+$/, '')
  const fetchFn: FetchLike = opts.fetch ?? globalThis.fetch
  const get = async (url: string, operation: string, accept: string) => {
    const res = await fetchWithTimeout(
      fetchFn,
      url,
      { headers: { accept } },
      { upstream: 'npm', operation },
      { timeoutMs: opts.timeoutMs, signal: opts.signal },
    )
    if (!res.ok) {
      discardBody(res)
      throw npmError(res, operation, spec.name)
    }
    return res
  }
  const encoded = spec.name.replace('/', '%2f')
  const metaRes = await get(
    `${registry}/${encoded}/${encodeURIComponent(spec.version ?? 'latest')}`,
    'package',
    'application/json',
  )
  const manifest = ManifestSchema.safeParse(await metaRes.json().catch(() => undefined))
  if (!manifest.success) {
    throw new SourceUnavailableError(
      'the npm registry answered with an unexpected package shape',
      { upstream: 'npm', operation: 'package', status: metaRes.status },
      false,
    )
  }
  const tarballUrl = new URL(manifest.data.dist.tarball)
  if (tarballUrl.protocol !== 'https:' && tarballUrl.origin !== new URL(registry).origin) {
    throw new SourceUnavailableError(
      'the npm tarball is not served over https',
      { upstream: 'npm', operation: 'tarball', status: undefined },
      false,
    )
  }
  const tarRes = await get(tarballUrl.href, 'tarball', 'application/octet-stream')
  const archive = await readBodyCapped(tarRes, limits.maxArchiveBytes)
  if (archive === undefined) {
    throw new SourceUnavailableError(
      `the npm tarball is larger than ${Math.round(limits.maxArchiveBytes / 1048576)} MiB`,
      { upstream: 'npm', operation: 'tarball', status: tarRes.status },
      false,
    )
  }
  const tree = readNpmTarball(archive, limits)
  tree.resolvedVersion = manifest.data.version
  return tree
}

/**
 * Reads the files of an npm tarball (`package/…`) already in memory, under the size caps.
 * @throws {@link SourceUnavailableError} for a corrupt archive.
 */
export function readNpmTarball(
  archive: Uint8Array,
  limits: SourceLimits = DEFAULT_SOURCE_LIMITS,
): SourceTree {
  const builder = new SourceTreeBuilder(limits)
  try {
    for (const entry of readTarGz(archive, limits.maxUnpackedBytes)) {
      if (entry.type !== 'file') continue
      const path = relativeArchivePath(entry.path, '')
      if (path !== undefined) builder.offer(path, entry.data)
    }
  } catch (err) {
    if (!(err instanceof TarFormatError)) throw err
    throw new SourceUnavailableError(
      `the npm tarball could not be read: ${err.message}`,
      { upstream: 'npm', operation: 'tarball', status: 200 },
      false,
      err,
    )
  }
  return builder.tree
}
