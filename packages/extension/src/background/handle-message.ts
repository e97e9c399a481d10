import type { ApiResult } from '../api/api-client'
import { createApiClient } from '../api/api-client'
import { notConfiguredFailure } from '../api/api-failure'
import { type ConnectionReport, testConnection } from '../api/connection-test'
import { API_MESSAGE, isExtensionMessage, OPEN_OPTIONS_MESSAGE } from '../api/messages'
import { checkServerUrl, loadSettings, type SettingsStorage } from '../settings'

/** What the background worker's message handler needs from the world. */
export interface BackgroundDeps {
  storage: SettingsStorage
  extensionOrigin: string
  fetch?: typeof fetch
  /** Opens the extension's options page. */
  openOptions?: () => Promise<void>
}

/**
 * Answers one message from the content script, popup or options page: runs an API call with
 * the saved settings and token, or tests a connection. Returns `undefined` for messages that
 * are not ours. The token is read here and never leaves the worker.
 */
export async function handleMessage(
  message: unknown,
  deps: BackgroundDeps,
): Promise<ApiResult | ConnectionReport | undefined> {
  if (!isExtensionMessage(message)) return undefined
  if (message.type === API_MESSAGE) {
    const settings = await loadSettings(deps.storage)
    const url = checkServerUrl(settings.serverUrl)
    const needsToken = message.request.auth !== false
    if (!url.ok || (needsToken && !settings.apiToken)) {
      return { ok: false, failure: notConfiguredFailure() }
    }
    const client = createApiClient({
      serverUrl: url.url,
      token: settings.apiToken,
      extensionOrigin: deps.extensionOrigin,
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
    })
    return client.request(message.request)
  }
  if (message.type === OPEN_OPTIONS_MESSAGE) {
    await deps.openOptions?.()
    return undefined
  }
  return testConnection(message.settings, {
    extensionOrigin: deps.extensionOrigin,
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
  })
}
