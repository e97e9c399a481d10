import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPlatform, type DeploymentConfig, type Platform } from '../src/index.js'
import { connect, type Transport } from './helpers/mcp-clients.js'

/**
 * Three more real MCP servers from npm (devDependencies: npx resolves them locally), each taken
 * the way a user takes it: the static analyzer reads the package, its config is deployed as
 * analyzed (plus the user's own values where the analysis says to supply them), and the official
 * SDK client calls tools through the bridge over both transports.
 */
const root = resolve(import.meta.dirname, '../../..')
const packageDir = (name: string) => join(root, 'node_modules', '@modelcontextprotocol', name)

function text(result: unknown): string {
  const content = (result as { content?: Array<{ text?: string }> }).content ?? []
  return content.map((c) => c.text ?? '').join('')
}

describe('real MCP servers from npm, analyzed and deployed locally', () => {
  let dir: string
  let platform: Platform

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mcpr-real-'))
    platform = await createPlatform({ dataDir: join(dir, 'data') })
  })
  afterAll(async () => {
    await platform?.close()
    await rm(dir, { recursive: true, force: true })
  })

  async function analyzed(name: string): Promise<DeploymentConfig> {
    const record = await platform.analyze(packageDir(name))
    expect(record.status).toBe('complete')
    const config = record.config as DeploymentConfig
    expect(config.package_name).toBe(`@modelcontextprotocol/${name}`)
    expect(config.run_command).toBe(`npx -y @modelcontextprotocol/${name}`)
    return config
  }

  async function deployed(config: DeploymentConfig, credentials: Record<string, string> = {}) {
    const created = await platform.deploy({ config, credentials })
    const done = await platform.waitFor(created.id, ['running', 'failed'])
    expect(done.status_reason).toBeNull()
    expect(done.status).toBe('running')
    return done
  }

  async function withClient<T>(url: string, transport: Transport, fn: (c: Client) => Promise<T>) {
    const client = await connect(url, transport)
    try {
      return await fn(client)
    } finally {
      await client.close()
    }
  }

  it('server-memory: keeps a knowledge graph in the file its MEMORY_FILE_PATH names', async () => {
    const config = await analyzed('server-memory')
    expect(config.env_vars.map((v) => v.name)).toContain('MEMORY_FILE_PATH')
    const file = join(dir, 'memory.jsonl')
    const dep = await deployed(config, { MEMORY_FILE_PATH: file })
    expect(dep.tools).toEqual(expect.arrayContaining(['create_entities', 'read_graph']))
    await withClient(dep.endpoints!.streamable_http, 'streamable_http', (c) =>
      c.callTool({
        name: 'create_entities',
        arguments: {
          entities: [{ name: 'mcp-remote', entityType: 'project', observations: ['deploys MCP'] }],
        },
      }),
    )
    const graph = await withClient(dep.endpoints!.sse, 'sse', (c) =>
      c.callTool({ name: 'read_graph', arguments: {} }),
    )
    expect(text(graph)).toContain('deploys MCP')
    expect(await readFile(file, 'utf8')).toContain('mcp-remote')
  })

  it('server-filesystem: serves the directory given as its argument, and nothing else', async () => {
    const config = await analyzed('server-filesystem')
    const shared = join(dir, 'shared')
    await mkdir(shared)
    await writeFile(join(shared, 'hello.txt'), 'hello from mcp-remote\n')
    // The analysis found example paths in the README: a user puts their own.
    const dep = await deployed({ ...config, args: [shared] })
    await withClient(dep.endpoints!.streamable_http, 'streamable_http', async (c) => {
      const listing = await c.callTool({ name: 'list_directory', arguments: { path: shared } })
      expect(text(listing)).toContain('hello.txt')
      const read = await c.callTool({
        name: 'read_text_file',
        arguments: { path: join(shared, 'hello.txt') },
      })
      expect(text(read)).toContain('hello from mcp-remote')
      const outside = await c.callTool({
        name: 'read_text_file',
        arguments: { path: '/etc/passwd' },
      })
      expect(outside.isError).toBe(true)
    })
  })

  it('server-sequential-thinking: answers over SSE', async () => {
    const config = await analyzed('server-sequential-thinking')
    const dep = await deployed(config)
    const result = await withClient(dep.endpoints!.sse, 'sse', (c) =>
      c.callTool({
        name: 'sequentialthinking',
        arguments: {
          thought: 'First, deploy the server.',
          nextThoughtNeeded: false,
          thoughtNumber: 1,
          totalThoughts: 1,
        },
      }),
    )
    expect(JSON.parse(text(result))).toMatchObject({ thoughtNumber: 1, totalThoughts: 1 })
  })
})
