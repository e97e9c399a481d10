import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { DeploymentView } from '@mcp-remote/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api } from './helpers/api.js'
import { createTestDatabase, STORES, type TestDatabase } from './helpers/databases.js'
import { echoThrough } from './helpers/mcp-client.js'
import {
  descendsFrom,
  type ProcessInfo,
  processesMarked,
  type ServerProcess,
  startServerProcess,
} from './helpers/server-process.js'

const CONFIG = {
  package_name: '@modelcontextprotocol/server-everything',
  display_name: 'Everything',
  run_command: 'npx -y @modelcontextprotocol/server-everything',
}
const TOKEN = 'mcpr_sigkill-token-0a1b2c3d4e5f'
const BRIDGE = /\/dist\/cli\.js --port (\d+) /

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  everyMs: number,
  timeoutMs = 150_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, everyMs))
  }
}

describe.each(STORES)('a server SIGKILLed mid-deploy on $name', ({ postgres }) => {
  let dir: string
  let marker: string
  let database: TestDatabase | undefined
  let env: Record<string, string>
  const servers: ServerProcess[] = []

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mcpr-sigkill-'))
    // LocalRuntime passes TMPDIR on to bridges: it marks the processes this suite starts.
    marker = join(dir, 'tmp')
    await mkdir(marker)
    database = postgres ? await createTestDatabase() : undefined
    env = {
      DATA_DIR: join(dir, 'data'),
      TMPDIR: marker,
      MCP_REMOTE_API_TOKEN: TOKEN,
      ...(database ? { DATABASE_URL: database.url } : {}),
    }
  })

  afterAll(async () => {
    for (const server of servers) await server.stop('SIGKILL')
    // Whatever happened, leave no bridge behind.
    for (const p of await processesMarked(marker)) {
      try {
        process.kill(-p.pgid, 'SIGKILL')
      } catch {}
    }
    await database?.drop()
    await rm(dir, { recursive: true, force: true })
  })

  it('restarts into every deployment running or failed, none duplicated, no bridge orphaned', {
    timeout: 300_000,
  }, async () => {
    const first = await startServerProcess(env)
    servers.push(first)
    const a = api(first.url, TOKEN)
    const ids: string[] = []
    for (const name of ['One', 'Two', 'Three']) {
      const res = await a.call('POST', '/api/deployments', {
        config: { ...CONFIG, display_name: name },
        confirm_cost: true,
      })
      expect(res.status).toBe(202)
      ids.push(String(res.json.id))
    }
    // SIGKILL the moment the first bridge process shows: the others are mid-deploy.
    await until(
      'a bridge to start',
      async () => {
        if ((await processesMarked(marker)).length === 0) return undefined
        first.child.kill('SIGKILL')
        return true
      },
      1,
    )
    expect(await first.stop('SIGKILL')).toBe('SIGKILL')

    const second = await startServerProcess(env)
    servers.push(second)
    const b = api(second.url, TOKEN)
    const settled = await until(
      'every deployment to settle',
      async () => {
        const list = (await b.call('GET', '/api/deployments')).json.deployments as DeploymentView[]
        return list.every((d) => d.status === 'running' || d.status === 'failed') ? list : undefined
      },
      250,
    )

    expect(settled.map((d) => d.id).sort()).toEqual([...ids].sort())
    for (const d of settled.filter((x) => x.status === 'failed')) expect(d.retry_allowed).toBe(true)
    const running = settled.filter((d) => d.status === 'running')

    // Bridges: exactly one per running deployment, on its port; every other marked process
    // (npx, the MCP server) descends from one of them.
    const marked = await processesMarked(marker)
    const bridges = marked.filter((p) => BRIDGE.test(p.args))
    const ports = (list: ProcessInfo[]) => list.map((p) => Number(BRIDGE.exec(p.args)![1])).sort()
    const runningPorts = running
      .map((d) => Number(new URL(d.endpoints!.streamable_http).port))
      .sort()
    expect(ports(bridges)).toEqual(runningPorts)
    const stray = marked.filter(
      (p) => !bridges.some((bridge) => descendsFrom(p, bridge.pid, marked)),
    )
    expect(stray).toEqual([])

    if (running[0]) {
      expect(await echoThrough(running[0].endpoints!.streamable_http, 'survived')).toBe(
        'Echo: survived',
      )
    }
    for (const id of ids)
      expect((await b.call('DELETE', `/api/deployments/${id}`)).status).toBe(204)
    expect(await processesMarked(marker)).toEqual([])
  })
})
