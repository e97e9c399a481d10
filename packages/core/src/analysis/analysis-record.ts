import type { AnalysisRecord } from '../store/records.js'
import { type AnalysisResult, AnalysisResultSchema } from './analysis-result.js'

/**
 * The {@link AnalysisResult} a stored `analyses` row holds, re-validated (JSON columns are
 * outside data), or `undefined` while the row is still `analyzing` or when what it holds no
 * longer fits the schema (e.g. written by an older analyzer) — treat that as a cache miss.
 */
export function analysisResultFromRecord(
  record: Pick<AnalysisRecord, 'status' | 'config' | 'evidence' | 'warnings'>,
): AnalysisResult | undefined {
  if (record.status === 'analyzing') return undefined
  const parsed = AnalysisResultSchema.safeParse({
    status: record.status,
    config: record.config ?? null,
    evidence: record.evidence ?? [],
    warnings: record.warnings ?? [],
  })
  return parsed.success ? parsed.data : undefined
}
