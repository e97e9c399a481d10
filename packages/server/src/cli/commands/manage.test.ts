import { describe, expect, it } from 'vitest'
import { harness } from '../../../test/app-harness.js'
import { fakeIo } from '../../../test/fake-io.js'
import { EXIT_CODES } from '../exit-codes.js'
import { runCli } from '../run-cli.js'
import { appClient } from '../testing.js'

/** A running deployment, restarted through `mode`'s client; restarts settle on the first poll. */
async function restart(mode: 'remote' | 'local') {
  const { app, platform } = harness()
  const started = await platform.deploy({
    config: {
      package_name: '@modelcontextprotocol/server-everything',
      display_name: 'Everything',
      run_command: 'npx -y @modelcontextprotocol/server-everything',
    },
    confirmCost: true,
  })
  platform.settle(started.id, 'running')
  let held = 0
  const io = fakeIo({ onSleep: () => platform.settle(started.id, 'running') })
  io.io.untilSignal = async () => {
    held += 1
    return 'SIGINT'
  }
  const { client, state } = appClient(app, mode)
  const code = await runCli(['restart', started.id], { io: io.io, openClient: async () => client })
  return { code, held, closed: state.closed, id: started.id, ...io }
}

describe('mcp-deploy restart', () => {
  it('prints the endpoints again and how to connect (a restart may move them)', async () => {
    const r = await restart('remote')
    expect(r.code).toBe(EXIT_CODES.ok)
    expect(r.stdout()).toContain(`Everything (${r.id}) is running`)
    expect(r.stdout()).toContain(`  mcp          http://127.0.0.1:40000/t/tok_${r.id}/mcp`)
    expect(r.stdout()).toContain(`  sse          http://127.0.0.1:40000/t/tok_${r.id}/sse`)
    expect(r.stdout()).toContain('claude mcp add --transport http')
    expect(r.held).toBe(0)
  })

  it('with --local, keeps the restarted deployment running until Ctrl-C, as deploy does', async () => {
    const r = await restart('local')
    expect(r.code).toBe(EXIT_CODES.ok)
    expect(r.held).toBe(1)
    expect(r.stderr()).toContain('This deployment runs while this command does')
    expect(r.closed).toBe(1)
  })
})
