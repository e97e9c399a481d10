import { type AnalysisRecord, DeploymentConfigSchema, EvidenceSchema } from '@mcp-remote/core'
import { z } from 'zod'
import type { AnalysisView } from '../schemas/index.js'

const EvidenceListSchema = z.array(EvidenceSchema)
const WarningsSchema = z.array(z.string())
const ErrorSchema = z.record(z.string(), z.unknown())

/**
 * An analysis row as the API shows it. The row's JSON columns are re-checked: a column that
 * does not fit its schema shows as empty rather than as unchecked data.
 */
export function toAnalysisView(record: AnalysisRecord): AnalysisView {
  const config = DeploymentConfigSchema.safeParse(record.config)
  const evidence = EvidenceListSchema.safeParse(record.evidence)
  const warnings = WarningsSchema.safeParse(record.warnings)
  const error = ErrorSchema.safeParse(record.error)
  return {
    id: record.id,
    source: record.source,
    status: record.status,
    config: config.success ? config.data : null,
    evidence: evidence.success ? evidence.data : [],
    warnings: warnings.success ? warnings.data : [],
    error: error.success ? error.data : null,
    created_at: record.created_at.toISOString(),
    updated_at: record.updated_at.toISOString(),
  }
}
