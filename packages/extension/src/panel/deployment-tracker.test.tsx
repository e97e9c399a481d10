import { act, cleanup, fireEvent, render, screen } from '@testing-library/preact'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { ApiRequest, ApiResult } from '../api/api-client'
import { failureFromResponse } from '../api/api-failure'
import { createExtensionApi } from '../api/extension-api'
import type { DeploymentView } from '../api/wire-types'
import { DeploymentTracker } from './deployment-tracker'

afterEach(() => {
  cleanup()
  vi.useRealTimers()
})

const deploying: DeploymentView = {
  id: 'dep_1',
  source: 'https://github.com/o/r',
  package_name: 'pkg',
  display_name: 'Pkg',
  runtime: 'local',
  status: 'deploying',
  status_reason: null,
  retry_allowed: false,
  endpoints: null,
  tools: [],
  credential_names: [],
  cost: null,
  events: [],
}

/** A server whose deployment reads as `current`; restart answers `deploying`. */
function serverWith(current: DeploymentView) {
  const calls: string[] = []
  const send = async (req: ApiRequest): Promise<ApiResult> => {
    calls.push(`${req.method} ${req.path}`)
    if (req.path === '/api/deployments/dep_1/restart') {
      return { ok: true, status: 202, data: { ...current, status: 'deploying' } }
    }
    return { ok: true, status: 200, data: current }
  }
  return { api: createExtensionApi(send), calls }
}

describe('DeploymentTracker', () => {
  it('shows the status and the progress in live regions present from the start', () => {
    render(<DeploymentTracker api={serverWith(deploying).api} initial={deploying} />)
    const badge = document.querySelector('[data-status]')
    expect(badge?.closest('[role="status"], [aria-live]')).toBeTruthy()
    expect(screen.getByRole('list', { name: 'Progress' }).getAttribute('aria-live')).toBe('polite')
  })

  it('offers Retry for a failed deployment the server allows to retry, and restarts it', async () => {
    const failed: DeploymentView = {
      ...deploying,
      status: 'failed',
      status_reason: 'start deadline passed',
      retry_allowed: true,
    }
    const server = serverWith(failed)
    render(<DeploymentTracker api={server.api} initial={failed} />)
    expect(screen.getByRole('alert').textContent).toContain('start deadline passed')
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Retry' }))
    })
    expect(server.calls).toContain('POST /api/deployments/dep_1/restart')
  })

  it('offers no Retry when the server says retrying will not help', () => {
    const failed: DeploymentView = { ...deploying, status: 'failed', status_reason: 'bad config' }
    render(<DeploymentTracker api={serverWith(failed).api} initial={failed} />)
    expect(screen.queryByRole('button', { name: 'Retry' })).toBeNull()
  })

  it('waits as long as a 429 asks before reading the deployment again', async () => {
    vi.useFakeTimers()
    const reads: number[] = []
    const send = async (req: ApiRequest): Promise<ApiResult> => {
      reads.push(Date.now())
      void req
      return {
        ok: false,
        failure: failureFromResponse(
          429,
          { error: 'rate_limited', message: 'slow down', details: {}, retry_allowed: true },
          { serverUrl: 'http://127.0.0.1:8787', extensionOrigin: 'x', retryAfterSeconds: 20 },
        ),
      }
    }
    render(<DeploymentTracker api={createExtensionApi(send)} initial={deploying} />)
    await act(async () => {
      await vi.advanceTimersByTimeAsync(2_000)
    })
    expect(reads).toHaveLength(1) // the first read, 2 s in: refused, wait 20 s
    await act(async () => {
      await vi.advanceTimersByTimeAsync(19_000)
    })
    expect(reads).toHaveLength(1)
    await act(async () => {
      await vi.advanceTimersByTimeAsync(1_000)
    })
    expect(reads).toHaveLength(2)
  })
})
