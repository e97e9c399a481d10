import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js'
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js'

/** How a test reaches a bridge. */
export type Transport = 'sse' | 'streamable_http'

/** Connects the official SDK client (1.x) to `url`, optionally with a Bearer header. */
export async function connect(url: string, transport: Transport, bearer?: string): Promise<Client> {
  const requestInit = bearer ? { headers: { authorization: `Bearer ${bearer}` } } : {}
  const client = new Client({ name: 'mcp-remote-test', version: '0.0.0' })
  const t =
    transport === 'sse'
      ? new SSEClientTransport(new URL(url), {
          requestInit,
          eventSourceInit: bearer
            ? {
                fetch: (u, init) =>
                  fetch(u, {
                    ...init,
                    headers: { ...(init?.headers ?? {}), authorization: `Bearer ${bearer}` },
                  }),
              }
            : {},
        })
      : new StreamableHTTPClientTransport(new URL(url), { requestInit })
  await client.connect(t)
  return client
}

/** Calls server-everything's `echo` and returns its text. */
export async function echo(client: Client, message: string): Promise<string> {
  const result = await client.callTool({ name: 'echo', arguments: { message } })
  const content = result.content as Array<{ type: string; text?: string }>
  return content.map((c) => c.text ?? '').join('')
}
