import type { CostEstimate } from '@mcp-remote/core'
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact'
import { afterEach, describe, expect, it } from 'vitest'
import type { ApiRequest, ApiResult } from '../api/api-client'
import { extensionFailure, failureFromResponse, unreachableFailure } from '../api/api-failure'
import { createExtensionApi } from '../api/extension-api'
import type { AnalysisView, CreateDeploymentBody, DeploymentView } from '../api/wire-types'
import { DeployPanel } from './deploy-panel'

afterEach(cleanup)

const estimate: CostEstimate = {
  runtime: 'fly',
  currency: 'USD',
  monthly_usd: 1.94,
  hourly_usd: 0.0027,
  idle_monthly_usd: 0.15,
  breakdown: [{ item: 'shared-cpu-1x 256 MB', monthly_usd: 1.94 }],
  source: 'fly.io/docs/about/pricing',
  as_of: '2026-11-01',
}

const analysis: AnalysisView = {
  id: 'ana_1',
  source: 'https://github.com/brave/brave-search-mcp-server',
  status: 'complete',
  config: {
    package_name: '@brave/brave-search-mcp-server',
    version: '2.0.0',
    display_name: 'Brave Search',
    env_vars: [
      {
        name: 'BRAVE_API_KEY',
        description: 'API key',
        required: true,
        secret: true,
        default: null,
      },
    ],
    run_command: 'npx',
    args: ['-y', '@brave/brave-search-mcp-server@2.0.0'],
    runtime_kind: 'node',
    transport: 'stdio',
    notes: '',
  },
  evidence: [{ field: 'run_command', detector: 'readme', file: 'README.md', line: 12 }],
  warnings: [],
  error: null,
}

const deploying: DeploymentView = {
  id: 'dep_1',
  source: analysis.source,
  package_name: '@brave/brave-search-mcp-server',
  display_name: 'Brave Search',
  runtime: 'fly',
  status: 'deploying',
  status_reason: null,
  retry_allowed: false,
  endpoints: null,
  tools: [],
  credential_names: ['BRAVE_API_KEY'],
  cost: estimate,
  events: [
    {
      at: '2026-11-25T10:00:00Z',
      from_status: null,
      to_status: 'deploying',
      reason: 'created',
      details: {},
    },
  ],
}

const localEstimate: CostEstimate = {
  runtime: 'local',
  currency: 'USD',
  monthly_usd: 0,
  hourly_usd: 0,
  idle_monthly_usd: 0,
  breakdown: [],
  source: 'runs on this machine: no hosting charges',
  as_of: '2026-11-01',
}

/** Options of {@link fakeServer}. */
interface FakeServerOptions {
  noAnalyzer?: boolean
  /** An older server without `GET /api/cost` (answers 404 not_found, as unknown routes do). */
  noCostRoute?: boolean
  /** What `GET /api/health` names as the default runtime. */
  defaultRuntime?: 'local' | 'fly'
  /**
   * How the first deploy requests go wrong, one entry each: the answer lost after the server
   * created the deployment (`timeout`, `unreachable`: the connection failed, `extension`: the
   * worker lost it), or `key_reused` (422 `idempotency_key_reused`). Later ones go normally.
   */
  createFailures?: Array<'timeout' | 'unreachable' | 'extension' | 'key_reused'>
  /** What `GET /api/health` says of each runtime (default: both pass their check). */
  runtimes?: Record<string, { ok: boolean; error?: string }>
}

/**
 * A fake server that behaves like DESIGN.md §7 and docs/server.md: analysis answers once,
 * `GET /api/cost` prices a runtime, a deployment without confirm_cost is refused with the
 * estimate (after the credentials are checked, as the server does), one with it is accepted.
 * It records every request and every posted body.
 */
