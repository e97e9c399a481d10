import { describe, expect, it } from 'vitest'
import { testConnection } from './connection-test'

const ORIGIN = 'chrome-extension://jgoaeoapdboieochioeabjdmgheljedp'
const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })

/** A fake server: health answers with runtimes, deployments wants `Bearer good`. */
const server: typeof fetch = async (input, init) => {
  const url = String(input)
  const auth = new Headers(init?.headers).get('authorization')
  if (url.endsWith('/api/health'))
    return json(200, { status: 'ok', version: '0.1.0', runtimes: ['local', 'fly'] })
  if (auth !== 'Bearer good') {
    return json(401, {
      error: 'unauthorized',
      message: 'bad token',
      details: {},
      retry_allowed: false,
    })
  }
  return json(200, [])
}

describe('testConnection', () => {
  it('reports success with the runtimes the server offers', async () => {
    const r = await testConnection(
      { serverUrl: 'http://127.0.0.1:8787', apiToken: 'good' },
      { fetch: server, extensionOrigin: ORIGIN },
    )
    expect(r).toMatchObject({
      ok: true,
      problem: 'none',
      runtimes: ['local', 'fly'],
      version: '0.1.0',
    })
  })

  it('says the token is wrong when the server answers 401', async () => {
    const r = await testConnection(
      { serverUrl: 'http://127.0.0.1:8787', apiToken: 'bad' },
      { fetch: server, extensionOrigin: ORIGIN },
    )
    expect(r).toMatchObject({ ok: false, problem: 'bad_token' })
    expect(r.message).toContain('401')
  })

  it('says a token is missing before trying one', async () => {
    const r = await testConnection(
      { serverUrl: 'http://127.0.0.1:8787', apiToken: ' ' },
      { fetch: server, extensionOrigin: ORIGIN },
    )
    expect(r.problem).toBe('no_token')
  })

  it('says the URL is not a URL', async () => {
    const r = await testConnection(
      { serverUrl: 'localhost 8787', apiToken: 'good' },
      { fetch: server, extensionOrigin: ORIGIN },
    )
    expect(r).toMatchObject({ ok: false, problem: 'url' })
  })

  it('says nothing answers at the URL', async () => {
    const dead: typeof fetch = async () => {
      throw new TypeError('Failed to fetch')
    }
    const r = await testConnection(
      { serverUrl: 'http://127.0.0.1:9', apiToken: 'good' },
      { fetch: dead, extensionOrigin: ORIGIN },
    )
    expect(r.problem).toBe('unreachable')
    expect(r.message).toContain('Cannot reach the server at http://127.0.0.1:9')
  })

  it('says the server refuses the extension’s origin (CORS)', async () => {
    const cors: typeof fetch = async (_u, init) => {
      if (init?.mode === 'no-cors') return new Response(null)
      throw new TypeError('Failed to fetch')
    }
    const r = await testConnection(
      { serverUrl: 'https://mcp.example.com', apiToken: 'good' },
      { fetch: cors, extensionOrigin: ORIGIN },
    )
    expect(r.problem).toBe('cors')
  })

  it('says when something other than an mcp-remote server answers', async () => {
    const other: typeof fetch = async () => new Response('<html></html>', { status: 404 })
    const r = await testConnection(
      { serverUrl: 'http://127.0.0.1:3000', apiToken: 'good' },
      { fetch: other, extensionOrigin: ORIGIN },
    )
    expect(r.problem).toBe('not_mcp_remote')
  })
})
