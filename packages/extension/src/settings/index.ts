export type { ServerUrlCheck, Settings, SettingsStorage } from './settings'
export {
  checkServerUrl,
  DEFAULT_SERVER_URL,
  hostPermissionPattern,
  isLoopbackHost,
  loadSettings,
  saveSettings,
} from './settings'
