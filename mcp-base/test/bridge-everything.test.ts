import { request as httpRequest } from 'node:http'
import {
  Client as ClientV2,
  SSEClientTransport as SSEClientTransportV2,
  StreamableHTTPClientTransport as StreamableHTTPClientTransportV2,
} from '@modelcontextprotocol/client'
import type { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type AuthMode,
  authHeaders,
  connectV1,
  EVERYTHING,
  endpoint,
  firstText,
  startTestBridge,
  type TestBridge,
  TOKEN,
  type TransportKind,
} from './helpers.js'

let t: TestBridge
const clients: Array<{ close(): Promise<void> }> = []

beforeAll(async () => {
  t = await startTestBridge(EVERYTHING, { allowAnyCommand: true })
})

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close().catch(() => {})))
  await t?.bridge.close()
})

async function v1(kind: TransportKind, auth: AuthMode): Promise<Client> {
  const client = await connectV1(t.bridge, kind, auth)
  clients.push(client)
  return client
}

function rawRequest(
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; body: string }> {
  const url = new URL(t.bridge.url)
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path,
        method: options.method ?? 'GET',
        headers: options.headers,
      },
      (res) => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => {
          body += chunk
          // SSE streams never end on their own; the status is all these tests need.
          if (res.headers['content-type']?.includes('text/event-stream')) res.destroy()
        })
        res.on('close', () => resolve({ status: res.statusCode ?? 0, body }))
      },
    )
    req.on('error', reject)
    req.end(options.body)
  })
}

const initializeBody = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: {
    protocolVersion: '2025-06-18',
    capabilities: {},
    clientInfo: { name: 'raw', version: '1' },
  },
})
const mcpHeaders = {
  'Content-Type': 'application/json',
  Accept: 'application/json, text/event-stream',
}

