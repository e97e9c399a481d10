import { type ChildProcess, spawn } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { BRIDGE_ROOT, TOKEN, waitFor } from './helpers.js'

interface Run {
  proc: ChildProcess
  lines: Array<Record<string, unknown>>
  exited: Promise<number | null>
}

function runCli(args: string[], env: Record<string, string | undefined>): Run {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
    cwd: BRIDGE_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const lines: Array<Record<string, unknown>> = []
  let tail = ''
  proc.stderr?.setEncoding('utf8')
  proc.stderr?.on('data', (chunk: string) => {
    const parts = (tail + chunk).split('\n')
    tail = parts.pop() ?? ''
    for (const part of parts) {
      try {
        lines.push(JSON.parse(part) as Record<string, unknown>)
      } catch {
        lines.push({ msg: 'non-json', line: part })
      }
    }
  })
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)))
  return { proc, lines, exited }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

describe('mcp-remote-bridge CLI', () => {
  it('refuses to start without a token, naming the variable but no value', async () => {
    const run = runCli(['--port', '0', '--', 'node', 'test/fixtures/routing-server.mjs'], {
      MCP_BRIDGE_TOKEN: '',
    })
    expect(await run.exited).toBe(2)
    expect(run.lines).toContainEqual(
      expect.objectContaining({ msg: 'cannot start', setting: 'token' }),
    )
  })

  it('refuses a command the policy forbids', async () => {
    const run = runCli(['--port', '0', '--', 'bash', '-c', 'id'], { MCP_BRIDGE_TOKEN: TOKEN })
    expect(await run.exited).toBe(2)
    expect(run.lines).toContainEqual(
      expect.objectContaining({ msg: 'cannot start', setting: 'launcher' }),
    )
  })

  it('on SIGTERM stops serving and leaves no child or grandchild behind', async () => {
    const run = runCli(['--port', '0', '--', 'node', 'test/fixtures/spawner-server.mjs'], {
      MCP_BRIDGE_TOKEN: TOKEN,
    })
    await waitFor(() => run.lines.some((l) => l.msg === 'child ready'))
    const ready = run.lines.find((l) => l.msg === 'child ready')
    const listening = run.lines.find((l) => l.msg === 'listening')
    const grandchildLine = run.lines.find(
      (l) => typeof l.line === 'string' && l.line.startsWith('grandchild '),
    )
    const childPid = Number(ready?.pid)
    const grandchildPid = Number(String(grandchildLine?.line).split(' ')[1])
    expect(alive(childPid)).toBe(true)
    expect(alive(grandchildPid)).toBe(true)
    const health = await fetch(`http://127.0.0.1:${listening?.port}/health`)
    expect(health.status).toBe(200)

    run.proc.kill('SIGTERM')
    expect(await run.exited).toBe(0)
    await waitFor(() => !alive(childPid) && !alive(grandchildPid))
    expect(JSON.stringify(run.lines)).not.toContain(TOKEN)
  })
})
