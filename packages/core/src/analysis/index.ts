export type { AnalysisCache, WithAnalysisCacheOptions } from './analysis-cache.js'
export {
  ANALYSIS_CACHE_TTL_MS,
  ANALYZER_VERSION,
  analysisCacheExpiry,
  analysisCacheKey,
  createMemoryAnalysisCache,
  withAnalysisCache,
} from './analysis-cache.js'
export { analysisResultFromRecord } from './analysis-record.js'
export type { AnalysisResult, AnalyzeOptions, Analyzer, Evidence } from './analysis-result.js'
export {
  ANALYSIS_RESULT_STATUSES,
  AnalysisResultSchema,
  EvidenceSchema,
} from './analysis-result.js'
export type { AnalysisGaps, StaticAnalysis } from './analyze-tree.js'
export { analyzeTree } from './analyze-tree.js'
export { DEFAULT_CLAUDE_MODEL } from './claude/ask-claude.js'
export type { ModelProposal } from './claude/model-proposal.js'
export type { AnalyzerOptions } from './create-analyzer.js'
export { createAnalyzer } from './create-analyzer.js'
export { isSecretEnvName, isToolingEnvName } from './detectors/env-names.js'
export type {
  GitHubSourceSpec,
  LocalSourceSpec,
  NpmSourceSpec,
  SourceSpec,
} from './source-spec.js'
export { normalizeSource, parseSource } from './source-spec.js'
export type { FetchLike } from './sources/http.js'
export { checkLocalDirectory } from './sources/local-source.js'
export { readNpmTarball } from './sources/npm-source.js'
export type { ReadSourceOptions } from './sources/read-source.js'
export { readSource } from './sources/read-source.js'
export { SourceUnavailableError } from './sources/source-errors.js'
export type { SourceLimits, SourceTree } from './sources/source-tree.js'
export { DEFAULT_SOURCE_LIMITS } from './sources/source-tree.js'