function fakeServer(opts: FakeServerOptions = {}) {
  const posted: CreateDeploymentBody[] = []
  /** The `Idempotency-Key` of each deploy request. */
  const keys: Array<string | undefined> = []
  /** Deployments created, by key: a repeated key is answered with the first one's. */
  const created = new Map<string | undefined, DeploymentView>()
  const failures = [...(opts.createFailures ?? [])]
  const requests: string[] = []
  const send = async (req: ApiRequest): Promise<ApiResult> => {
    requests.push(`${req.method} ${req.path}`)
    const ctx = { serverUrl: 'http://127.0.0.1:8787', extensionOrigin: 'chrome-extension://x' }
    const refuse = (status: number, error: string, details: Record<string, unknown> = {}) => ({
      ok: false as const,
      failure: failureFromResponse(
        status,
        { error, message: error, details, retry_allowed: false },
        ctx,
      ),
    })
    const priced = (runtime: string | undefined) => (runtime === 'fly' ? estimate : localEstimate)
    if (req.path === '/api/health') {
      return {
        ok: true,
        status: 200,
        data: {
          status: 'ok',
          runtimes: opts.runtimes ?? { local: { ok: true }, fly: { ok: true } },
          ...(opts.defaultRuntime ? { default_runtime: opts.defaultRuntime } : {}),
        },
      }
    }
    if (req.path === '/api/analyze') {
      return opts.noAnalyzer
        ? refuse(422, 'analysis_failed', {})
        : { ok: true, status: 200, data: analysis }
    }
    if (req.path.startsWith('/api/cost') && req.method === 'GET') {
      if (opts.noCostRoute) return refuse(404, 'not_found')
      const runtime = new URL(req.path, 'http://x').searchParams.get('runtime') ?? undefined
      return { ok: true, status: 200, data: priced(runtime) }
    }
    if (req.path === '/api/deployments' && req.method === 'POST') {
      const body = req.body as CreateDeploymentBody
      posted.push(body)
      keys.push(req.idempotencyKey)
      const earlier = req.idempotencyKey ? created.get(req.idempotencyKey) : undefined
      if (earlier) return { ok: true, status: 202, data: earlier }
      const failure = failures.shift()
      if (failure === 'key_reused') {
        return refuse(422, 'idempotency_key_reused', { deployment_id: 'dep_0' })
      }
      if (failure) {
        // Created, but the answer never reached the form.
        created.set(req.idempotencyKey, deploying)
        const lost = {
          timeout: unreachableFailure(ctx, true),
          unreachable: unreachableFailure(ctx),
          extension: extensionFailure('no answer from the background worker'),
        }[failure]
        return { ok: false, failure: lost }
      }
      const required = body.config.env_vars.filter((v) => v.required).map((v) => v.name)
      const missing = required.filter((name) => !body.credentials[name])
      if (missing.length > 0) return refuse(422, 'missing_credentials', { missing })
      if (!body.confirm_cost) {
        return refuse(400, 'cost_not_confirmed', { estimate: priced(body.runtime) })
      }
      created.set(req.idempotencyKey, deploying)
      return { ok: true, status: 202, data: deploying }
    }
    if (req.path === '/api/deployments/dep_1') return { ok: true, status: 200, data: deploying }
    return refuse(404, 'not_found')
  }
  return { api: createExtensionApi(send), posted, keys, created, requests }
}

function open(opts: FakeServerOptions = {}) {
  const server = fakeServer(opts)
  render(
    <DeployPanel
      api={server.api}
      sourceUrl={analysis.source}
      title="brave/brave-search-mcp-server"
      onClose={() => {}}
    />,
  )
  return server
}

const keyField = () =>
  screen.getByLabelText(/BRAVE_API_KEY/, { selector: 'input' }) as HTMLInputElement
const deployButton = () => screen.getByRole('button', { name: 'Deploy' }) as HTMLButtonElement
const acceptBox = () => screen.getByRole('checkbox', { name: /accept this cost/ })

