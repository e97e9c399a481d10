export { toAnalysisView } from './analysis-view.js'
export type { DeployPlatform, ResolveDeployOptions } from './create-deployment.js'
export { createDeployment, resolveDeployInput } from './create-deployment.js'
export { assertRemoteSource } from './remote-source.js'
