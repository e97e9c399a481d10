import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fakeIo } from '../../test/fake-io.js'
import { EXIT_CODES } from './exit-codes.js'
import { runCli } from './run-cli.js'

describe('mcp-deploy --local (the embedded platform in this process)', () => {
  let dir: string
  const env = () => ({ DATA_DIR: join(dir, 'data'), LOG_LEVEL: 'silent' })

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cli-local-'))
  })

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('lists deployments and rotates keys on its own store', async () => {
    const ls = fakeIo({ env: env() })
    expect(await runCli(['ls', '--local', '--json'], { io: ls.io })).toBe(EXIT_CODES.ok)
    expect(JSON.parse(ls.stdout())).toEqual([])
    const rotate = fakeIo({ env: env() })
    expect(await runCli(['rotate-keys', '--json'], { io: rotate.io })).toBe(EXIT_CODES.ok)
    expect(JSON.parse(rotate.stdout())).toEqual({ rotated: 0 })
  })

  it('refuses to rotate keys in a data directory that holds no store, creating nothing', async () => {
    const empty = join(dir, 'not-a-data-dir')
    const io = fakeIo({ env: { DATA_DIR: empty, LOG_LEVEL: 'silent' } })
    expect(await runCli(['rotate-keys'], { io: io.io })).toBe(EXIT_CODES.usage)
    expect(io.stderr()).toContain(`no mcp-remote store in ${empty}`)
    expect(existsSync(empty)).toBe(false)
  })

  it('says a data directory another process holds is a configuration problem (exit 2), in --json too', async () => {
    // The first test made the store; a live process other than this one now holds its lock.
    const holder = spawn('sleep', ['60'], { stdio: 'ignore' })
    try {
      const lock = join(dir, 'data', 'pgdata.lock')
      await writeFile(lock, JSON.stringify({ pid: holder.pid, start: null, host: hostname() }))
      const io = fakeIo({ env: env() })
      expect(await runCli(['ls', '--local', '--json'], { io: io.io })).toBe(EXIT_CODES.usage)
      expect(JSON.parse(io.stdout())).toMatchObject({
        error: 'invalid_request',
        details: { pid: holder.pid },
        retry_allowed: true,
      })
      await rm(lock)
    } finally {
      holder.kill('SIGKILL')
      await once(holder, 'exit')
    }
  })

  it('refuses a local source that is no directory before making any data directory', async () => {
    const data = join(dir, 'untouched-data')
    const io = fakeIo({ env: { DATA_DIR: data, LOG_LEVEL: 'silent' } })
    const code = await runCli(['analyze', join(dir, 'no-such-dir'), '--json'], { io: io.io })
    expect(code).toBe(EXIT_CODES.rejected)
    expect(JSON.parse(io.stdout())).toMatchObject({ error: 'invalid_source' })
    expect(existsSync(data)).toBe(false)
  })

  it('analyzes a local directory in-process and prints exactly the AnalysisResult', async () => {
    const project = join(dir, 'demo-server')
    await mkdir(project)
    await writeFile(
      join(project, 'package.json'),
      JSON.stringify({
        name: 'demo-mcp-server',
        version: '1.0.0',
        bin: { 'demo-mcp-server': 'index.js' },
      }),
    )
    await writeFile(join(project, 'index.js'), 'const key = process.env.DEMO_API_KEY\n')
    const io = fakeIo({ env: env() })
    const code = await runCli(['analyze', project, '--json'], { io: io.io })
    const result = JSON.parse(io.stdout())
    expect(Object.keys(result).sort()).toEqual(['config', 'evidence', 'status', 'warnings'])
    expect(code).toBe(result.status === 'failed' ? EXIT_CODES.rejected : EXIT_CODES.ok)
  })
})
