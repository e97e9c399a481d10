export type { AnalysisView } from './analysis.js'
export {
  AnalysisIdParamSchema,
  AnalysisViewSchema,
  AnalyzeBodySchema,
  AnalyzeQuerySchema,
} from './analysis.js'
export type { CostQuery } from './cost.js'
export { CostQuerySchema } from './cost.js'
export type { CreateDeploymentBody, DeploymentConfigPatch } from './deployment.js'
export {
  CostEstimateSchema,
  CreateDeploymentBodySchema,
  DeploymentConfigPatchSchema,
  DeploymentEventSchema,
  DeploymentIdParamSchema,
  DeploymentListSchema,
  DeploymentViewSchema,
  EndpointsSchema,
} from './deployment.js'
export { ErrorBodySchema } from './error-body.js'
export type { HealthReport } from './health.js'
export { HealthReportSchema } from './health.js'
