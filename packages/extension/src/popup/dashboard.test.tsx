import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { ApiRequest, ApiResult } from '../api/api-client'
import { failureFromResponse } from '../api/api-failure'
import { createExtensionApi } from '../api/extension-api'
import type { DeploymentView } from '../api/wire-types'
import { Dashboard } from './dashboard'

afterEach(() => {
  cleanup()
  vi.useRealTimers()
})

const running: DeploymentView = {
  id: 'dep_1',
  source: 'npm:@modelcontextprotocol/server-everything',
  package_name: '@modelcontextprotocol/server-everything',
  display_name: 'Everything',
  runtime: 'fly',
  status: 'running',
  status_reason: null,
  retry_allowed: false,
  endpoints: { sse: 'https://a.fly.dev/t/tok/sse', streamable_http: 'https://a.fly.dev/t/tok/mcp' },
  tools: ['echo'],
  credential_names: [],
  cost: {
    runtime: 'fly',
    currency: 'USD',
    monthly_usd: 1.94,
    hourly_usd: 0.0027,
    idle_monthly_usd: 0.15,
    breakdown: [],
    source: 'fly.io',
    as_of: '2026-11-01',
  },
}

function serverWith(list: DeploymentView[]) {
  const calls: string[] = []
  const send = async (req: ApiRequest): Promise<ApiResult> => {
    calls.push(`${req.method} ${req.path}`)
    if (req.method === 'GET') return { ok: true, status: 200, data: { deployments: list } }
    if (req.method === 'DELETE') {
      list.splice(0)
      return { ok: true, status: 204, data: null }
    }
    if (req.path.endsWith('/stop'))
      return { ok: true, status: 200, data: { ...running, status: 'stopped' } }
    return { ok: true, status: 200, data: running }
  }
  return { api: createExtensionApi(send), calls }
}

describe('Dashboard', () => {
  it('lists each deployment with its status and monthly cost', async () => {
    render(<Dashboard api={serverWith([running]).api} onOpenOptions={() => {}} />)
    expect(await screen.findByText('Everything')).toBeTruthy()
    expect(screen.getByText('Running')).toBeTruthy()
    expect(screen.getByText(/\$1\.94\/month/)).toBeTruthy()
  })

  it('asks before deleting, and deletes only once confirmed', async () => {
    const server = serverWith([{ ...running }])
    render(<Dashboard api={server.api} onOpenOptions={() => {}} />)
    fireEvent.click(await screen.findByRole('button', { name: 'Delete Everything' }))
    expect(screen.getByRole('alertdialog', { name: 'Delete Everything?' })).toBeTruthy()
    expect(server.calls.some((c) => c.startsWith('DELETE'))).toBe(false)
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }))
    expect(screen.queryByRole('alertdialog')).toBeNull()

    fireEvent.click(screen.getByRole('button', { name: 'Delete Everything' }))
    fireEvent.click(screen.getByRole('button', { name: 'Delete for good' }))
    await screen.findByText(/No deployments yet/)
    expect(server.calls).toContain('DELETE /api/deployments/dep_1')
  })

  it('gives the focus back to Delete when the confirmation is cancelled or escaped', async () => {
    render(<Dashboard api={serverWith([{ ...running }]).api} onOpenOptions={() => {}} />)
    const del = await screen.findByRole('button', { name: 'Delete Everything' })
    del.focus()
    fireEvent.click(del)
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }))
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Delete Everything' }))

    fireEvent.click(screen.getByRole('button', { name: 'Delete Everything' }))
    fireEvent.keyDown(screen.getByRole('button', { name: 'Delete for good' }), { key: 'Escape' })
    expect(screen.queryByRole('alertdialog')).toBeNull()
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Delete Everything' }))
  })

  it('keeps the focus in the row when Stop goes away once stopped', async () => {
    render(<Dashboard api={serverWith([{ ...running }]).api} onOpenOptions={() => {}} />)
    const stop = await screen.findByRole('button', { name: 'Stop Everything' })
    stop.focus()
    fireEvent.click(stop)
    await screen.findByText('Stopped')
    const row = screen.getByRole('listitem')
    await waitFor(() => expect(row.contains(document.activeElement)).toBe(true))
  })

  it('shows a stopped deployment as stopped after Stop', async () => {
    render(<Dashboard api={serverWith([{ ...running }]).api} onOpenOptions={() => {}} />)
    fireEvent.click(await screen.findByRole('button', { name: 'Stop Everything' }))
    expect(await screen.findByText('Stopped')).toBeTruthy()
  })

  it('says what is wrong when the server cannot be reached, with Retry', async () => {
    const api = createExtensionApi(async () => ({
      ok: false,
      failure: {
        kind: 'unreachable',
        code: 'unreachable',
        status: null,
        message: 'Cannot reach the server at http://127.0.0.1:8787.',
        serverMessage: null,
        details: {},
        retryAllowed: true,
      },
    }))
    render(<Dashboard api={api} onOpenOptions={() => {}} />)
    expect((await screen.findByRole('alert')).textContent).toContain('Cannot reach the server')
    expect(screen.getByRole('button', { name: 'Retry' })).toBeTruthy()
  })

  it('waits as long as a 429 asks before listing again', async () => {
    vi.useFakeTimers()
    let reads = 0
    const send = async (_req: ApiRequest): Promise<ApiResult> => {
      reads += 1
      return {
        ok: false,
        failure: failureFromResponse(
          429,
          { error: 'rate_limited', message: 'slow down', details: {}, retry_allowed: true },
          { serverUrl: 'http://127.0.0.1:8787', extensionOrigin: 'x', retryAfterSeconds: 45 },
        ),
      }
    }
    render(<Dashboard api={createExtensionApi(send)} onOpenOptions={() => {}} />)
    await act(async () => {
      await vi.advanceTimersByTimeAsync(44_000)
    })
    expect(reads).toBe(1)
    await act(async () => {
      await vi.advanceTimersByTimeAsync(1_000)
    })
    expect(reads).toBe(2)
  })
})
