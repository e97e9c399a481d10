import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connect } from '../../../test/helpers/mcp-clients.js'
import { endpointsFor } from '../runtime.js'
import { DEFAULT_PASS_ENV, LocalRuntime } from './local-runtime.js'
import { isAlive } from './process-alive.js'

const packageRoot = join(import.meta.dirname, '..', '..', '..')
const TOKEN = 'local-runtime-test-token-0123456789abcdef012345'

describe('LocalRuntime', () => {
  let stateDir: string
  let runtime: LocalRuntime

  beforeAll(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'mcpr-local-'))
    runtime = new LocalRuntime({ stateDir, cwd: packageRoot, stopGraceMs: 2_000 })
  })
  afterAll(async () => {
    await runtime.close()
    await rm(stateDir, { recursive: true, force: true })
  })

  it('gives the server its credentials and the safe set, nothing else of the platform', async () => {
    process.env.MCPR_PLATFORM_SECRET = 'platform-only'
    try {
      const ref = await runtime.deploy({
        deploymentId: 'dep_env',
        argv: ['node', 'test/fixtures/tiny-mcp-server.mjs'],
        env: { TINY_KEY: 'v' },
        token: TOKEN,
      })
      const client = await connect(
        endpointsFor(ref.baseUrl, TOKEN).streamable_http,
        'streamable_http',
      )
      const result = await client.callTool({ name: 'env', arguments: {} })
      await client.close()
      const names = JSON.parse((result.content as Array<{ text: string }>)[0]!.text) as string[]
      expect(names).toContain('TINY_KEY')
      expect(names).not.toContain('MCPR_PLATFORM_SECRET')
      expect(names).not.toContain('MCP_BRIDGE_TOKEN')
      const allowed = new Set<string>([...DEFAULT_PASS_ENV, 'TINY_KEY'])
      expect(names.filter((n) => !allowed.has(n))).toEqual([])
    } finally {
      delete process.env.MCPR_PLATFORM_SECRET
    }
  })

  it('binds the bridge to loopback only', async () => {
    const [ref] = await runtime.list()
    expect(ref?.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
  })

  it('ends every bridge it started on close()', async () => {
    const other = new LocalRuntime({ stateDir, cwd: packageRoot, stopGraceMs: 2_000 })
    const ref = await other.deploy({
      deploymentId: 'dep_close',
      argv: ['node', 'test/fixtures/tiny-mcp-server.mjs'],
      env: {},
      token: TOKEN,
    })
    const pid = Number(ref.details.pid)
    expect(isAlive(pid)).toBe(true)
    await other.close()
    expect(isAlive(pid)).toBe(false)
  })

  it('fails fast, with a reason, when the server keeps exiting at start', async () => {
    await expect(
      runtime.deploy({
        deploymentId: 'dep_crash',
        argv: ['node', 'test/fixtures/does-not-exist.js'],
        env: {},
        token: TOKEN,
      }),
    ).rejects.toMatchObject({
      code: 'deployment_failed',
      retryAllowed: true,
      message: expect.stringContaining('exited 3 times while starting'),
    })
    expect((await runtime.list()).map((r) => r.deploymentId)).not.toContain('dep_crash')
  })

  it('fails a server that never initializes with a reason and retry allowed', async () => {
    const quick = new LocalRuntime({ stateDir, cwd: packageRoot, startTimeoutMs: 2_000 })
    await expect(
      quick.deploy({
        deploymentId: 'dep_bad',
        argv: ['node', 'test/fixtures/silent-server.mjs'],
        env: {},
        token: TOKEN,
      }),
    ).rejects.toMatchObject({
      code: 'deployment_failed',
      retryAllowed: true,
      message: expect.stringContaining('not healthy within 2 s'),
    })
    expect((await quick.list()).map((r) => r.deploymentId)).not.toContain('dep_bad')
    await quick.close()
  })
})
