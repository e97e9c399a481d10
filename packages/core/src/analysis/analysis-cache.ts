import { createHash } from 'node:crypto'
import type { Clock } from '../clock.js'
import { systemClock } from '../clock.js'
import type { AnalysisResult, AnalyzeOptions, Analyzer } from './analysis-result.js'
import { normalizeSource, parseSource, type SourceSpec } from './source-spec.js'

/**
 * The analyzer's version: part of every cache key, so a change in what analysis finds
 * invalidates old entries. Bump it whenever detectors or merge rules change.
 */
export const ANALYZER_VERSION = 'analysis/1'

/** How long a cached analysis stays valid: 24 hours, in milliseconds. */
export const ANALYSIS_CACHE_TTL_MS = 24 * 60 * 60 * 1000

function refOf(spec: SourceSpec): string {
  if (spec.kind === 'github') return spec.ref ?? ''
  if (spec.kind === 'npm') return spec.version ?? ''
  return ''
}

/**
 * The cache key of a source: hex SHA-256 of its normalized text, its ref (git ref or npm
 * version, `''` for the default) and the analyzer version (DESIGN.md §2 `analysis_cache`).
 * @throws `InvalidSourceError` when `source` does not parse.
 */
export function analysisCacheKey(
  source: string | SourceSpec,
  analyzerVersion: string = ANALYZER_VERSION,
): string {
  const spec = typeof source === 'string' ? parseSource(source) : source
  return createHash('sha256')
    .update(JSON.stringify([normalizeSource(spec), refOf(spec), analyzerVersion]))
    .digest('hex')
}

/** When an entry written at `now` (ms since the epoch) expires. */
export function analysisCacheExpiry(now: number): Date {
  return new Date(now + ANALYSIS_CACHE_TTL_MS)
}

/**
 * Where cached analyses live. The platform implements it over the store's
 * `AnalysisRepository` (`getCached` / `insert` + `putCache`); {@link createMemoryAnalysisCache}
 * is the in-process one.
 */
export interface AnalysisCache {
  /** The result cached under `key`, if it has not expired at `now`. */
  get(key: string, now: Date): Promise<AnalysisResult | undefined>
  /** Stores `result` under `key` until `expiresAt`. */
  put(key: string, result: AnalysisResult, expiresAt: Date): Promise<void>
}

/** An {@link AnalysisCache} in a `Map`: for tests, the CLI and benchmarks. */
export function createMemoryAnalysisCache(): AnalysisCache & { readonly size: number } {
  const entries = new Map<string, { result: AnalysisResult; expiresAt: number }>()
  return {
    get size() {
      return entries.size
    },
    async get(key, now) {
      const entry = entries.get(key)
      if (!entry) return undefined
      if (entry.expiresAt <= now.getTime()) {
        entries.delete(key)
        return undefined
      }
      return entry.result
    },
    async put(key, result, expiresAt) {
      entries.set(key, { result, expiresAt: expiresAt.getTime() })
    },
  }
}

/** Options of {@link withAnalysisCache}. */
export interface WithAnalysisCacheOptions {
  clock?: Clock
  analyzerVersion?: string
}

/**
 * Wraps an {@link Analyzer} with a cache: a hit skips analysis unless `refresh` is set.
 * Only `complete` and `partial` results are cached (a failure may be fixed by retrying), and
 * local directories never are (their files change under the same path).
 */
export function withAnalysisCache(
  analyzer: Analyzer,
  cache: AnalysisCache,
  opts: WithAnalysisCacheOptions = {},
): Analyzer {
  const clock = opts.clock ?? systemClock
  return {
    async analyze(source: string, analyzeOpts: AnalyzeOptions = {}): Promise<AnalysisResult> {
      const spec = parseSource(source)
      if (spec.kind === 'local') return analyzer.analyze(source, analyzeOpts)
      const key = analysisCacheKey(spec, opts.analyzerVersion)
      if (!analyzeOpts.refresh) {
        const hit = await cache.get(key, new Date(clock.now()))
        if (hit) return hit
      }
      const result = await analyzer.analyze(source, analyzeOpts)
      if (result.status !== 'failed') {
        await cache.put(key, result, analysisCacheExpiry(clock.now()))
      }
      return result
    },
  }
}
