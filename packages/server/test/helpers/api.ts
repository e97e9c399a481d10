import type { DeploymentView } from '@mcp-remote/core'
import type { ResponseContract } from './response-contract.js'

/**
 * A tiny JSON client for a server under test. With a `contract`, every JSON answer is also
 * checked against the server's own OpenAPI document.
 */
export function api(base: string, token: string, contract?: ResponseContract) {
  async function call(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined
        ? {}
        : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    })
    const text = await res.text()
    const json = (text ? JSON.parse(text) : null) as Record<string, unknown>
    if (contract && res.headers.get('content-type')?.startsWith('application/json')) {
      contract.check(method, path, res.status, json)
    }
    return { status: res.status, headers: res.headers, text, json }
  }
  return {
    call,
    /** Polls a deployment until its status is one of `statuses`. */
    async waitFor(id: string, statuses: string[], timeoutMs = 120_000): Promise<DeploymentView> {
      const deadline = Date.now() + timeoutMs
      for (;;) {
        const res = await call('GET', `/api/deployments/${id}`)
        const view = res.json as unknown as DeploymentView
        if (res.status === 200 && statuses.includes(view.status)) return view
        if (Date.now() > deadline) throw new Error(`${id} stayed ${view?.status ?? res.status}`)
        await new Promise((r) => setTimeout(r, 500))
      }
    },
  }
}
