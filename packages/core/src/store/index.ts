export {
  CHANGE_CHANNEL,
  CHANGED_ALL,
  type ChangeFeed,
  type ChangeListener,
} from './change-feed.js'
export {
  type CreateStoreOptions,
  createStore,
  DEFAULT_PGLITE_DATA_DIR,
  type SqlStore,
} from './create-store.js'
export { newId } from './ids.js'
export { MIGRATIONS } from './migrations.js'
export { PGliteDialect } from './pglite-dialect.js'
export type {
  AnalysisRecord,
  AnalysisStatus,
  DeployLease,
  Deployment,
  DeploymentEventRecord,
  DeploymentPatch,
  NewDeployment,
  NewDeploymentEvent,
} from './records.js'
export type {
  AnalysesTable,
  AnalysisCacheTable,
  CredentialsTable,
  Database,
  DeploymentEventsTable,
  DeploymentsTable,
} from './schema.js'
export type {
  AnalysisRepository,
  CredentialRepository,
  DeploymentRepository,
  EventRepository,
  Store,
} from './store.js'
