import { createRequire } from 'node:module'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js'
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import type { ClientCapabilities } from '@modelcontextprotocol/sdk/types.js'
import { type Bridge, type BridgeOptions, startBridge } from '../src/bridge.js'
import type { LogEvent } from '../src/log.js'

/** The bridge package's root (the child's working directory in tests). */
export const BRIDGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')

/** The routing fixture, as the command policy accepts it: `node <relative .mjs>`. */
export const ROUTING_FIXTURE = ['node', 'test/fixtures/routing-server.mjs']

/** server-everything's entry (a root devDependency), run over stdio. */
export const EVERYTHING = [
  'node',
  createRequire(import.meta.url).resolve('@modelcontextprotocol/server-everything/dist/index.js'),
  'stdio',
]

/** The token every test bridge uses. */
export const TOKEN = 'test-token-5f0c2b8e9d7a4c1e'

/** How a test client authenticates. */
export type AuthMode = 'path' | 'bearer' | 'api-key'

/** Which transport a test client uses. */
export type TransportKind = 'sse' | 'http'

/** A bridge under test and the log events it wrote. */
export interface TestBridge {
  bridge: Bridge
  logs: LogEvent[]
}

/** Starts a bridge bound to 127.0.0.1 on a free port with {@link TOKEN}; logs are captured. */
export async function startTestBridge(
  command: readonly string[],
  overrides: Partial<BridgeOptions> = {},
): Promise<TestBridge> {
  const logs: LogEvent[] = []
  const bridge = await startBridge({
    command,
    port: 0,
    token: TOKEN,
    cwd: BRIDGE_ROOT,
    env: { ...process.env, MCP_BRIDGE_TOKEN: TOKEN },
    restartDelay: { minMs: 50, maxMs: 400 },
    stopGraceMs: 2000,
    logSink: (event) => logs.push(event),
    ...overrides,
  })
  if (!(await bridge.whenReady(30_000))) throw new Error('bridge child never became ready')
  return { bridge, logs }
}

/** The endpoint URL for `kind`, with the token in the path when `auth` is `path`. */
export function endpoint(bridge: Bridge, kind: TransportKind, auth: AuthMode): URL {
  const path = kind === 'sse' ? '/sse' : '/mcp'
  return new URL(auth === 'path' ? `${bridge.url}/t/${TOKEN}${path}` : `${bridge.url}${path}`)
}

/** The auth headers for `auth` (none for path tokens). */
export function authHeaders(auth: AuthMode, token = TOKEN): Record<string, string> {
  if (auth === 'bearer') return { Authorization: `Bearer ${token}` }
  if (auth === 'api-key') return { 'X-API-Key': token }
  return {}
}

/** Connects an SDK 1.x client to the bridge. */
export async function connectV1(
  bridge: Bridge,
  kind: TransportKind,
  auth: AuthMode = 'path',
  capabilities: ClientCapabilities = {},
  name = 'test-client',
): Promise<Client> {
  const client = new Client({ name, version: '1.0.0' }, { capabilities })
  const headers = authHeaders(auth)
  const url = endpoint(bridge, kind, auth)
  const transport =
    kind === 'sse'
      ? new SSEClientTransport(url, {
          requestInit: { headers },
          eventSourceInit: {
            fetch: (input, init) =>
              fetch(input, { ...init, headers: { ...(init?.headers ?? {}), ...headers } }),
          },
        })
      : new StreamableHTTPClientTransport(url, { requestInit: { headers } })
  await client.connect(transport)
  return client
}

/** The text of a tool result's first content block. */
export function firstText(result: unknown): string {
  const content = (result as { content?: Array<{ type: string; text?: string }> }).content
  const first = content?.[0]
  return first?.type === 'text' ? (first.text ?? '') : ''
}

/** Resolves once `predicate` holds, polling every 20 ms (fails the test after `timeoutMs`). */
export async function waitFor(predicate: () => boolean | Promise<boolean>, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 20))
  }
}

/** The `Accept` header Streamable HTTP requires on a POST. */
export const JSON_AND_SSE = 'application/json, text/event-stream'

/** The newest MCP protocol revision the tests speak. */
export const LATEST = '2025-11-25'

/** A test bridge's Streamable HTTP endpoint, with the token in the path. */
export function mcpUrl(t: TestBridge): string {
  return `${t.bridge.url}/t/${TOKEN}/mcp`
}

/** A JSON-RPC `tools/call` request. */
export function callTool(id: number, name: string, args: Record<string, unknown> = {}) {
  return { jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: args } }
}

