import { browser } from 'wxt/browser'
import type { Settings } from '../settings'
import type { ApiRequest, ApiResult } from './api-client'
import { extensionFailure } from './api-failure'
import type { ConnectionReport } from './connection-test'
import {
  API_MESSAGE,
  type ExtensionMessage,
  OPEN_OPTIONS_MESSAGE,
  TEST_CONNECTION_MESSAGE,
} from './messages'

async function send<T>(message: ExtensionMessage): Promise<T | undefined> {
  return (await browser.runtime.sendMessage(message)) as T | undefined
}

/**
 * Hands an API request to the background worker, which holds the token and makes the call.
 * Content scripts and extension pages use this; none of them ever sees the token.
 */
export async function sendViaBackground(request: ApiRequest): Promise<ApiResult> {
  try {
    const answer = await send<ApiResult>({ type: API_MESSAGE, request })
    return (
      answer ?? { ok: false, failure: extensionFailure('no answer from the background worker') }
    )
  } catch (err) {
    const reason = err instanceof Error ? err.message : 'messaging failed'
    return { ok: false, failure: extensionFailure(reason) }
  }
}

/** Asks the background worker to test a server URL and token. */
export async function testConnectionViaBackground(settings: Settings): Promise<ConnectionReport> {
  try {
    const answer = await send<ConnectionReport>({ type: TEST_CONNECTION_MESSAGE, settings })
    if (answer) return answer
  } catch {
    // reported below
  }
  return {
    ok: false,
    problem: 'unreachable',
    message: 'The extension’s background worker did not answer. Reload the extension.',
    runtimes: [],
    version: null,
  }
}

/** Asks the background worker to open the options page. */
export function openOptionsViaBackground(): void {
  void send({ type: OPEN_OPTIONS_MESSAGE }).catch(() => undefined)
}
