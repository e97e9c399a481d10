import { describe, expect, it } from 'vitest'
import { checkServerUrl, hostPermissionPattern, loadSettings, saveSettings } from './settings'

describe('checkServerUrl', () => {
  it.each([
    ['http://127.0.0.1:8787', 'http://127.0.0.1:8787', true],
    ['  http://localhost:8787/  ', 'http://localhost:8787', true],
    ['https://mcp.example.com/base/', 'https://mcp.example.com/base', false],
  ])('accepts %s as %s', (input, url, loopback) => {
    expect(checkServerUrl(input)).toMatchObject({ ok: true, url, loopback })
  })

  it.each([
    ['', 'Enter the server URL'],
    ['127.0.0.1:8787', 'must start with http'],
    ['ftp://example.com', 'must start with http'],
    ['http://user:pw@example.com', 'not in the URL'],
    ['http://example.com/?x=1', 'no query'],
    ['http://', 'not a URL'],
    ['localhost:8787', 'must start with http'],
  ])('refuses %j and says why', (input, words) => {
    const check = checkServerUrl(input)
    expect(check.ok ? '' : check.message).toContain(words)
  })
})

describe('settings storage', () => {
  it('derives a host permission pattern for any port of the host', () => {
    expect(hostPermissionPattern('https://mcp.example.com:8443/base')).toBe(
      'https://mcp.example.com/*',
    )
  })

  it('defaults to the embedded server URL and keeps what was saved', async () => {
    const data: Record<string, unknown> = {}
    const storage = {
      get: async (keys: string[]) =>
        Object.fromEntries(keys.filter((k) => k in data).map((k) => [k, data[k]])),
      set: async (items: Record<string, unknown>) => void Object.assign(data, items),
    }
    expect(await loadSettings(storage)).toEqual({
      serverUrl: 'http://127.0.0.1:8787',
      apiToken: '',
    })
    await saveSettings(storage, { serverUrl: 'https://mcp.example.com', apiToken: 't' })
    expect(await loadSettings(storage)).toEqual({
      serverUrl: 'https://mcp.example.com',
      apiToken: 't',
    })
  })
})
