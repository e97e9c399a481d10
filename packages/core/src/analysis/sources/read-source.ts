import type { SourceSpec } from '../source-spec.js'
import { readGitHubSource } from './github-source.js'
import type { FetchLike } from './http.js'
import { readLocalSource } from './local-source.js'
import { readNpmSource } from './npm-source.js'
import type { SourceLimits, SourceTree } from './source-tree.js'

/** Options of {@link readSource}: what each kind of source needs. */
export interface ReadSourceOptions {
  githubToken?: string
  fetch?: FetchLike
  githubApiUrl?: string
  npmRegistryUrl?: string
  limits?: Partial<SourceLimits>
  timeoutMs?: number
  signal?: AbortSignal
}

/**
 * Reads the files of any source kind. Throws what the kind's reader throws
 * (`InvalidSourceError`, `SourceUnavailableError`).
 */
export function readSource(spec: SourceSpec, opts: ReadSourceOptions = {}): Promise<SourceTree> {
  const common = {
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
    ...(opts.limits ? { limits: opts.limits } : {}),
    ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
  }
  switch (spec.kind) {
    case 'github':
      return readGitHubSource(spec, {
        ...common,
        ...(opts.githubToken ? { token: opts.githubToken } : {}),
        ...(opts.githubApiUrl ? { apiBaseUrl: opts.githubApiUrl } : {}),
      })
    case 'npm':
      return readNpmSource(spec, {
        ...common,
        ...(opts.npmRegistryUrl ? { registryUrl: opts.npmRegistryUrl } : {}),
      })
    case 'local':
      return readLocalSource(spec, opts.limits ? { limits: opts.limits } : {})
  }
}
