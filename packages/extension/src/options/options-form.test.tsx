import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact'
import { afterEach, describe, expect, it } from 'vitest'
import type { ConnectionReport } from '../api/connection-test'
import type { Settings } from '../settings'
import { OptionsForm, type OptionsPorts } from './options-form'

afterEach(cleanup)

function ports(report: Partial<ConnectionReport> = {}) {
  const saved: Settings[] = []
  const access: string[] = []
  const p: OptionsPorts = {
    load: async () => ({ serverUrl: 'http://127.0.0.1:8787', apiToken: '' }),
    save: async (s) => void saved.push(s),
    ensureAccess: async (url) => {
      access.push(url)
      return true
    },
    testConnection: async () => ({
      ok: true,
      problem: 'none',
      message: 'Connected.',
      runtimes: ['local'],
      version: null,
      ...report,
    }),
    extensionOrigin: 'chrome-extension://x',
  }
  return { p, saved, access }
}

describe('OptionsForm', () => {
  it('saves the URL and token after asking for access to the host, then tests them', async () => {
    const { p, saved, access } = ports()
    render(<OptionsForm ports={p} />)
    fireEvent.input(screen.getByLabelText('Server URL'), {
      target: { value: 'https://mcp.example.com/' },
    })
    fireEvent.input(screen.getByLabelText('API token'), { target: { value: ' tok ' } })
    fireEvent.click(screen.getByRole('button', { name: 'Save' }))
    await waitFor(() =>
      expect(screen.getByTestId('connection-status').textContent).toBe('Saved. Connected.'),
    )
    expect(access).toEqual(['https://mcp.example.com'])
    expect(saved).toEqual([{ serverUrl: 'https://mcp.example.com', apiToken: 'tok' }])
  })

  it('says what is wrong with a URL and saves nothing', async () => {
    const { p, saved } = ports()
    render(<OptionsForm ports={p} />)
    fireEvent.input(screen.getByLabelText('Server URL'), { target: { value: '127.0.0.1:8787' } })
    fireEvent.click(screen.getByRole('button', { name: 'Save' }))
    expect(
      await screen.findByText('The server URL must start with http:// or https://.'),
    ).toBeTruthy()
    expect(screen.getByLabelText('Server URL').getAttribute('aria-invalid')).toBe('true')
    expect(saved).toEqual([])
  })

  it('shows a failed test as an alert', async () => {
    const { p } = ports({
      ok: false,
      problem: 'bad_token',
      message: 'refused the API token (401 unauthorized)',
    })
    render(<OptionsForm ports={p} />)
    fireEvent.click(screen.getByRole('button', { name: 'Test connection' }))
    expect((await screen.findByRole('alert')).textContent).toContain('401')
  })

  it('warns about plain http to another machine', async () => {
    const { p } = ports()
    render(<OptionsForm ports={p} />)
    fireEvent.input(screen.getByLabelText('Server URL'), {
      target: { value: 'http://10.0.0.5:8787' },
    })
    expect(screen.getByText(/unencrypted/)).toBeTruthy()
  })

  it('keeps what the user typed when the stored settings arrive later', async () => {
    const { p } = ports()
    let resolveLoad: (s: Settings) => void = () => {}
    p.load = () => new Promise((resolve) => (resolveLoad = resolve))
    render(<OptionsForm ports={p} />)
    fireEvent.input(screen.getByLabelText('Server URL'), {
      target: { value: 'http://127.0.0.1:9999' },
    })
    resolveLoad({ serverUrl: 'http://127.0.0.1:8787', apiToken: 'stored-token' })
    await waitFor(() =>
      expect((screen.getByLabelText('API token') as HTMLInputElement).value).toBe('stored-token'),
    )
    expect((screen.getByLabelText('Server URL') as HTMLInputElement).value).toBe(
      'http://127.0.0.1:9999',
    )
  })
})
