import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/** A stand-in for a service the test must not need (e.g. the npm registry): it records, and fails. */
export interface RequestTrap {
  url: string
  /** `METHOD /path` of every request it got. */
  requests: string[]
  close(): Promise<void>
}

/** Starts a trap on a free loopback port; it answers every request 503. */
export async function startRequestTrap(): Promise<RequestTrap> {
  const requests: string[] = []
  const server: Server = createServer((req, res) => {
    requests.push(`${req.method} ${(req.url ?? '').split('?')[0]}`)
    res.statusCode = 503
    res.setHeader('content-type', 'application/json')
    res.end(JSON.stringify({ error: 'this e2e must not reach this service' }))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
