import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CONFIG, harness, TOKEN } from '../../test/app-harness.js'
import { fakeIo } from '../../test/fake-io.js'
import { FakePlatform } from '../../test/fake-platform.js'
import { EXIT_CODES } from './exit-codes.js'
import { HttpApiClient } from './http-api-client.js'
import { runCli } from './run-cli.js'

const SECRET = 'sk-canary-cli-5150'

async function configFile(config: unknown = CONFIG): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), 'cli-')), 'config.json')
  await writeFile(path, typeof config === 'string' ? config : JSON.stringify(config))
  return path
}

/** Runs the CLI against an in-process app over a fake platform. */
function cli(
  opts: Parameters<typeof fakeIo>[0] & {
    platform?: FakePlatform
    settleTo?: 'running' | 'failed'
  } = {},
) {
  const platform = opts.platform ?? new FakePlatform()
  const { app } = harness({ platform })
  const io = fakeIo({
    ...opts,
    onSleep: () => {
      for (const d of platform.deployments.values()) {
        if (d.status === 'deploying') platform.settle(d.id, opts.settleTo ?? 'running')
      }
    },
  })
  const run = (...argv: string[]) =>
    runCli(argv, {
      io: io.io,
      openClient: async () =>
        new HttpApiClient({
          url: 'http://api.test',
          token: TOKEN,
          fetch: async (url, init) => app.request(url, init),
        }),
    })
  return { ...io, platform, run }
}

describe('mcp-deploy deploy', () => {
  it('deploys a config file with a credential read from the environment, then shows how to connect', async () => {
    const c = cli({ env: { API_KEY: SECRET } })
    const code = await c.run('deploy', await configFile(), '--env', 'API_KEY', '--yes')
    expect(code).toBe(EXIT_CODES.ok)
    expect(c.platform.deployInputs[0]?.credentials).toEqual({ API_KEY: SECRET })
    expect(c.stdout()).toContain('status       running')
    expect(c.stdout()).toContain(
      'claude mcp add --transport http server-everything http://127.0.0.1:40000/t/',
    )
    expect(c.stdout() + c.stderr()).not.toContain(SECRET)
  })

  it('stops with exit 6 and the estimate when the cost is not confirmed and nobody can be asked', async () => {
    const c = cli({ env: { API_KEY: SECRET } })
    const code = await c.run('deploy', await configFile(), '--env', 'API_KEY')
    expect(code).toBe(EXIT_CODES.costNotConfirmed)
    expect(c.stderr()).toContain('Estimated cost: free (local runtime)')
    expect(c.stderr()).toContain('confirm the estimated cost with --yes')
    expect(c.platform.deployments.size).toBe(0)
    // The estimate comes from GET /api/cost: the credential never left on a refused deploy.
    expect(c.platform.deployInputs).toEqual([])
  })

  it('asks on a terminal for the cost and for missing credentials without echoing them', async () => {
    const c = cli({ tty: true, answers: [`${SECRET}\r`, 'y\r'] })
    const code = await c.run('deploy', await configFile())
    expect(code).toBe(EXIT_CODES.ok)
    expect(c.platform.deployInputs[0]?.credentials).toEqual({ API_KEY: SECRET })
    expect(c.stderr()).toContain('API_KEY (key): ')
    expect(c.stderr()).toContain('Deploy? [y/N]')
    expect(c.stderr()).not.toContain(SECRET)
  })

  it('cancels when the user declines the cost', async () => {
    const c = cli({ tty: true, answers: [`${SECRET}\r`, 'n\r'] })
    expect(await c.run('deploy', await configFile())).toBe(EXIT_CODES.costNotConfirmed)
    expect(c.platform.deployments.size).toBe(0)
  })

  it('refuses an --env variable that is not set when it cannot prompt', async () => {
    const c = cli()
    expect(await c.run('deploy', await configFile(), '--env', 'API_KEY', '--yes')).toBe(
      EXIT_CODES.usage,
    )
    expect(c.stderr()).toContain('API_KEY is not set in the environment')
  })

  it('refuses a credential value on the command line without repeating it', async () => {
    const c = cli()
    const code = await c.run('deploy', await configFile(), '--env', `API_KEY=${SECRET}`, '--yes')
    expect(code).toBe(EXIT_CODES.usage)
    expect(c.stderr()).not.toContain(SECRET)
  })

  it('exits 5 naming the missing credential when none was given', async () => {
    const c = cli()
    expect(await c.run('deploy', await configFile(), '--yes')).toBe(EXIT_CODES.rejected)
    expect(c.stderr()).toContain('missing: API_KEY')
  })

  it('exits 9 when the deployment ends failed', async () => {
    const c = cli({ env: { API_KEY: SECRET }, settleTo: 'failed' })
    expect(await c.run('deploy', await configFile(), '--env', 'API_KEY', '-y')).toBe(
      EXIT_CODES.deploymentFailed,
    )
  })

  it('prints the deployment as JSON with --json, and returns at once with --detach', async () => {
    const c = cli({ env: { API_KEY: SECRET } })
    expect(await c.run('deploy', await configFile(), '--env', 'API_KEY', '-y', '--json')).toBe(0)
    expect(JSON.parse(c.stdout())).toMatchObject({ status: 'running', tools: ['echo'] })
    const d = cli({ env: { API_KEY: SECRET } })
    expect(
      await d.run('deploy', await configFile(), '--env', 'API_KEY', '-y', '--detach', '--json'),
    ).toBe(0)
    expect(JSON.parse(d.stdout())).toMatchObject({ status: 'deploying' })
  })

  it('deploys an npm package through its analysis', async () => {
    const platform = new FakePlatform()
    platform.addAnalysis({
      id: 'ana_1',
      source: 'npm:@modelcontextprotocol/server-everything',
      config: CONFIG,
    })
    const c = cli({ platform, env: { API_KEY: SECRET } })
    const code = await c.run(
      'deploy',
      '--package',
      '@modelcontextprotocol/server-everything',
      '--env',
      'API_KEY',
      '-y',
    )
    expect(code).toBe(0)
    expect(platform.analyzeCalls[0]?.source).toBe('npm:@modelcontextprotocol/server-everything')
    expect(platform.deployInputs[0]?.source).toBe('npm:@modelcontextprotocol/server-everything')
  })

  it("deploys an npm package with its own arguments in place of the analysis' examples", async () => {
    const platform = new FakePlatform()
    const example = 'args come from an example in README.md: replace them with your own values'
    platform.addAnalysis({
      id: 'ana_1',
      source: 'npm:@modelcontextprotocol/server-everything',
      config: { ...CONFIG, args: ['/Users/username/Desktop'] },
      warnings: [example],
    })
    const c = cli({ platform, env: { API_KEY: SECRET } })
    const code = await c.run(
      'deploy',
      '--package',
      '@modelcontextprotocol/server-everything',
      '--arg',
      '/srv/data',
      '--arg=--read-only',
      '--env',
      'API_KEY',
      '-y',
    )
    expect(code).toBe(0)
    expect(platform.deployInputs[0]?.config).toMatchObject({ args: ['/srv/data', '--read-only'] })
    expect(c.stderr()).not.toContain(example)
    expect(await c.run('deploy', await configFile(), '--arg', 'x', '-y')).toBe(EXIT_CODES.usage)
  })

  it('deploys a GitHub repository given as its URL, through its analysis', async () => {
    const platform = new FakePlatform()
    platform.addAnalysis({ id: 'ana_1', source: 'https://github.com/acme/weather', config: CONFIG })
    const c = cli({ platform, env: { API_KEY: SECRET } })
    const code = await c.run('deploy', 'https://github.com/acme/weather', '--env', 'API_KEY', '-y')
    expect(code).toBe(0)
    expect(platform.analyzeCalls[0]?.source).toBe('https://github.com/acme/weather')
    expect(platform.deployInputs[0]?.source).toBe('https://github.com/acme/weather')
  })

  it('explains a config file that is not JSON', async () => {
    const c = cli()
    expect(await c.run('deploy', await configFile('{nope'), '-y')).toBe(EXIT_CODES.usage)
    expect(c.stderr()).toContain('is not valid JSON')
  })
})

