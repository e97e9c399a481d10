import { spawn } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { McpRemoteError } from '../errors/index.js'
import { failureReason } from './failure-reason.js'

function thrownBy(fn: () => unknown): unknown {
  try {
    fn()
  } catch (err) {
    return err
  }
  throw new Error('did not throw')
}

describe('failureReason', () => {
  it('keeps the message and retry flag of our own errors', () => {
    const err = new McpRemoteError('upstream_error', 'Fly.io create failed (503)', {
      retryAllowed: true,
    })
    expect(failureReason(err)).toEqual({ reason: 'Fly.io create failed (503)', retryAllowed: true })
  })

  it('drops the value Node quotes when spawn refuses an environment value', () => {
    const err = thrownBy(() =>
      spawn(process.execPath, ['-e', ''], { env: { API_KEY: 'canary-secret\u0000tail' } }),
    )
    const { reason, retryAllowed } = failureReason(err)
    expect(reason).toMatch(/^MCP probe failed: .*API_KEY.*null bytes$/)
    expect(reason).not.toContain('canary')
    expect(retryAllowed).toBe(true)
  })

  it('clips other messages to 300 characters', () => {
    expect(failureReason(new Error('x'.repeat(1000))).reason).toHaveLength(
      'MCP probe failed: '.length + 300,
    )
  })
})