/** POSTs a JSON-RPC message to a session of a test bridge, as a 2025-11-25 client by default. */
export function postRpc(
  t: TestBridge,
  sessionId: string,
  body: unknown,
  options: { version?: string; signal?: AbortSignal } = {},
): Promise<Response> {
  return fetch(mcpUrl(t), {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Accept: JSON_AND_SSE,
      'Mcp-Session-Id': sessionId,
      'Mcp-Protocol-Version': options.version ?? LATEST,
    },
    body: JSON.stringify(body),
    ...(options.signal ? { signal: options.signal } : {}),
  })
}

/**
 * Opens a Streamable HTTP session with a raw `initialize` POST to `url` (a bridge's `/mcp`
 * endpoint with its token) and returns the `Mcp-Session-Id`.
 */
export async function initializeRaw(
  url: string,
  protocolVersion: string,
  capabilities: Record<string, unknown> = {},
): Promise<string> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: JSON_AND_SSE },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion, capabilities, clientInfo: { name: 'raw', version: '1' } },
    }),
  })
  if (res.status !== 200) throw new Error(`initialize answered ${res.status}`)
  await readRpcMessage(res)
  const id = res.headers.get('mcp-session-id')
  if (id === null) throw new Error('no session id')
  return id
}

/** The first JSON-RPC message of a Streamable HTTP answer, whether JSON or an event stream. */
export async function readRpcMessage(res: Response): Promise<unknown> {
  const text = await res.text()
  if (res.headers.get('content-type')?.includes('application/json')) return JSON.parse(text)
  const data = text.split('\n').find((line) => line.startsWith('data: ') && line.length > 6)
  if (data === undefined) throw new Error('no message in the event stream')
  return JSON.parse(data.slice(6))
}

/** One parsed SSE event; `comment` is set for a block of comment lines only (a keep-alive). */
export interface SseEvent {
  id: string | undefined
  data: string
  comment?: string
}

/** Reads SSE events from a response body, as they come. */
export function sseReader(res: Response) {
  const reader = (res.body as ReadableStream<Uint8Array>).getReader()
  const decoder = new TextDecoder()
  let buffer = ''
  const queue: SseEvent[] = []
  const read = async (): Promise<SseEvent | undefined> => {
    while (queue.length === 0) {
      const { value, done } = await reader.read()
      if (done) return undefined
      buffer += decoder.decode(value, { stream: true })
      let end = buffer.indexOf('\n\n')
      while (end !== -1) {
        const block = buffer.slice(0, end)
        buffer = buffer.slice(end + 2)
        end = buffer.indexOf('\n\n')
        let id: string | undefined
        const data: string[] = []
        const comments: string[] = []
        for (const line of block.split('\n')) {
          if (line.startsWith('id: ')) id = line.slice(4)
          else if (line.startsWith('data: ')) data.push(line.slice(6))
          else if (line === 'data:') data.push('')
          else if (line.startsWith(':')) comments.push(line.slice(1).trim())
        }
        if (id !== undefined || data.length > 0) queue.push({ id, data: data.join('\n') })
        else if (comments.length > 0) {
          queue.push({ id: undefined, data: '', comment: comments.join('\n') })
        }
      }
    }
    return queue.shift()
  }
  return {
    /** The next event (comments skipped); undefined once the stream ended. */
    async next(): Promise<SseEvent | undefined> {
      for (let event = await read(); event; event = await read()) {
        if (event.comment === undefined) return event
      }
      return undefined
    },
    /** The next event or comment; undefined once the stream ended. */
    nextWithComments: read,
    cancel: () => reader.cancel().catch(() => {}),
  }
}

/** The JSON-RPC message an event carries, undefined for a priming event. */
export function messageOf(event: SseEvent): Record<string, unknown> | undefined {
  return event.data === '' ? undefined : (JSON.parse(event.data) as Record<string, unknown>)
}

/**
 * `res` with a body that fails like a dropped connection (`TypeError: network error`) as soon as
 * `cutWhen` says so of the text received so far: how tests make a client lose a stream mid-way.
 */
export function cutStream(res: Response, cutWhen: (textSoFar: string) => boolean): Response {
  const reader = (res.body as ReadableStream<Uint8Array>).getReader()
  const decoder = new TextDecoder()
  let text = ''
  let cut = false
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (cut) {
        await reader.cancel()
        controller.error(new TypeError('network error'))
        return
      }
      const { value, done } = await reader.read()
      if (done) return controller.close()
      controller.enqueue(value)
      text += decoder.decode(value, { stream: true })
      cut = cutWhen(text)
    },
  })
  return new Response(body, { status: res.status, headers: res.headers })
}
