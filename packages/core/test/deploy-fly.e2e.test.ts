import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createPlatform,
  type DeploymentConfigInput,
  type Platform,
  probeMcp,
} from '../src/index.js'
import { freePort } from '../src/runtime/local/free-port.js'
import { waitHealthy } from '../src/runtime/local/wait-healthy.js'
import { createFakeFly, FakeClock, type FakeFly } from '../src/testing/index.js'
import { connect, echo } from './helpers/mcp-clients.js'

// The Fly Machines API is unreachable from here: the fake (validated against Fly's OpenAPI
// document) stands in for it. Where fly-proxy would route `https://<app>.fly.dev`, the test
// runs a real bridge started from the Machine's own config (`init.cmd`) and environment (app
// secrets) once the fake says the Machine is started, and sends MCP traffic there.
const ORG = 'acme'
const CANARY = 'canary-fly-5d1c-never-in-config'
const CONFIG: DeploymentConfigInput = {
  package_name: '@modelcontextprotocol/server-everything',
  display_name: 'Everything',
  run_command: 'npx -y @modelcontextprotocol/server-everything',
  env_vars: [{ name: 'EVERYTHING_API_KEY', description: '', required: true, secret: true }],
}
const repoRoot = join(import.meta.dirname, '..', '..', '..')
const bridgeCli = join(
  createRequire(import.meta.url).resolve('@mcp-remote/bridge/package.json'),
  '..',
  'dist',
  'cli.js',
)

