import { browser } from 'wxt/browser'
import { testConnectionViaBackground } from '../api/send-via-background'
import {
  hostPermissionPattern,
  loadSettings,
  type SettingsStorage,
  saveSettings,
} from '../settings'
import type { OptionsPorts } from './options-form'

/** Hosts the manifest grants at install (`host_permissions`); others are asked for on save. */
const DEFAULT_HOST_PATTERNS = ['http://127.0.0.1/*', 'http://localhost/*']

/** The options form's ports backed by Chrome: storage, permissions and the background worker. */
export function browserOptionsPorts(): OptionsPorts {
  const area = browser.storage.local
  const storage: SettingsStorage = {
    get: (keys) => area.get(keys),
    set: (items) => area.set(items),
  }
  return {
    load: () => loadSettings(storage),
    save: (settings) => saveSettings(storage, settings),
    ensureAccess: async (serverUrl) => {
      const pattern = hostPermissionPattern(serverUrl)
      if (DEFAULT_HOST_PATTERNS.includes(pattern)) return true
      try {
        // No await before this call: Chrome asks only within the click's user gesture.
        return await browser.permissions.request({ origins: [pattern] })
      } catch {
        return false
      }
    },
    testConnection: testConnectionViaBackground,
    extensionOrigin: new URL(browser.runtime.getURL('/')).origin,
  }
}
