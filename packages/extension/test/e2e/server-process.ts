import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

/** The repository root (this file is packages/extension/test/e2e/). */
export const REPO_ROOT = resolve(import.meta.dirname, '../../../..')
/** The built server CLI the e2e runs. */
export const SERVER_CLI = join(REPO_ROOT, 'packages/server/dist/cli.js')

/** A running `mcp-deploy serve`. */
export interface ServerProcess {
  url: string
  token: string
  /** Everything it printed, for failure messages (never holds credentials: the server redacts). */
  output(): string
  close(): Promise<void>
}

/** Options of {@link startServerProcess}. */
export interface ServerProcessOptions {
  token: string
  corsOrigin: string
  /** Extra environment (e.g. `GITHUB_API_URL` of a fixture). */
  env?: Record<string, string>
  startTimeoutMs?: number
}

/**
 * Starts the real server on a free loopback port with embedded defaults (PGlite in a temporary
 * data directory, LocalRuntime), and resolves once it prints its URL.
 * @throws when the server is not built or does not start, with its output.
 */
export async function startServerProcess(opts: ServerProcessOptions): Promise<ServerProcess> {
  if (!existsSync(SERVER_CLI)) {
    throw new Error(`The server is not built (${SERVER_CLI} is missing): run npm run build first.`)
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'mcpr-ext-e2e-'))
  let out = ''
  // Its own embedded store: inheriting DATABASE_URL would share the database (and its 24 h
  // analysis cache) with other suites and earlier runs, so the GitHub fixture might not be asked.
  const { DATABASE_URL: _shared, ...inherited } = process.env
  const child: ChildProcess = spawn(process.execPath, [SERVER_CLI, 'serve'], {
    cwd: REPO_ROOT,
    env: {
      ...inherited,
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      MCP_REMOTE_API_TOKEN: opts.token,
      MCP_REMOTE_CORS_ORIGINS: opts.corsOrigin,
      LOG_LEVEL: 'warn',
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  )
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the server did not start in time:\n${out}`)),
      opts.startTimeoutMs ?? 90_000,
    )
    const onData = (chunk: Buffer) => {
      out += chunk.toString()
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)
      if (match?.[1]) {
        clearTimeout(timer)
        resolve(match[1])
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    void exited.then((code) => {
      clearTimeout(timer)
      reject(new Error(`the server exited (${code}) before listening:\n${out}`))
    })
  })
  return {
    url,
    token: opts.token,
    output: () => out,
    close: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM')
        const killer = setTimeout(() => child.kill('SIGKILL'), 10_000)
        await exited
        clearTimeout(killer)
      }
      await rm(dataDir, { recursive: true, force: true })
    },
  }
}
