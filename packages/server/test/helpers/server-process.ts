import { type ChildProcess, spawn } from 'node:child_process'
import { readdir, readFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The repository root: the server runs there, so `npx` finds server-everything locally. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..')
const CLI = join(REPO_ROOT, 'packages/server/src/cli.ts')

/** A real `mcp-deploy serve` process. */
export interface ServerProcess {
  child: ChildProcess
  url: string
  /** Everything it wrote, stdout and stderr. */
  output(): string
  /** Sends `signal` and resolves with the exit code or signal. */
  stop(signal?: NodeJS.Signals): Promise<number | string | null>
}

/**
 * Starts `mcp-deploy serve` (from source, through tsx) with `env` on top of a minimal
 * environment and `PORT=0`, and resolves once its `listening` log line names the URL.
 */
export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'serve'], {
    cwd: REPO_ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      npm_config_cache: process.env.npm_config_cache ?? '',
      PORT: '0',
      LOG_LEVEL: 'debug',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const chunks: string[] = []
  const exited = new Promise<number | string | null>((done) => {
    child.once('exit', (code, signal) => done(signal ?? code))
  })
  const url = await new Promise<string>((done, fail) => {
    const timer = setTimeout(
      () => fail(new Error(`server did not start:\n${chunks.join('')}`)),
      90_000,
    )
    const onData = (chunk: Buffer) => {
      chunks.push(String(chunk))
      const match = /"url":"(http:\/\/[^"]+)","store"/.exec(chunks.join(''))
      if (match?.[1]) {
        clearTimeout(timer)
        done(match[1])
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', (chunk: Buffer) => chunks.push(String(chunk)))
    void exited.then((how) => {
      clearTimeout(timer)
      fail(new Error(`server exited (${how}) before listening:\n${chunks.join('')}`))
    })
  })
  return {
    child,
    url,
    output: () => chunks.join(''),
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal)
      return exited
    },
  }
}

/** A process on this machine: its id, parent, process group and command line. */
export interface ProcessInfo {
  pid: number
  ppid: number
  pgid: number
  args: string
}

/**
 * Every process, outside this test process' group, whose environment has `TMPDIR=<marker>`:
 * the bridges LocalRuntime spawned for a server started with that `TMPDIR` (it passes `TMPDIR`
 * on), and their MCP servers. Other suites' processes have other markers.
 */
export async function processesMarked(marker: string): Promise<ProcessInfo[]> {
  const found: ProcessInfo[] = []
  // The servers under test are in this process' group (they are not detached), with their tsx
  // helpers; LocalRuntime's bridges are detached into groups of their own.
  const ownGroup = await groupOf(process.pid)
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const environ = await readFile(`/proc/${entry}/environ`, 'utf8')
      if (!environ.split('\0').includes(`TMPDIR=${marker}`)) continue
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8')
      // Fields after the command name in parentheses: state ppid pgrp …
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      const args = (await readFile(`/proc/${entry}/cmdline`, 'utf8')).split('\0').join(' ').trim()
      if (fields[0] === 'Z' || Number(fields[2]) === ownGroup) continue
      found.push({ pid: Number(entry), ppid: Number(fields[1]), pgid: Number(fields[2]), args })
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return found
}

async function groupOf(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8')
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2])
}

/** Whether `p` is `ancestor` or descends from it, within `all`. */
export function descendsFrom(
  p: ProcessInfo,
  ancestor: number,
  all: readonly ProcessInfo[],
): boolean {
  const byPid = new Map(all.map((x) => [x.pid, x]))
  for (let cur: ProcessInfo | undefined = p; cur; cur = byPid.get(cur.ppid)) {
    if (cur.pid === ancestor) return true
  }
  return false
}
