// @vitest-environment node
import { describe, expect, it } from 'vitest'
import type { ApiRequest, ApiResult } from '../api/api-client'
import { createExtensionApi } from '../api/extension-api'
import { API_MESSAGE } from '../api/messages'
import type { CreateDeploymentBody } from '../api/wire-types'
import { handleMessage } from './handle-message'

/** A worker with saved settings whose fetch records what it is asked to send. */
function worker() {
  const sent: Array<{ url: string; headers: Record<string, string> }> = []
  const deps = {
    storage: {
      get: async () => ({ serverUrl: 'http://127.0.0.1:8787', apiToken: 'tok-secret' }),
      set: async () => {},
    },
    extensionOrigin: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop',
    fetch: (async (url: string, init?: RequestInit) => {
      sent.push({ url, headers: { ...(init?.headers as Record<string, string>) } })
      return new Response(JSON.stringify({ id: 'dep_1', status: 'deploying' }), {
        status: 202,
        headers: { 'content-type': 'application/json' },
      })
    }) as typeof fetch,
  }
  // As runtime messaging does: the message arrives as a structured clone, not the object sent.
  const deliver = (message: unknown) => handleMessage(structuredClone(message), deps)
  return { sent, deliver }
}

const body = {
  analysis_id: 'ana_1',
  runtime: 'local',
  credentials: {},
} as unknown as CreateDeploymentBody

describe('handleMessage', () => {
  it('passes a deploy’s Idempotency-Key from the page through to the server', async () => {
    const { sent, deliver } = worker()
    const api = createExtensionApi(
      async (request: ApiRequest) => (await deliver({ type: API_MESSAGE, request })) as ApiResult,
    )
    const key = '4f0e2c9a-6b1d-4e53-9a7e-2d8c1f3b5a60'
    expect((await api.createDeployment(body, key)).ok).toBe(true)
    expect(sent).toHaveLength(1)
    expect(sent[0]?.url).toBe('http://127.0.0.1:8787/api/deployments')
    expect(sent[0]?.headers['idempotency-key']).toBe(key)
    expect(sent[0]?.headers.authorization).toBe('Bearer tok-secret')

    expect((await api.createDeployment(body)).ok).toBe(true)
    expect(sent[1]?.headers).not.toHaveProperty('idempotency-key')
  })

  it.each([
    ['empty', ''],
    ['too long', 'k'.repeat(256)],
    ['with a space', 'a b'],
    ['with a line break', 'a\r\nx-evil: 1'],
    ['not a string', 42],
  ])('does not take a message whose key is %s, and sends nothing', async (_, idempotencyKey) => {
    const { sent, deliver } = worker()
    const request = { method: 'POST', path: '/api/deployments', body, idempotencyKey }
    expect(await deliver({ type: API_MESSAGE, request })).toBeUndefined()
    expect(sent).toEqual([])
  })
})