describe('mcp-deploy analyze', () => {
  it('prints exactly the AnalysisResult with --json', async () => {
    const platform = new FakePlatform()
    platform.addAnalysis({
      id: 'ana_1',
      source: 'https://github.com/o/r',
      config: CONFIG,
      warnings: ['w'],
    })
    const c = cli({ platform })
    expect(await c.run('analyze', 'https://github.com/o/r', '--json', '--refresh')).toBe(0)
    const result = JSON.parse(c.stdout())
    expect(Object.keys(result).sort()).toEqual(['config', 'evidence', 'status', 'warnings'])
    expect(result).toMatchObject({ status: 'complete', warnings: ['w'] })
    expect(platform.analyzeCalls).toEqual([{ source: 'https://github.com/o/r', refresh: true }])
  })

  it('exits 5 when the analysis failed', async () => {
    const c = cli()
    expect(await c.run('analyze', 'npm:left-pad')).toBe(EXIT_CODES.rejected)
    expect(c.stdout()).toContain('failed')
  })
})

describe('mcp-deploy ls, status, stop, restart, rm', () => {
  async function withDeployment() {
    const c = cli({ env: { API_KEY: SECRET } })
    await c.run('deploy', await configFile(), '--env', 'API_KEY', '-y', '--detach')
    return c
  }

  it('lists deployments as a table and as JSON', async () => {
    const c = await withDeployment()
    await c.run('ls')
    expect(c.stdout()).toMatch(/ID\s+NAME\s+STATUS\s+RUNTIME\s+COST\s+CREATED/)
    expect(c.stdout()).toMatch(/dep_0001\s+Everything\s+deploying\s+local\s+free/)
    const j = cli()
    await j.run('ls', '--json')
    expect(JSON.parse(j.stdout())).toEqual([])
  })

  it('maps API errors to exit codes: not found 3, invalid transition 4', async () => {
    const c = await withDeployment()
    expect(await c.run('status', 'dep_9')).toBe(EXIT_CODES.notFound)
    expect(await c.run('stop', 'dep_0001')).toBe(EXIT_CODES.conflict)
    expect(c.stderr()).toContain('cannot stop a deployment that is deploying (invalid_transition)')
  })

  it('prints the API error body with --json', async () => {
    const c = cli()
    expect(await c.run('status', 'dep_9', '--json')).toBe(EXIT_CODES.notFound)
    expect(JSON.parse(c.stdout())).toMatchObject({ error: 'not_found', retry_allowed: false })
  })

  it('stops, restarts (waiting for running) and removes', async () => {
    const c = await withDeployment()
    c.platform.settle('dep_0001', 'running')
    expect(await c.run('stop', 'dep_0001')).toBe(0)
    expect(await c.run('restart', 'dep_0001')).toBe(0)
    expect(c.stdout()).toContain('Everything (dep_0001) is running')
    expect(await c.run('rm', 'dep_0001')).toBe(0)
    expect(c.platform.deployments.size).toBe(0)
  })
})

