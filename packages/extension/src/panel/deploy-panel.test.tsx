import type { CostEstimate } from '@mcp-remote/core'
import { cleanup, fireEvent, render, screen } from '@testing-library/preact'
import { afterEach, describe, expect, it } from 'vitest'
import type { ApiRequest, ApiResult } from '../api/api-client'
import { failureFromResponse } from '../api/api-failure'
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

/**
 * A fake server that behaves like DESIGN.md §7: analysis answers once, a deployment without
 * confirm_cost is refused with the estimate, one with it is accepted. It records every body.
 */
function fakeServer(opts: { noAnalyzer?: boolean } = {}) {
  const posted: CreateDeploymentBody[] = []
  const send = async (req: ApiRequest): Promise<ApiResult> => {
    const ctx = { serverUrl: 'http://127.0.0.1:8787', extensionOrigin: 'chrome-extension://x' }
    const refuse = (status: number, error: string, details: Record<string, unknown> = {}) => ({
      ok: false as const,
      failure: failureFromResponse(
        status,
        { error, message: error, details, retry_allowed: false },
        ctx,
      ),
    })
    if (req.path === '/api/health')
      return { ok: true, status: 200, data: { status: 'ok', runtimes: ['local', 'fly'] } }
    if (req.path === '/api/analyze') {
      return opts.noAnalyzer
        ? refuse(422, 'analysis_failed', {})
        : { ok: true, status: 200, data: analysis }
    }
    if (req.path === '/api/deployments' && req.method === 'POST') {
      const body = req.body as CreateDeploymentBody
      posted.push(body)
      if (!body.confirm_cost) {
        return refuse(400, 'cost_not_confirmed', {
          estimate: { ...estimate, runtime: body.runtime },
        })
      }
      if (!body.credentials.BRAVE_API_KEY)
        return refuse(400, 'missing_credentials', { missing: ['BRAVE_API_KEY'] })
      return { ok: true, status: 202, data: deploying }
    }
    if (req.path === '/api/deployments/dep_1') return { ok: true, status: 200, data: deploying }
    return refuse(404, 'not_found')
  }
  return { api: createExtensionApi(send), posted }
}

function open() {
  const server = fakeServer()
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

describe('DeployPanel', () => {
  it('shows the detected server, its run command and the evidence', async () => {
    open()
    expect(await screen.findByText('Brave Search')).toBeTruthy()
    expect(screen.getByText('npx -y @brave/brave-search-mcp-server@2.0.0')).toBeTruthy()
    expect(screen.getByText('README.md:12')).toBeTruthy()
  })

  it('offers the runtimes the server lists', async () => {
    open()
    await screen.findByText('Brave Search')
    expect(screen.getAllByRole('radio').map((r) => (r as HTMLInputElement).value)).toEqual([
      'local',
      'fly',
    ])
  })

  it('will not deploy with a required field empty, and says which one', async () => {
    const server = open()
    await screen.findByText('Brave Search')
    fireEvent.click(screen.getByRole('button', { name: /^(Deploy|Review cost)$/ }))
    expect(await screen.findByText('BRAVE_API_KEY is required.')).toBeTruthy()
    expect(server.posted.every((b) => !b.confirm_cost)).toBe(true)
  })

  it('shows the cost and deploys only once the cost is accepted', async () => {
    const server = open()
    await screen.findByText('Brave Search')
    fireEvent.click(screen.getByRole('radio', { name: /Fly/ }))
    expect(await screen.findByText(/about \$1\.94 per month/)).toBeTruthy()
    fireEvent.input(keyField(), { target: { value: 'bsa-secret' } })
    fireEvent.click(screen.getByRole('button', { name: 'Deploy' }))
    expect(
      await screen.findByText('Tick the box to accept the cost before deploying.'),
    ).toBeTruthy()
    expect(server.posted.some((b) => b.confirm_cost)).toBe(false)

    fireEvent.click(screen.getByRole('checkbox', { name: /accept this cost/ }))
    fireEvent.click(screen.getByRole('button', { name: 'Deploy' }))
    await screen.findByText(/Deploying…/)
    const confirmed = server.posted.filter((b) => b.confirm_cost)
    expect(confirmed).toEqual([
      {
        analysis_id: 'ana_1',
        config: analysis.config,
        credentials: { BRAVE_API_KEY: 'bsa-secret' },
        runtime: 'fly',
        confirm_cost: true,
      },
    ])
  })

  it('never sends a credential while asking for the estimate', async () => {
    const server = open()
    await screen.findByText(/per month|costs nothing/)
    expect(server.posted.length).toBeGreaterThan(0)
    expect(server.posted.every((b) => Object.keys(b.credentials).length === 0)).toBe(true)
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
    fireEvent.click(screen.getByRole('button', { name: 'Deploy' }))
    await screen.findByText(/Deploying…/)
    const sent = server.posted.find((b) => b.confirm_cost)
    expect(sent?.source).toBe(analysis.source)
    expect(sent?.analysis_id).toBeUndefined()
    expect(sent?.config.package_name).toBe('pkg')
  })
})
