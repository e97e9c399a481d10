import { expect } from 'vitest'
import { McpRemoteError } from '../../src/errors/index.js'

/** The `McpRemoteError` a promise rejects with; fails the test when it resolves or throws anything else. */
export async function caught(p: Promise<unknown>): Promise<McpRemoteError> {
  try {
    await p
  } catch (err) {
    expect(err).toBeInstanceOf(McpRemoteError)
    return err as McpRemoteError
  }
  throw new Error('expected a rejection')
}
