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
