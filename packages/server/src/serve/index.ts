export { platformOptionsFor } from './platform-options.js'
export type { RunningServer, StartServerOptions } from './start-server.js'
export { startServer } from './start-server.js'
