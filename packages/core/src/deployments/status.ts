/** The statuses of a deployment (DESIGN.md §3). */
export const DEPLOYMENT_STATUSES = [
  'deploying',
  'running',
  'unhealthy',
  'stopped',
  'failed',
] as const
/** A deployment's status. */
export type DeploymentStatus = (typeof DEPLOYMENT_STATUSES)[number]
