import { describe, expect, it } from 'vitest'
import { createRedactor, maskUrl, secretEnvValues } from './redact.js'

describe('maskUrl', () => {
  it('masks the token segment of a capability URL', () => {
    expect(maskUrl('POST /t/abc123/messages?sessionId=1')).toBe('POST /t/***/messages?sessionId=1')
    expect(maskUrl('https://x.fly.dev/t/abc/mcp')).toBe('https://x.fly.dev/t/***/mcp')
  })
})

describe('createRedactor', () => {
  it('hides every secret and masks URLs', () => {
    const redact = createRedactor(['ghp_secretvalue', 'tok-123456'])
    expect(redact('using ghp_secretvalue and tok-123456 at /t/tok-123456/sse')).toBe(
      'using [redacted] and [redacted] at /t/***/sse',
    )
  })
})

describe('createRedactor, secrets in disguise', () => {
  const token = 'Fz+9/tok=en_5f0c2b8e9d7a4c1e'
  const redact = createRedactor([token])

  it('hides a token holding a slash before masking its /t/ segment', () => {
    // Masking first left `/t/***/tok=en_5f0c2b8e9d7a4c1e/mcp`: most of the token.
    expect(redact(`/t/${token}/mcp`)).toBe('/t/***/mcp')
  })

  it('hides a token percent-encoded once or twice, anywhere', () => {
    const once = encodeURIComponent(token)
    for (const text of [
      `/mcp?token=${once}`,
      `/mcp?token=${encodeURIComponent(once)}`,
      `/T/${once.toLowerCase().replace('fz', 'Fz')}/mcp`,
      `https://${once}.example`,
    ]) {
      const out = redact(text)
      expect(out, text).toContain('[redacted]')
      expect(out, text).not.toContain('5f0c2b8e9d7a4c1e')
    }
  })

  it('leaves text without a secret as it was, encoded or not', () => {
    expect(redact('/mcp?q=a%20b&sessionId=x')).toBe('/mcp?q=a%20b&sessionId=x')
    expect(redact('/bad%E0%A4%A')).toBe('/bad%E0%A4%A')
  })
})

describe('secretEnvValues', () => {
  it('treats values as secret unless the name is well known or the value is short', () => {
    expect(
      secretEnvValues({
        PATH: '/usr/local/bin',
        API_KEY: 'sk-abcdefgh',
        DEBUG: 'true',
        HOME: '/root',
      }),
    ).toEqual(['sk-abcdefgh'])
  })
})