describe('a deployment on Fly (fake Machines API, real bridge behind fly.dev)', () => {
  const clock = new FakeClock()
  const fly: FakeFly = createFakeFly({ clock, orgs: [ORG] })
  const bridges = new Map<string, Promise<string>>()
  const children: ChildProcess[] = []
  const server = setupServer(...fly.handlers)
  const listen = () =>
    server.listen({
      onUnhandledRequest: (req, print) => {
        if (!/^http:\/\/127\.0\.0\.1:/.test(req.url)) print.error()
      },
    })
  let dir: string
  let platform: Platform

  /** The bridge a started Machine runs: the image's entrypoint, as a process, from its config. */
  function bridgeFor(app: string): Promise<string> | undefined {
    const machine = fly.liveMachines(app).find((m) => fly.machineState(m) === 'started')
    if (!machine) return undefined
    let bridge = bridges.get(machine.id)
    if (!bridge) {
      bridge = (async () => {
        const port = await freePort()
        // What the image itself provides (PATH, HOME), then what Fly gives the Machine.
        const env: Record<string, string | undefined> = {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          ...fly.machineEnv(machine),
        }
        // fly-proxy keeps `Host: <app>.fly.dev`; fetch here cannot, so loopback is added.
        expect(env.MCP_BRIDGE_ALLOWED_HOSTS?.split(',')).toContain(`${app}.fly.dev`)
        env.MCP_BRIDGE_ALLOWED_HOSTS += `,127.0.0.1:${port}`
        const cmd = (machine.config.init as { cmd: string[] }).cmd
        const args = [bridgeCli, '--port', String(port), '--host', '127.0.0.1', '--', ...cmd]
        children.push(spawn(process.execPath, args, { env, cwd: repoRoot, stdio: 'ignore' }))
        const url = `http://127.0.0.1:${port}`
        expect(await waitHealthy(`${url}/health`, { timeoutMs: 30_000 })).toBeUndefined()
        return url
      })()
      bridges.set(machine.id, bridge)
    }
    return bridge
  }

  /**
   * Runs `fn` with msw's interception off: msw's passthrough stalls streamed loopback
   * responses, and nothing else talks to the fake while a deploy probes or a test calls MCP.
   */
  async function withoutMsw<T>(fn: () => Promise<T>): Promise<T> {
    server.close()
    try {
      return await fn()
    } finally {
      listen()
    }
  }

  /** `https://<app>.fly.dev` → the local bridge that app's started Machine runs. */
  async function viaFlyProxy(url: string): Promise<string> {
    const u = new URL(url)
    const bridge = await bridgeFor(u.hostname.split('.')[0] as string)
    if (!bridge) throw new Error(`no started Machine behind ${u.hostname}`)
    return new URL(u.pathname, await bridge).toString()
  }

  beforeAll(async () => {
    listen()
    dir = await mkdtemp(join(tmpdir(), 'mcpr-fly-'))
    platform = await createPlatform({
      dataDir: dir,
      env: { FLY_API_TOKEN: fly.token, FLY_ORG: ORG, FLY_IMAGE: 'registry.fly.io/mcp-base:test' },
      fly: { clock },
      // fly-proxy is out of reach: the probe goes to the bridge the Machine runs.
      probe: async (baseUrl, token, opts) => {
        const url = await viaFlyProxy(baseUrl)
        return withoutMsw(() => probeMcp(url, token, opts))
      },
    })
  })

  afterAll(async () => {
    await platform?.close()
    for (const child of children) child.kill('SIGTERM')
    server.close()
    await rm(dir, { recursive: true, force: true })
  })

  let id: string

  it('switches to Fly when FLY_API_TOKEN and FLY_ORG are set, keeping local available', () => {
    expect(platform.defaultRuntime).toBe('fly')
    expect([...platform.runtimes.keys()].sort()).toEqual(['fly', 'local'])
  })

  it('asks to confirm the cost first, with the estimate', async () => {
    const attempt = platform.deploy({ config: CONFIG, credentials: { EVERYTHING_API_KEY: CANARY } })
    await expect(attempt).rejects.toMatchObject({ code: 'cost_not_confirmed' })
    const err = (await attempt.catch((e: unknown) => e)) as {
      details: { estimate: { monthly_usd: number } }
    }
    expect(err.details.estimate.monthly_usd).toBeGreaterThan(1.5)
    expect(fly.apps()).toEqual([])
  })

  it('refuses a command the image cannot run with a 400-class error, creating nothing', async () => {
    const before = (await platform.list()).length
    const attempt = platform.deploy({
      config: {
        package_name: 'mcp-server-fetch',
        display_name: 'Fetch',
        run_command: 'python -m mcp_server_fetch',
        runtime_kind: 'python',
      },
      confirmCost: true,
    })
    await expect(attempt).rejects.toMatchObject({
      code: 'invalid_request',
      details: {
        issues: [{ path: 'config.run_command', message: expect.stringMatching(/npx and uvx/) }],
      },
    })
    expect(await platform.list()).toHaveLength(before)
    expect(fly.apps()).toEqual([])
    // The same command stays deployable where it can run.
    expect(platform.runtimes.get('local')?.refusal?.(['python', '-m', 'x'])).toBeUndefined()
  })

  it('deploys to running through the Machines API and answers echo on fly.dev', async () => {
    const created = await platform.deploy({
      config: CONFIG,
      credentials: { EVERYTHING_API_KEY: CANARY },
      confirmCost: true,
    })
    id = created.id
    const running = await platform.waitFor(id, ['running', 'failed'])
    expect(running.status_reason).toBeNull()
    expect(running.tools).toContain('echo')
    expect(running.endpoints?.streamable_http).toMatch(
      /^https:\/\/mcpr-[a-z0-9-]+\.fly\.dev\/t\/[\w-]{43}\/mcp$/,
    )
    const url = await viaFlyProxy(running.endpoints!.streamable_http)
    await withoutMsw(async () => {
      const client = await connect(url, 'streamable_http')
      expect(await echo(client, 'via fly')).toContain('via fly')
      await client.close()
    })
    expect(fly.apps()).toHaveLength(1)
  })

  it('keeps credentials in app secrets, never in a Machine config', () => {
    const configs = [...fly.requestsTo('Machines_create'), ...fly.requestsTo('Machines_update')]
    expect(configs.length).toBeGreaterThan(0)
    expect(JSON.stringify(configs.map((r) => r.body))).not.toContain(CANARY)
    const app = fly.apps()[0]!
    expect(app.secrets.get('EVERYTHING_API_KEY')?.value).toBe(CANARY)
  })

  it('stops, restarts and deletes, leaving no app behind', async () => {
    expect((await platform.stop(id)).status).toBe('stopped')
    await platform.restart(id)
    expect((await platform.waitFor(id, ['running', 'failed'])).status).toBe('running')
    await platform.delete(id)
    expect(fly.apps()).toEqual([])
    expect(fly.violations).toEqual([])
  })
})
