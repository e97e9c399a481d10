import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import { withDeadline } from '../deadline.js'

/** What the MCP probe learned: the server's name and its tools. */
export interface ProbeResult {
  serverName: string | undefined
  tools: string[]
}

/**
 * Proves a deployment works: MCP `initialize` then `tools/list` over Streamable HTTP through
 * the bridge, authenticated with the deployment token in a header (never in a logged URL).
 * Throws when either step fails or `timeoutMs` passes.
 */
export async function probeMcp(
  baseUrl: string,
  token: string,
  opts: { timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<ProbeResult> {
  const deadline = withDeadline(opts.timeoutMs ?? 30_000, opts.signal)
  const signal = deadline.signal
  const transport = new StreamableHTTPClientTransport(new URL('/mcp', baseUrl), {
    requestInit: { headers: { authorization: `Bearer ${token}` }, signal },
  })
  const client = new Client({ name: 'mcp-remote-probe', version: '0.1.0' })
  try {
    await client.connect(transport, { signal })
    const tools: string[] = []
    let cursor: string | undefined
    do {
      const page = await client.listTools(cursor ? { cursor } : {}, { signal })
      tools.push(...page.tools.map((t) => t.name))
      cursor = page.nextCursor
    } while (cursor && tools.length < 10_000)
    return { serverName: client.getServerVersion()?.name, tools }
  } finally {
    deadline.clear()
    await client.close().catch(() => {})
  }
}
