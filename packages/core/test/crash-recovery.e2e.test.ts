import { spawn } from 'node:child_process'
import { readdirSync, readFileSync, readlinkSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, describe, expect, it } from 'vitest'
import { createPlatform, type Platform } from '../src/index.js'
import { isAlive } from '../src/runtime/local/process-alive.js'

/** Pids of every bridge process logging under `dir` (LocalRuntime points stderr there). */
function bridgePids(dir: string): number[] {
  const pids: number[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8')
      const stderr = readlinkSync(`/proc/${entry}/fd/2`)
      if (cmd.includes('cli.js') && cmd.includes('--port') && stderr.startsWith(dir)) {
        pids.push(Number(entry))
      }
    } catch {
      // exited meanwhile
    }
  }
  return pids
}

describe.skipIf(process.platform !== 'linux')('a platform killed with SIGKILL mid-deploy', () => {
  let dir: string
  let platform: Platform | undefined

  afterAll(async () => {
    if (platform) {
      for (const d of await platform.list()) await platform.delete(d.id)
      await platform.close()
    }
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  it('recovers on restart: every deployment running or failed, no duplicate, no orphan', async () => {
    dir = await mkdtemp(join(tmpdir(), 'mcpr-crash-'))
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'test/fixtures/crash-deployer.ts', dir],
      {
        cwd: join(import.meta.dirname, '..'),
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    )
    const ids = await new Promise<string[]>((resolve, reject) => {
      child.stdout.once('data', (b: Buffer) => resolve(JSON.parse(b.toString()) as string[]))
      child.once('exit', (code) => reject(new Error(`crash-deployer exited ${code}`)))
    })
    // Let at least one bridge start, then kill the platform in the middle of its deploys.
    for (let i = 0; i < 100 && bridgePids(dir).length === 0; i++) await sleep(50)
    child.kill('SIGKILL')
    await new Promise((r) => child.once('exit', r))

    platform = await createPlatform({ dataDir: dir })
    const before = await platform.list()
    expect(before.map((d) => d.id).sort()).toEqual([...ids].sort())
    const report = await platform.reconcile()
    expect(report.resumed.length + report.restarted.length).toBeGreaterThan(0)
    const settled = await Promise.all(ids.map((id) => platform!.waitFor(id, ['running', 'failed'])))
    expect(settled.map((d) => d.status)).toEqual(['running', 'running', 'running'])

    // Exactly one live bridge per deployment, and it is the one the store knows.
    const known = await Promise.all(ids.map((id) => platform!.store.deployments.get(id)))
    const pids = known.map((d) => Number(d?.runtime_ref?.details.pid)).sort()
    expect(pids.every(isAlive)).toBe(true)
    const live = bridgePids(dir).sort()
    for (const pid of live) expect(pids).toContain(pid)
    expect(new Set(pids).size).toBe(3)
  })
})
