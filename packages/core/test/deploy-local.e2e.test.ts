import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPlatform, type DeploymentConfigInput, type Platform } from '../src/index.js'
import { isAlive } from '../src/runtime/local/process-alive.js'
import { createTestDatabase, type TestDatabase } from './helpers/databases.js'
import { connect, echo } from './helpers/mcp-clients.js'
import { rawRows } from './helpers/raw-rows.js'

// A real MCP server from npm (a devDependency: npx resolves it locally, no download).
const CONFIG: DeploymentConfigInput = {
  package_name: '@modelcontextprotocol/server-everything',
  display_name: 'Everything',
  run_command: 'npx -y @modelcontextprotocol/server-everything',
  env_vars: [
    { name: 'EVERYTHING_API_KEY', description: 'a fake key', required: true, secret: true },
  ],
}
const CANARY = 'canary-3b9f0e1d-never-in-logs'

const stores = [
  { name: 'PGlite', db: false },
  ...(process.env.DATABASE_URL ? [{ name: 'PostgreSQL', db: true }] : []),
]

describe.each(stores)('a local deployment of server-everything on $name', ({ db }) => {
  let dir: string
  let database: TestDatabase | undefined
  let platform: Platform
  const logs: string[] = []
  const log = (fields: Record<string, unknown>, msg: string) => {
    logs.push(JSON.stringify({ ...fields, msg }))
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mcpr-e2e-'))
    database = db ? await createTestDatabase() : undefined
    platform = await createPlatform({
      dataDir: dir,
      ...(database ? { databaseUrl: database.url } : {}),
      logger: { info: log, warn: log, error: log },
    })
  })

  afterAll(async () => {
    await platform?.close()
    await database?.drop()
    await rm(dir, { recursive: true, force: true })
  })

  let id: string
  let pid: number

  it('deploys to running and finds the tools with the MCP probe', async () => {
    const created = await platform.deploy({
      config: CONFIG,
      credentials: { EVERYTHING_API_KEY: CANARY },
    })
    expect(created.status).toBe('deploying')
    id = created.id
    const running = await platform.waitFor(id, ['running', 'failed'])
    expect(running.status_reason).toBeNull()
    expect(running.status).toBe('running')
    expect(running.tools).toContain('echo')
    expect(running.credential_names).toEqual(['EVERYTHING_API_KEY'])
    const dep = await platform.store.deployments.get(id)
    pid = Number(dep?.runtime_ref?.details.pid)
    expect(isAlive(pid)).toBe(true)
  })

  it.each(['sse', 'streamable_http'] as const)(
    'answers echo over %s with the path token',
    async (t) => {
      const { endpoints } = await platform.get(id)
      const client = await connect(endpoints![t], t)
      expect(await echo(client, 'hello')).toContain('hello')
      await client.close()
    },
  )

  it.each(['sse', 'streamable_http'] as const)(
    'answers echo over %s with a Bearer token',
    async (t) => {
      const { endpoints } = await platform.get(id)
      const url = new URL(endpoints![t])
      const token = url.pathname.split('/')[2] as string
      const client = await connect(`${url.origin}/${t === 'sse' ? 'sse' : 'mcp'}`, t, token)
      expect(await echo(client, 'bearer')).toContain('bearer')
      await client.close()
    },
  )

  it('refuses a missing or wrong token with 401', async () => {
    const { endpoints } = await platform.get(id)
    const url = new URL(endpoints!.streamable_http)
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' })
    const headers = {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
    }
    const none = await fetch(`${url.origin}/mcp`, { method: 'POST', headers, body })
    expect(none.status).toBe(401)
    const wrong = await fetch(`${url.origin}/t/${'x'.repeat(43)}/mcp`, {
      method: 'POST',
      headers,
      body,
    })
    expect(wrong.status).toBe(401)
  })

  it('keeps the credential out of logs, events and raw rows', async () => {
    const events = await platform.events(id)
    expect(JSON.stringify(events)).not.toContain(CANARY)
    expect(logs.join('\n')).not.toContain(CANARY)
    const rows = await rawRows(platform.store, 'credentials')
    expect(rows.length).toBeGreaterThan(0)
    expect(JSON.stringify(rows)).not.toContain(CANARY)
    expect(JSON.stringify(await rawRows(platform.store, 'deployments'))).not.toContain(CANARY)
  })

  it('stops: the endpoint refuses connections', async () => {
    const { endpoints } = await platform.get(id)
    const stopped = await platform.stop(id)
    expect(stopped.status).toBe('stopped')
    expect(isAlive(pid)).toBe(false)
    await expect(fetch(endpoints!.streamable_http, { method: 'POST' })).rejects.toThrow()
  })

  it('refuses to stop a stopped deployment', async () => {
    await expect(platform.stop(id)).rejects.toMatchObject({ code: 'invalid_transition' })
  })

  it('restarts and answers echo again', async () => {
    const restarting = await platform.restart(id)
    expect(restarting.status).toBe('deploying')
    const running = await platform.waitFor(id, ['running', 'failed'])
    expect(running.status).toBe('running')
    const client = await connect(running.endpoints!.streamable_http, 'streamable_http')
    expect(await echo(client, 'again')).toContain('again')
    await client.close()
    pid = Number((await platform.store.deployments.get(id))?.runtime_ref?.details.pid)
  })

  it('deletes: the process and the credential rows are gone', async () => {
    await platform.delete(id)
    expect(isAlive(pid)).toBe(false)
    await expect(platform.get(id)).rejects.toMatchObject({ code: 'not_found' })
    const rows = await rawRows(platform.store, 'credentials')
    expect(rows.filter((r) => r.deployment_id === id)).toEqual([])
  })
})
