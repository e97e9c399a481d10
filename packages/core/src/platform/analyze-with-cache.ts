import { createHash } from 'node:crypto'
import type { Analyzer } from '../analysis/analysis-result.js'
import type { Clock } from '../clock.js'
import { McpRemoteError } from '../errors/index.js'
import { newId } from '../store/index.js'
import type { AnalysisRecord } from '../store/records.js'
import type { Store } from '../store/store.js'

/** Analyses stay cached this long (DESIGN.md §2). */
export const ANALYSIS_TTL_MS = 24 * 60 * 60 * 1000

/** Bumped whenever detectors change what they find, so old cache entries stop matching. */
export const ANALYZER_VERSION = '1'

/** SHA-256 of the normalized source and the analyzer version: the cache key. */
export function cacheKeyFor(normalizedSource: string): string {
  return createHash('sha256').update(`${normalizedSource}\n${ANALYZER_VERSION}`).digest('hex')
}

/**
 * Runs `analyzer` on `source` unless a fresh cached result exists (`refresh` bypasses it),
 * and records the analysis. An analyzer that throws an `McpRemoteError` (a bad source)
 * rethrows it; anything else is recorded as a `failed` analysis.
 */
export async function analyzeWithCache(
  store: Store,
  analyzer: Analyzer,
  source: string,
  opts: { refresh?: boolean; clock: Clock; normalize?: (s: string) => string },
): Promise<AnalysisRecord> {
  const normalized = opts.normalize ? opts.normalize(source) : source.trim()
  const key = cacheKeyFor(normalized)
  const now = new Date(opts.clock.now())
  if (!opts.refresh) {
    const cached = await store.analyses.getCached(key, now)
    if (cached) return cached
  }
  const record = await store.analyses.insert({
    id: newId('ana'),
    source: normalized,
    cache_key: key,
    status: 'analyzing',
    config: null,
    evidence: [],
    warnings: [],
    error: null,
  })
  try {
    const result = await analyzer.analyze(normalized, { refresh: opts.refresh ?? false })
    const done = await store.analyses.update(record.id, {
      status: result.status,
      config: result.config,
      evidence: result.evidence,
      warnings: result.warnings,
    })
    if (result.status !== 'failed') {
      await store.analyses.putCache(key, record.id, new Date(now.getTime() + ANALYSIS_TTL_MS))
    }
    return done
  } catch (err) {
    const error =
      err instanceof McpRemoteError
        ? err.toJSON()
        : { error: 'analysis_failed', message: 'analysis failed', details: {}, retry_allowed: true }
    await store.analyses.update(record.id, { status: 'failed', error })
    if (err instanceof McpRemoteError) throw err
    throw new McpRemoteError('analysis_failed', 'analysis failed', {
      details: { analysis_id: record.id },
      retryAllowed: true,
      cause: err,
    })
  }
}