describe('command line errors', () => {
  it.each([
    [['frobnicate'], 'unknown command frobnicate'],
    [['ls', '--frob'], "Unknown option '--frob'"],
    [['status'], 'status takes one deployment id'],
    [['deploy', '--runtime', 'moon', 'x.json'], '--runtime must be one of: local, fly'],
    [['restart', 'dep_1', '--env', 'API_KEY'], 'restart does not take --env'],
    [['ls', '--yes', '--refresh'], 'ls does not take --yes, --refresh'],
    [['rotate-keys', '--url', 'http://127.0.0.1:8787'], 'rotate-keys does not take --url'],
    [['serve', '--local'], 'serve does not take --local'],
    [['deploy', 'x.json', '--local', '--detach'], '--detach needs a server'],
    [['restart', 'dep_1', '--local', '--detach'], '--detach needs a server'],
  ])('exits 2 for %j', async (argv, message) => {
    const c = cli()
    expect(await c.run(...argv)).toBe(EXIT_CODES.usage)
    expect(c.stderr()).toContain(message)
  })

  it('asks for an API token before talking to a server', async () => {
    const { io, stderr } = fakeIo()
    expect(await runCli(['ls'], { io })).toBe(EXIT_CODES.usage)
    expect(stderr()).toContain('set MCP_REMOTE_API_TOKEN')
  })

  it('reports an unreachable server with exit 8', async () => {
    const { io, stderr } = fakeIo({
      env: { MCP_REMOTE_API_TOKEN: TOKEN, MCP_REMOTE_URL: 'http://127.0.0.1:9' },
    })
    expect(await runCli(['ls'], { io })).toBe(EXIT_CODES.unavailable)
    expect(stderr()).toContain('cannot reach the server at http://127.0.0.1:9')
  })

  it('names a bad configuration variable in one line', async () => {
    const { io, stderr } = fakeIo({ env: { PORT: 'abc' } })
    expect(await runCli(['serve'], { io })).toBe(EXIT_CODES.usage)
    expect(stderr()).toBe(
      'mcp-deploy: invalid configuration: PORT must be an integer from 0 to 65535\n',
    )
  })

  it('prints help and the version', async () => {
    const c = cli()
    expect(await c.run('--help')).toBe(0)
    expect(c.stdout()).toContain('Exit codes')
    expect(await c.run()).toBe(EXIT_CODES.usage)
  })
})

describe('--json', () => {
  it.each([
    [['frobnicate', '--json'], 'unknown command frobnicate'],
    [['ls', '--frob', '--json'], "Unknown option '--frob'"],
    [['status', '--json'], 'status takes one deployment id'],
    [['deploy', '--json', '/nonexistent/config.json'], 'cannot read /nonexistent/config.json'],
    [['--json'], 'no command given'],
  ])('prints a usage error for %j as one error body on stdout, exit 2', async (argv, message) => {
    const c = cli()
    expect(await c.run(...argv)).toBe(EXIT_CODES.usage)
    const body = JSON.parse(c.stdout())
    expect(body).toMatchObject({ error: 'invalid_request', details: {}, retry_allowed: false })
    expect(body.message).toContain(message)
  })

  it('prints a configuration error as one error body on stdout, exit 2', async () => {
    const { io, stdout } = fakeIo({ env: { PORT: 'abc' } })
    expect(await runCli(['serve', '--json'], { io })).toBe(EXIT_CODES.usage)
    expect(JSON.parse(stdout())).toMatchObject({
      error: 'invalid_request',
      message: 'invalid configuration: PORT must be an integer from 0 to 65535',
    })
  })

  it('prints an interrupted prompt as one error body on stdout, exit 130', async () => {
    const c = cli({ tty: true, answers: ['\u0003'] })
    expect(await c.run('deploy', await configFile(), '--json')).toBe(EXIT_CODES.interrupted)
    expect(JSON.parse(c.stdout())).toMatchObject({ error: 'interrupted' })
  })

  it('prints the version as JSON', async () => {
    const c = cli()
    expect(await c.run('--version', '--json')).toBe(EXIT_CODES.ok)
    expect(JSON.parse(c.stdout())).toEqual({ version: expect.any(String) })
  })
})
