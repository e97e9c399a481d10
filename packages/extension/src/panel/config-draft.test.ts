import { describe, expect, it } from 'vitest'
import { configTemplate, parseConfigDraft } from './config-draft'

describe('parseConfigDraft', () => {
  it('reads a complete configuration and fills the defaults the server would', () => {
    const draft = parseConfigDraft(
      JSON.stringify({
        package_name: '@modelcontextprotocol/server-everything',
        display_name: 'Everything',
        run_command: 'npx',
        args: ['-y', '@modelcontextprotocol/server-everything'],
        env_vars: [{ name: 'API_KEY', required: true, secret: true }],
      }),
    )
    expect(draft).toEqual({
      ok: true,
      config: {
        package_name: '@modelcontextprotocol/server-everything',
        version: null,
        display_name: 'Everything',
        env_vars: [
          { name: 'API_KEY', description: '', required: true, secret: true, default: null },
        ],
        run_command: 'npx',
        args: ['-y', '@modelcontextprotocol/server-everything'],
        runtime_kind: 'node',
        transport: 'stdio',
        notes: '',
      },
    })
  })

  it('starts the editor from a skeleton that does not pass as is', () => {
    const skeleton = JSON.stringify(configTemplate('o/r', null))
    expect(parseConfigDraft(skeleton)).toEqual({
      ok: false,
      message: 'package_name must be a non-empty string.',
    })
  })

  it.each([
    ['{', /^Not valid JSON/],
    ['[]', /must be a JSON object/],
    [
      '{"package_name":"p","display_name":"d","run_command":"npx","args":"-y p"}',
      /args must be a list/,
    ],
    [
      '{"package_name":"p","display_name":"d","run_command":"npx","env_vars":[{"name":"lower"}]}',
      /env_vars\[0\]\.name must be an upper-case/,
    ],
  ])('refuses %s and says why', (text, message) => {
    const draft = parseConfigDraft(text)
    expect(draft.ok ? '' : draft.message).toMatch(message)
  })
})