describe('DeployPanel', () => {
  it('shows the detected server, its run command and the evidence', async () => {
    open()
    expect(await screen.findByText('Brave Search')).toBeTruthy()
    expect(screen.getByText('npx -y @brave/brave-search-mcp-server@2.0.0')).toBeTruthy()
    expect(screen.getByText('README.md:12')).toBeTruthy()
  })

  it("offers the runtimes the server lists, the server's default selected", async () => {
    open({ defaultRuntime: 'fly' })
    await screen.findByText('Brave Search')
    const radios = screen.getAllByRole('radio') as HTMLInputElement[]
    expect(radios.map((r) => r.value)).toEqual(['local', 'fly'])
    expect(radios.find((r) => r.checked)?.value).toBe('fly')
    expect(await screen.findByText(/about \$1\.94 per month/)).toBeTruthy()
  })

  it("still offers, and preselects, the server's default runtime when its health check failed", async () => {
    // The server's Fly check lists apps with a 2 s timeout: a slow Fly API marks it failed,
    // yet the server still deploys there (and does so by default).
    const server = open({
      defaultRuntime: 'fly',
      runtimes: { fly: { ok: false, error: 'timed out' }, local: { ok: true } },
    })
    await screen.findByText('Brave Search')
    const radios = screen.getAllByRole('radio') as HTMLInputElement[]
    expect(radios.map((r) => r.value)).toEqual(['local', 'fly'])
    const fly = radios.find((r) => r.value === 'fly')!
    expect(fly.checked).toBe(true)
    expect(document.getElementById(fly.getAttribute('aria-describedby')!)?.textContent).toContain(
      'timed out',
    )
    expect(await screen.findByText(/about \$1\.94 per month/)).toBeTruthy()
    expect(server.requests).toContain('GET /api/cost?runtime=fly')
  })

  it('shows the cost and its confirmation before anything is posted, Deploy disabled until accepted', async () => {
    const server = open()
    expect(await screen.findByText(/costs nothing/)).toBeTruthy()
    expect(acceptBox()).toBeTruthy()
    expect(deployButton().disabled).toBe(true)
    expect(screen.getByText('Accept the cost to deploy.')).toBeTruthy()
    expect(server.requests).toContain('GET /api/cost?runtime=local')
    expect(server.posted).toEqual([])
    fireEvent.click(acceptBox())
    expect(deployButton().disabled).toBe(false)
  })

  it('asks the estimate again when the runtime changes, showing the monthly and idle cost, and wants a new confirmation', async () => {
    const server = open()
    await screen.findByText(/costs nothing/)
    fireEvent.click(acceptBox())
    fireEvent.click(screen.getByRole('radio', { name: /Fly/ }))
    expect(
      await screen.findByText(
        /about \$1\.94 per month while running \(\$0\.0027 per hour\) and \$0\.15 per month while stopped/,
      ),
    ).toBeTruthy()
    expect(server.requests).toContain('GET /api/cost?runtime=fly')
    expect((acceptBox() as HTMLInputElement).checked).toBe(false)
    expect(deployButton().disabled).toBe(true)
    expect(server.posted).toEqual([])
  })

  it('will not deploy with a required field empty, and says which one', async () => {
    const server = open()
    await screen.findByText(/costs nothing/)
    fireEvent.click(acceptBox())
    fireEvent.click(deployButton())
    expect(await screen.findByText('BRAVE_API_KEY is required.')).toBeTruthy()
    expect(server.posted).toEqual([])
  })

  it('deploys with one request carrying confirm_cost once the cost is accepted', async () => {
    const server = open()
    await screen.findByText('Brave Search')
    fireEvent.click(screen.getByRole('radio', { name: /Fly/ }))
    await screen.findByText(/about \$1\.94 per month/)
    fireEvent.input(keyField(), { target: { value: 'bsa-secret' } })
    fireEvent.click(acceptBox())
    fireEvent.click(deployButton())
    await screen.findByText(/Deploying…/)
    expect(server.posted).toEqual([
      {
        analysis_id: 'ana_1',
        config: analysis.config,
        credentials: { BRAVE_API_KEY: 'bsa-secret' },
        runtime: 'fly',
        confirm_cost: true,
      },
    ])
  })

  it('falls back to the cost_not_confirmed answer on a server that cannot price in advance', async () => {
    const server = open({ noCostRoute: true })
    expect(await screen.findByText(/does not state the cost in advance/)).toBeTruthy()
    expect(screen.queryByRole('alert')).toBeNull()
    fireEvent.input(keyField(), { target: { value: 'bsa-secret' } })
    fireEvent.click(screen.getByRole('button', { name: 'Review cost' }))
    expect(await screen.findByText('Review the cost and tick the box to deploy.')).toBeTruthy()
    expect(screen.getByText(/costs nothing/)).toBeTruthy()
    expect(server.posted.map((b) => b.confirm_cost)).toEqual([undefined])
    expect(deployButton().disabled).toBe(true)

    fireEvent.click(acceptBox())
    fireEvent.click(deployButton())
    await screen.findByText(/Deploying…/)
    expect(server.posted.map((b) => b.confirm_cost)).toEqual([undefined, true])
  })

  it('closes on Escape, but not on the Escape that ends an IME composition', async () => {
    let closed = 0
    const server = fakeServer()
    render(
      <DeployPanel
        api={server.api}
        sourceUrl={analysis.source}
        title="o/r"
        onClose={() => {
          closed += 1
        }}
      />,
    )
    await screen.findByText(/costs nothing/)
    fireEvent.keyDown(keyField(), { key: 'Escape', isComposing: true })
    expect(closed).toBe(0)
    fireEvent.keyDown(keyField(), { key: 'Escape' })
    expect(closed).toBe(1)
  })

  it('keeps Tab and Shift+Tab inside the panel, wrapping at its ends', async () => {
    open()
    await screen.findByText(/costs nothing/)
    fireEvent.click(acceptBox())
    const dialog = screen.getByRole('dialog', { name: 'Deploy to Cloud' })
    const close = screen.getByRole('button', { name: 'Close the Deploy to Cloud panel' })
    deployButton().focus()
    fireEvent.keyDown(deployButton(), { key: 'Tab' })
    expect(document.activeElement).toBe(close)
    fireEvent.keyDown(close, { key: 'Tab', shiftKey: true })
    expect(document.activeElement).toBe(deployButton())
    // A stop in the middle is left to the browser.
    keyField().focus()
    fireEvent.keyDown(keyField(), { key: 'Tab' })
    expect(document.activeElement).toBe(keyField())
    expect(dialog.getAttribute('aria-modal')).toBe('true')
  })

  it('keeps the focus in the panel when Deploy gives way to the progress', async () => {
    open()
    await screen.findByText(/costs nothing/)
    fireEvent.input(keyField(), { target: { value: 'bsa-secret' } })
    fireEvent.click(acceptBox())
    deployButton().focus()
    fireEvent.click(deployButton())
    await screen.findByText(/this page updates by itself/)
    const dialog = screen.getByRole('dialog', { name: 'Deploy to Cloud' })
    await waitFor(() => expect(dialog.contains(document.activeElement)).toBe(true))
  })

  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

  it.each([
    ['timed out', 'timeout', 'did not answer in time'],
    ['failed on the network', 'unreachable', 'Cannot reach the server'],
    ['was lost by the worker', 'extension', 'could not complete the call'],
  ] as const)(
    'offers a safe Retry when the deploy request %s, resending the same Idempotency-Key',
    async (_, failure, says) => {
      const server = open({ createFailures: [failure] })
      await screen.findByText(/costs nothing/)
      fireEvent.input(keyField(), { target: { value: 'bsa-secret' } })
      fireEvent.click(acceptBox())
      fireEvent.click(deployButton())
      const alert = await screen.findByRole('alert')
      expect(alert.textContent).toContain(says)
      expect(alert.textContent).toContain('Retrying is safe')
      expect(alert.textContent).toContain('will not deploy it twice')
      expect(alert.textContent).not.toContain('popup')
      fireEvent.click(screen.getByRole('button', { name: 'Retry' }))
      await screen.findByText(/this page updates by itself/)
      expect(server.posted).toHaveLength(2)
      expect(server.posted[1]).toEqual(server.posted[0])
      expect(server.keys[0]).toMatch(UUID)
      expect(server.keys[1]).toBe(server.keys[0])
      expect(server.created.size).toBe(1) // the retry was answered with the first deployment
    },
  )

  it('sends a new Idempotency-Key once the form says something else', async () => {
    const server = open({ createFailures: ['timeout'] })
    await screen.findByText(/costs nothing/)
    fireEvent.input(keyField(), { target: { value: 'bsa-secret' } })
    fireEvent.click(acceptBox())
    fireEvent.click(deployButton())
    await screen.findByRole('alert')
    // Deploy again, unchanged: the same request, so the same key.
    fireEvent.click(deployButton())
    await waitFor(() => expect(server.posted).toHaveLength(2))
    await screen.findByText(/this page updates by itself/)
    expect(server.keys[1]).toBe(server.keys[0])
    cleanup()

    const other = open({ createFailures: ['timeout'] })
    await screen.findByText(/costs nothing/)
    fireEvent.input(keyField(), { target: { value: 'bsa-secret' } })
    fireEvent.click(acceptBox())
    fireEvent.click(deployButton())
    await screen.findByRole('alert')
    fireEvent.input(keyField(), { target: { value: 'bsa-other-secret' } })
    fireEvent.click(deployButton())
    await screen.findByText(/this page updates by itself/)
    expect(other.posted.map((b) => b.credentials.BRAVE_API_KEY)).toEqual([
      'bsa-secret',
      'bsa-other-secret',
    ])
    expect(other.keys[0]).toMatch(UUID)
    expect(other.keys[1]).toMatch(UUID)
    expect(other.keys[1]).not.toBe(other.keys[0])
  })

  it('explains a 422 idempotency_key_reused without Retry, and deploys with a fresh key next', async () => {
    const server = open({ createFailures: ['key_reused'] })
    await screen.findByText(/costs nothing/)
    fireEvent.input(keyField(), { target: { value: 'bsa-secret' } })
    fireEvent.click(acceptBox())
    fireEvent.click(deployButton())
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain('already sent with different settings')
    expect(alert.textContent).toContain('Deploy again from the form')
    expect(screen.queryByRole('button', { name: 'Retry' })).toBeNull()
    fireEvent.click(deployButton())
    await screen.findByText(/this page updates by itself/)
    expect(server.posted).toHaveLength(2)
    expect(server.posted[1]).toEqual(server.posted[0])
    expect(server.keys[1]).toMatch(UUID)
    expect(server.keys[1]).not.toBe(server.keys[0])
  })

  it('lets the user write the configuration when analysis fails, and deploys it by source', async () => {
    const server = fakeServer({ noAnalyzer: true })
    render(
      <DeployPanel api={server.api} sourceUrl={analysis.source} title="o/r" onClose={() => {}} />,
    )
    expect((await screen.findByRole('alert')).textContent).toContain('The analysis failed.')
    fireEvent.click(screen.getByText('Enter the configuration yourself'))
    const editor = screen.getByLabelText('Configuration (JSON)') as HTMLTextAreaElement
    fireEvent.input(editor, {
      target: {
        value: JSON.stringify({
          package_name: 'pkg',
          display_name: 'Pkg',
          run_command: 'npx',
          args: ['-y', 'pkg'],
        }),
      },
    })
    fireEvent.click(screen.getByRole('button', { name: 'Use this configuration' }))
    expect(await screen.findByText('This server needs no environment variables.')).toBeTruthy()
    fireEvent.click(await screen.findByRole('checkbox', { name: /accept this cost/ }))
    fireEvent.click(deployButton())
    await screen.findByText(/Deploying…/)
    expect(server.posted).toHaveLength(1)
    const sent = server.posted[0]
    expect(sent?.confirm_cost).toBe(true)
    expect(sent?.source).toBe(analysis.source)
    expect(sent?.analysis_id).toBeUndefined()
    expect(sent?.config.package_name).toBe('pkg')
  })
})