describe('bridge over server-everything', () => {
  it.each([
    ['sse', 'path'],
    ['sse', 'bearer'],
    ['sse', 'api-key'],
    ['http', 'path'],
    ['http', 'bearer'],
    ['http', 'api-key'],
  ] as const)('echoes over %s with a %s token (SDK 1.x client)', async (kind, auth) => {
    const client = await v1(kind, auth)
    expect(client.getServerVersion()?.name).toBe('mcp-servers/everything')
    const result = await client.callTool({
      name: 'echo',
      arguments: { message: `${kind}-${auth}` },
    })
    expect(firstText(result)).toBe(`Echo: ${kind}-${auth}`)
  })

  it.each(['sse', 'http'] as const)('echoes over %s with the SDK 2.x client', async (kind) => {
    const client = new ClientV2({ name: 'v2-client', version: '2.0.0' })
    const url = endpoint(t.bridge, kind, 'bearer')
    const requestInit = { headers: authHeaders('bearer') }
    await client.connect(
      kind === 'sse'
        ? new SSEClientTransportV2(url, {
            requestInit,
            eventSourceInit: {
              fetch: (input, init) =>
                fetch(input, {
                  ...init,
                  headers: { ...(init?.headers ?? {}), ...authHeaders('bearer') },
                }),
            },
          })
        : new StreamableHTTPClientTransportV2(url, { requestInit }),
    )
    clients.push(client)
    const result = await client.callTool({ name: 'echo', arguments: { message: 'v2' } })
    expect(firstText(result)).toBe('Echo: v2')
  })

  it('serves an SDK 2.x client that probes for the 2026 protocol, as a legacy server', async () => {
    const client = new ClientV2(
      { name: 'v2-auto', version: '2.0.0' },
      { versionNegotiation: { mode: 'auto' } },
    )
    await client.connect(new StreamableHTTPClientTransportV2(endpoint(t.bridge, 'http', 'path')))
    clients.push(client)
    expect(client.getProtocolEra()).toBe('legacy')
    const result = await client.callTool({ name: 'echo', arguments: { message: 'auto' } })
    expect(firstText(result)).toBe('Echo: auto')
  })

  it('delivers progress notifications before the result, to the session that asked', async () => {
    const client = await v1('http', 'path')
    const other = await v1('sse', 'path')
    const otherEvents: unknown[] = []
    other.fallbackNotificationHandler = async (n) => {
      otherEvents.push(n)
    }
    const events: string[] = []
    const call = other.callTool({ name: 'echo', arguments: { message: 'busy' } })
    const result = await client.callTool(
      { name: 'trigger-long-running-operation', arguments: { duration: 0.3, steps: 3 } },
      undefined,
      { onprogress: (p) => events.push(`progress ${p.progress}/${p.total}`) },
    )
    events.push('result')
    await call
    expect(firstText(result)).toContain('Long running operation completed')
    expect(events).toEqual(['progress 1/3', 'progress 2/3', 'progress 3/3', 'result'])
    expect(otherEvents).toEqual([])
  })

  it('lets two sessions use the same request ids without mixing their answers', async () => {
    const [a, b] = await Promise.all([v1('http', 'path'), v1('http', 'bearer')])
    const calls = Array.from({ length: 20 }, (_, i) =>
      (i % 2 === 0 ? a : b).callTool({ name: 'echo', arguments: { message: `m${i}` } }),
    )
    const results = await Promise.all(calls)
    expect(results.map(firstText)).toEqual(Array.from({ length: 20 }, (_, i) => `Echo: m${i}`))
  })

  it('answers /health with 200 and nothing else while the child is up', async () => {
    const res = await fetch(`${t.bridge.url}/health`)
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ status: 'ok', child: 'ready', restarts: 0 })
  })

  it.each([
    ['no token', '/mcp', {}],
    ['a wrong path token', '/t/wrong-token/mcp', {}],
    ['a wrong bearer token', '/mcp', authHeaders('bearer', 'wrong')],
    ['a wrong X-API-Key', '/mcp', authHeaders('api-key', 'wrong')],
    ['a right bearer token but a wrong path token', '/t/wrong/mcp', authHeaders('bearer')],
  ])('refuses a request with %s with 401 and a JSON body', async (_, path, headers) => {
    const res = await fetch(`${t.bridge.url}${path}`, {
      method: 'POST',
      headers: { ...mcpHeaders, ...headers },
      body: initializeBody,
    })
    expect(res.status).toBe(401)
    const text = await res.text()
    expect(JSON.parse(text)).toMatchObject({ error: 'unauthorized' })
    expect(text).not.toContain(TOKEN)
  })

  it('refuses an SSE stream without a token', async () => {
    const res = await rawRequest('/sse', { headers: { Accept: 'text/event-stream' } })
    expect(res.status).toBe(401)
  })

  it('advertises a messages endpoint under the token path to path-token SSE clients', async () => {
    const res = await fetch(`${t.bridge.url}/t/${TOKEN}/sse`, {
      headers: { Accept: 'text/event-stream' },
    })
    const reader = res.body!.getReader()
    const { value } = await reader.read()
    await reader.cancel()
    const text = new TextDecoder().decode(value)
    expect(text).toMatch(new RegExp(`^event: endpoint\\ndata: /t/${TOKEN}/messages\\?sessionId=`))
  })

  it('refuses a browser Origin that is not allowed with 403', async () => {
    const res = await fetch(`${t.bridge.url}/t/${TOKEN}/mcp`, {
      method: 'POST',
      headers: { ...mcpHeaders, Origin: 'https://evil.example' },
      body: initializeBody,
    })
    expect(res.status).toBe(403)
    expect(await res.json()).toMatchObject({ error: 'forbidden' })
  })

  it('refuses a Host that is not allowed with 403', async () => {
    const res = await rawRequest(`/t/${TOKEN}/mcp`, {
      method: 'POST',
      headers: { ...mcpHeaders, Host: 'evil.example:80' },
      body: initializeBody,
    })
    expect(res.status).toBe(403)
  })

  it('refuses a body over 4 MB with 413', async () => {
    const big = JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/call',
      params: { name: 'echo', arguments: { message: 'x'.repeat(5 * 1024 * 1024) } },
    })
    const res = await fetch(`${t.bridge.url}/t/${TOKEN}/mcp`, {
      method: 'POST',
      headers: mcpHeaders,
      body: big,
    })
    expect(res.status).toBe(413)
    expect(await res.json()).toMatchObject({ error: 'payload_too_large' })
  })

  it('answers an unknown Streamable HTTP session with 404', async () => {
    const res = await fetch(`${t.bridge.url}/t/${TOKEN}/mcp`, {
      method: 'POST',
      headers: { ...mcpHeaders, 'Mcp-Session-Id': 'nope' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }),
    })
    expect(res.status).toBe(404)
  })

  it('never writes the token to its logs', () => {
    expect(t.logs.length).toBeGreaterThan(0)
    expect(JSON.stringify(t.logs)).not.toContain(TOKEN)
  })
})
