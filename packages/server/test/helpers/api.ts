import type { DeploymentView } from '@mcp-remote/core'

/** A tiny JSON client for a server under test. */
export function api(base: string, token: string) {
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
    return {
      status: res.status,
      headers: res.headers,
      text,
      json: (text ? JSON.parse(text) : null) as Record<string, unknown>,
    }
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
