import {
  LATEST_PROTOCOL_VERSION as SDK_LATEST,
  SUPPORTED_PROTOCOL_VERSIONS,
} from '@modelcontextprotocol/sdk/types.js'
import { describe, expect, it } from 'vitest'
import {
  expectsPrimingEvent,
  KNOWN_PROTOCOL_VERSIONS,
  LATEST_PROTOCOL_VERSION,
  negotiateVersion,
} from './protocol-version.js'

const KNOWN = ['2025-11-25', '2025-06-18', '2025-03-26', '2024-11-05']

describe('negotiateVersion', () => {
  it.each([
    ['the same version as the child', '2025-06-18', '2025-06-18', '2025-06-18'],
    ['an older known version', '2024-11-05', '2025-06-18', '2024-11-05'],
    ['a newer version than the child', '2025-11-25', '2025-06-18', '2025-06-18'],
    ['an unknown version', '2099-01-01', '2025-11-25', '2025-11-25'],
    ['no version at all', undefined, '2025-11-25', '2025-11-25'],
  ])('answers a client asking for %s', (_, requested, child, expected) => {
    expect(negotiateVersion(requested, child, KNOWN)).toBe(expected)
  })
})

describe('KNOWN_PROTOCOL_VERSIONS', () => {
  it('matches the versions the MCP SDK supports', () => {
    expect(KNOWN_PROTOCOL_VERSIONS).toEqual(SUPPORTED_PROTOCOL_VERSIONS)
    expect(LATEST_PROTOCOL_VERSION).toBe(SDK_LATEST)
  })
})

describe('expectsPrimingEvent', () => {
  it.each([
    ['2025-11-25', true],
    ['2025-06-18', false],
    ['2025-03-26', false],
    ['2024-11-05', false],
  ])('%s: %s', (version, expected) => {
    expect(expectsPrimingEvent(version)).toBe(expected)
  })
})
