import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js'

/** Calls server-everything's `echo` through a Streamable HTTP endpoint with the SDK client. */
export async function echoThrough(url: string, message: string): Promise<string> {
  const client = new Client({ name: 'mcp-remote-server-e2e', version: '0.0.0' })
  await client.connect(new StreamableHTTPClientTransport(new URL(url)))
  try {
    const result = await client.callTool({ name: 'echo', arguments: { message } })
    const content = result.content as Array<{ type: string; text?: string }>
    return content.map((c) => c.text ?? '').join('')
  } finally {
    await client.close()
  }
}
