import { analysisCacheExpiry, analysisCacheKey } from '../analysis/analysis-cache.js'
import type { Analyzer } from '../analysis/analysis-result.js'
import { normalizeSource, parseSource } from '../analysis/source-spec.js'
import type { Clock } from '../clock.js'
import { McpRemoteError } from '../errors/index.js'
import { newId } from '../store/index.js'
import type { AnalysisRecord } from '../store/records.js'
import type { Store } from '../store/store.js'

/**
 * Runs `analyzer` on `source` unless the store holds a fresh cached analysis of it (`refresh`
 * bypasses the cache; local directories are never cached), and records the analysis in
 * `analyses` so clients can refer to it by id. A source that cannot be read rethrows its
 * `McpRemoteError` after recording the failure; anything else becomes `analysis_failed`.
 */
export async function analyzeWithCache(
  store: Store,
  analyzer: Analyzer,
  source: string,
  opts: { refresh?: boolean; clock: Clock },
): Promise<AnalysisRecord> {
  const spec = parseSource(source)
  const normalized = normalizeSource(spec)
  const cacheable = spec.kind !== 'local'
  const key = analysisCacheKey(spec)
  const now = new Date(opts.clock.now())
  if (cacheable && !opts.refresh) {
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
    const result = await analyzer.analyze(source, { refresh: opts.refresh ?? false })
    const done = await store.analyses.update(record.id, {
      status: result.status,
      config: result.config,
      evidence: result.evidence,
      warnings: result.warnings,
    })
    if (cacheable && result.status !== 'failed') {
      await store.analyses.putCache(key, record.id, analysisCacheExpiry(opts.clock.now()))
    }
    return done
  } catch (err) {
    const failure =
      err instanceof McpRemoteError
        ? err
        : new McpRemoteError('analysis_failed', 'analysis failed', {
            details: { analysis_id: record.id },
            retryAllowed: true,
            cause: err,
          })
    await store.analyses.update(record.id, { status: 'failed', error: failure.toJSON() })
    throw failure
  }
}
