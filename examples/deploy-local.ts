// Deploys a real MCP server from npm on the embedded defaults (PGlite, LocalRuntime), calls
// its `echo` tool through the authenticated endpoint, then deletes it. Run: npm run examples
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createPlatform } from '@mcp-remote/core'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js'

const dataDir = await mkdtemp(join(tmpdir(), 'mcp-remote-example-'))
const platform = await createPlatform({ dataDir })
try {
  const created = await platform.deploy({
    config: {
      package_name: '@modelcontextprotocol/server-everything',
      display_name: 'Everything',
      run_command: 'npx -y @modelcontextprotocol/server-everything',
    },
  })
  const dep = await platform.waitFor(created.id, ['running', 'failed'])
  if (dep.status !== 'running' || !dep.endpoints)
    throw new Error(`deploy ${dep.status}: ${dep.status_reason}`)
  console.log(`running with ${dep.tools.length} tools`)

  const client = new Client({ name: 'example', version: '1.0.0' })
  await client.connect(new StreamableHTTPClientTransport(new URL(dep.endpoints.streamable_http)))
  const result = await client.callTool({
    name: 'echo',
    arguments: { message: 'hello from mcp-remote' },
  })
  console.log(JSON.stringify(result.content))
  await client.close()

  await platform.delete(dep.id)
  console.log('deleted')
} finally {
  await platform.close()
  await rm(dataDir, { recursive: true, force: true })
}
