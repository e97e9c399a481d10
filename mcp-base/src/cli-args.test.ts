import { describe, expect, it } from 'vitest'
import { parseCliArgs } from './cli-args.js'

describe('parseCliArgs', () => {
  it('reads flags before -- and the command after it', () => {
    const parsed = parseCliArgs(
      ['--port', '9000', '--host', '0.0.0.0', '--', 'npx', '-y', 'pkg@1.0.0', '--port', '1'],
      { MCP_BRIDGE_TOKEN: 'tok', MCP_BRIDGE_ALLOWED_HOSTS: 'a.example, b.example' },
    )
    expect(parsed).toMatchObject({
      kind: 'run',
      options: {
        command: ['npx', '-y', 'pkg@1.0.0', '--port', '1'],
        port: 9000,
        host: '0.0.0.0',
        token: 'tok',
        noAuth: false,
        allowedHosts: ['a.example', 'b.example'],
        sessionIdleMs: 1_800_000,
        keepAliveMs: 20_000,
        streamAfterMs: 5000,
        maxSessions: 100,
        maxChildMessageBytes: 16 * 1024 * 1024,
        maxChildQueueBytes: 4 * 1024 * 1024,
      },
    })
  })

  it('reads the limits', () => {
    const parsed = parseCliArgs(
      [
        '--max-sessions',
        '5',
        '--max-child-message-bytes=65536',
        '--max-child-queue-bytes',
        '1024',
        '--',
        'npx',
        'pkg',
      ],
      {},
    )
    expect(parsed).toMatchObject({
      options: { maxSessions: 5, maxChildMessageBytes: 65536, maxChildQueueBytes: 1024 },
    })
  })

  it('leaves allowed hosts to the default when none are configured', () => {
    const parsed = parseCliArgs(['--', 'npx', 'pkg'], {})
    expect(parsed.kind === 'run' && parsed.options.allowedHosts).toBeUndefined()
  })

  it.each([
    [['--port', 'x', '--', 'npx', 'pkg'], '--port'],
    [['--port', '70000', '--', 'npx', 'pkg'], '--port'],
    [['--keep-alive=-1', '--', 'npx', 'pkg'], '--keep-alive'],
    [['--stream-after', 'soon', '--', 'npx', 'pkg'], '--stream-after'],
    [['--max-sessions', '0', '--', 'npx', 'pkg'], '--max-sessions'],
    [['--max-sessions', '2.5', '--', 'npx', 'pkg'], '--max-sessions'],
    [['--max-child-message-bytes', 'lots', '--', 'npx', 'pkg'], '--max-child-message-bytes'],
    [['--max-child-queue-bytes=-1', '--', 'npx', 'pkg'], '--max-child-queue-bytes'],
    [['--port', '1'], 'command'],
    [['--bogus', '--', 'npx', 'pkg'], 'arguments'],
  ])('refuses %j naming %s', (argv, setting) => {
    expect(() => parseCliArgs(argv, {})).toThrow(expect.objectContaining({ setting }))
  })

  it('takes the command from MCP_BRIDGE_COMMAND when none follows --', () => {
    const parsed = parseCliArgs(['--port', '8080'], {
      MCP_BRIDGE_COMMAND: 'npx -y pkg@1.0.0 stdio',
    })
    expect(parsed.kind === 'run' && parsed.options.command).toEqual([
      'npx',
      '-y',
      'pkg@1.0.0',
      'stdio',
    ])
  })

  it('refuses shell syntax in MCP_BRIDGE_COMMAND', () => {
    expect(() => parseCliArgs([], { MCP_BRIDGE_COMMAND: 'npx pkg; rm -rf /' })).toThrow(
      expect.objectContaining({ setting: 'MCP_BRIDGE_COMMAND' }),
    )
  })

  it('answers --help', () => {
    expect(parseCliArgs(['--help'], {})).toEqual({ kind: 'help' })
  })
})
