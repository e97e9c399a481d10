import { describe, expect, it } from 'vitest'
import { CONFIG, harness } from '../../test/app-harness.js'
import { fakeIo } from '../../test/fake-io.js'
import { EXIT_CODES } from './exit-codes.js'
import { runCli } from './run-cli.js'
import { appClient, configFile } from './testing.js'

/**
 * A deploy that stays `deploying` until the user interrupts it. Should the interrupt go
 * unheard, the next poll settles it, so a CLI that ignores Ctrl-C ends with 0 instead of
 * hanging.
 */
async function interruptedDeploy(mode: 'remote' | 'local', json = false) {
  const { app, platform } = harness()
  let interrupt: ((signal: NodeJS.Signals) => void) | undefined
  let polls = 0
  const io = fakeIo({
    env: { API_KEY: 'sk-canary-wait-777' },
    onSleep: () => {
      polls += 1
      if (polls === 2) interrupt?.('SIGINT')
      if (polls === 3) for (const id of platform.deployments.keys()) platform.settle(id, 'running')
    },
  })
  io.io.onInterrupt = (listener) => {
    interrupt = listener
    return () => {
      interrupt = undefined
    }
  }
  const { client, state } = appClient(app, mode)
  const file = await configFile(CONFIG)
  const argv = ['deploy', file, '--env', 'API_KEY', '--yes', ...(json ? ['--json'] : [])]
  const code = await runCli(argv, { io: io.io, openClient: async () => client })
  return { code, closed: state.closed, interrupt, ...io }
}

describe('Ctrl-C while a deploy is being waited for', () => {
  it('exits 130 at once, saying the server goes on deploying and how to follow it', async () => {
    const r = await interruptedDeploy('remote')
    expect(r.code).toBe(EXIT_CODES.interrupted)
    expect(r.stderr()).toContain(
      'Interrupted: dep_0001 goes on deploying on the server; follow it with: mcp-deploy status dep_0001',
    )
    expect(r.interrupt).toBeUndefined()
  })

  it('closes the embedded platform, so no bridge outlives the command (--local)', async () => {
    const r = await interruptedDeploy('local')
    expect(r.code).toBe(EXIT_CODES.interrupted)
    expect(r.closed).toBe(1)
    expect(r.stderr()).toContain('Interrupted: dep_0001 was left deploying')
  })

  it('prints one error body naming the deployment with --json', async () => {
    const r = await interruptedDeploy('remote', true)
    expect(r.code).toBe(EXIT_CODES.interrupted)
    expect(JSON.parse(r.stdout())).toMatchObject({
      error: 'interrupted',
      details: { id: 'dep_0001' },
    })
  })
})
