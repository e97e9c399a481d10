import { z } from 'zod'
import { DeploymentConfigSchema } from '../config/index.js'

/** Where a finding comes from: which detector, which file, which line (1-based, or null). */
export const EvidenceSchema = z.object({
  /** The config field this supports: `package_name`, `run_command`, `env_vars.GITHUB_TOKEN`, … */
  field: z.string(),
  detector: z.string(),
  file: z.string(),
  line: z.number().int().nullable(),
  /** A short, secret-free excerpt or explanation. */
  note: z.string().optional(),
})

/** Evidence for one finding. */
export type Evidence = z.infer<typeof EvidenceSchema>

/** The statuses an analysis ends in. */
export const ANALYSIS_RESULT_STATUSES = ['complete', 'partial', 'failed'] as const

/** What analysis found: a validated config (null when it failed), evidence and warnings. */
export const AnalysisResultSchema = z.object({
  status: z.enum(ANALYSIS_RESULT_STATUSES),
  config: DeploymentConfigSchema.nullable(),
  evidence: z.array(EvidenceSchema),
  warnings: z.array(z.string()),
})

/** The result of analyzing one source. */
export type AnalysisResult = z.infer<typeof AnalysisResultSchema>

/** Options for {@link Analyzer.analyze}. */
export interface AnalyzeOptions {
  /** Bypass the cache. */
  refresh?: boolean
  signal?: AbortSignal
}

/**
 * Turns a source (GitHub URL, `npm:<pkg>[@ver]`, or a local directory) into a deployment
 * config with evidence. Throws `InvalidSourceError` for a source it cannot read; returns a
 * `partial` or `failed` result, never throws, for a source it can read but not settle.
 */
export interface Analyzer {
  analyze(source: string, opts?: AnalyzeOptions): Promise<AnalysisResult>
}
