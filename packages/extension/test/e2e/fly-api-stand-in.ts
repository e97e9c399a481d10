import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/** A stand-in for Fly's Machines API that can list (nothing) once, then refuses. */
export interface FlyApiStandIn {
  url: string
  /** `METHOD /path` of every request it got. */
  requests: string[]
  close(): Promise<void>
}

/**
 * Starts a Fly Machines API stand-in on a free loopback port. It answers the server's start-up
 * reconciliation (`GET /v1/apps`, then `GET /v1/orgs/<org>/machines`) with empty lists, and
 * refuses everything after it with 401, so the server offers Fly while its health check of Fly
 * fails, as with a Fly API that is slow or refuses a token. Nothing can be created on it.
 */
export async function startFlyApiStandIn(): Promise<FlyApiStandIn> {
  const requests: string[] = []
  let reconciled = false
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0] ?? ''
    requests.push(`${req.method} ${path}`)
    res.setHeader('content-type', 'application/json')
    if (!reconciled && req.method === 'GET' && path === '/v1/apps') {
      res.end(JSON.stringify({ total_apps: 0, apps: [] }))
    } else if (!reconciled && req.method === 'GET' && /^\/v1\/orgs\/[^/]+\/machines$/.test(path)) {
      reconciled = true
      res.end(JSON.stringify({ machines: [] }))
    } else {
      res.statusCode = 401
      res.end(JSON.stringify({ error: 'unauthorized' }))
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
