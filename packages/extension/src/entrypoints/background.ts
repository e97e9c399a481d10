import { browser } from 'wxt/browser'
import { defineBackground } from 'wxt/utils/define-background'
import { handleMessage } from '../background/handle-message'
import type { SettingsStorage } from '../settings'

export default defineBackground(() => {
  const area = browser.storage.local
  const storage: SettingsStorage = {
    get: (keys) => area.get(keys),
    set: (items) => area.set(items),
  }
  // Content scripts need no storage: keep the API token out of their reach entirely.
  try {
    area.setAccessLevel?.({ accessLevel: 'TRUSTED_CONTEXTS' })?.catch(() => undefined)
  } catch {
    // Older Chrome: content scripts still never ask for the token.
  }

  browser.runtime.onMessage.addListener((message, sender, sendResponse) => {
    if (sender.id !== browser.runtime.id) return false
    const origin = new URL(browser.runtime.getURL('/')).origin
    handleMessage(message, {
      storage,
      extensionOrigin: origin,
      openOptions: () => browser.runtime.openOptionsPage(),
    }).then(sendResponse, () => sendResponse(undefined))
    return true
  })
})
