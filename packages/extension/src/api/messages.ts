import type { Settings } from '../settings'
import { type ApiRequest, IDEMPOTENCY_KEY } from './api-client'

/** Message type: run one API call in the background worker. */
export const API_MESSAGE = 'mcp-remote/api'
/** Message type: test a server URL and token (saved or not yet saved). */
export const TEST_CONNECTION_MESSAGE = 'mcp-remote/test-connection'

/** Message type: open the options page (content scripts cannot do it themselves). */
export const OPEN_OPTIONS_MESSAGE = 'mcp-remote/open-options'

/** What the content script, popup and options page send the background worker. */
export type ExtensionMessage =
  | { type: typeof API_MESSAGE; request: ApiRequest }
  | { type: typeof TEST_CONNECTION_MESSAGE; settings: Settings }
  | { type: typeof OPEN_OPTIONS_MESSAGE }

/** True for a message this extension's background worker understands. */
export function isExtensionMessage(value: unknown): value is ExtensionMessage {
  if (typeof value !== 'object' || value === null) return false
  const m = value as { type?: unknown; request?: unknown; settings?: unknown }
  if (m.type === API_MESSAGE) {
    const r = m.request as Partial<ApiRequest> | undefined
    return (
      typeof r === 'object' &&
      r !== null &&
      (r.method === 'GET' || r.method === 'POST' || r.method === 'DELETE') &&
      typeof r.path === 'string' &&
      r.path.startsWith('/api/') &&
      (r.idempotencyKey === undefined ||
        (typeof r.idempotencyKey === 'string' && IDEMPOTENCY_KEY.test(r.idempotencyKey)))
    )
  }
  if (m.type === OPEN_OPTIONS_MESSAGE) return true
  if (m.type === TEST_CONNECTION_MESSAGE) {
    const s = m.settings as Partial<Settings> | undefined
    return typeof s === 'object' && s !== null && typeof s.serverUrl === 'string'
  }
  return false
}
