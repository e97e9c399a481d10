import { describe, expect, it } from 'vitest'
import { parseLenientJson } from './lenient-json.js'
import { detectReadme } from './readme-detector.js'

function readme(text: string, pkg?: string) {
  return detectReadme(new Map([['README.md', text]]), pkg)
}

const block = (json: string, lang = 'json') => `Intro\n\n\`\`\`${lang}\n${json}\n\`\`\`\n`

describe('detectReadme', () => {
  it('reads command, args and env of an mcpServers block', () => {
    const found = readme(
      block(
        '{"mcpServers":{"w":{"command":"npx","args":["-y","@acme/w","--stdio"],"env":{"W_KEY":"<key>"}}}}',
      ),
    )
    expect(found.fields).toMatchObject([
      { field: 'launch', value: ['npx', '-y', '@acme/w', '--stdio'], line: 4 },
    ])
    expect(found.env).toMatchObject([{ name: 'W_KEY', inExampleConfig: true, secret: true }])
  })

  it('reads blocks in any language, with comments and trailing commas', () => {
    const found = readme(
      block(
        '{\n  // Claude\n  "mcpServers": { "w": { "command": "uvx", "args": ["w-mcp",], }, },\n}',
        'jsonc',
      ),
    )
    expect(found.fields[0]?.value).toEqual(['uvx', 'w-mcp'])
  })

  it('keeps the examples of this package when the README shows several', () => {
    const found = readme(
      block(
        '{"mcpServers":{"a":{"command":"npx","args":["-y","pkg-a"],"env":{"A_KEY":"x"}},"b":{"command":"npx","args":["-y","pkg-b"],"env":{"B_KEY":"x"}}}}',
      ),
      'pkg-b',
    )
    expect(found.env.map((e) => e.name)).toEqual(['B_KEY'])
  })

  it('reads documented variables from tables and lists', () => {
    const text = [
      '| Variable | Required | Default | Description |',
      '|---|---|---|---|',
      '| `API_KEY` | yes | | The key |',
      '| `BASE_URL` | no | `https://x.example` | Endpoint |',
      '',
      '- `LOG_LEVEL`: optional, defaults to `info`',
    ].join('\n')
    expect(readme(text).env).toMatchObject([
      { name: 'API_KEY', required: true, line: 3 },
      { name: 'BASE_URL', required: false, default: 'https://x.example' },
      { name: 'LOG_LEVEL', required: false, default: 'info' },
    ])
  })

  it('reads -e NAME= of mcp add commands across continuation lines, not of docker run', () => {
    const found = readme(
      [
        '```bash',
        'claude mcp add db \\',
        '  -e DB_PASS="secret" \\',
        '  -- npx -y db-mcp',
        'docker run -e IMAGE_ONLY=1 img',
        '```',
      ].join('\n'),
    )
    expect(found.env.map((e) => [e.name, e.inExampleConfig])).toEqual([['DB_PASS', true]])
  })

  it('does not treat a docker example switch as a need of the package', () => {
    const found = readme(
      block(
        '{"mcpServers":{"d":{"command":"docker","args":["run","-i","-e","DOCKER_CONTAINER=true","img"]}}}',
      ),
    )
    expect(found.env).toMatchObject([{ name: 'DOCKER_CONTAINER' }])
    expect(found.env[0]?.inExampleConfig).toBeUndefined()
  })
})

describe('parseLenientJson', () => {
  it('wraps a bare "mcpServers": fragment', () => {
    expect(parseLenientJson('"mcpServers": { "a": { "command": "npx" } },')).toEqual({
      mcpServers: { a: { command: 'npx' } },
    })
  })

  it('keeps // inside strings', () => {
    expect(parseLenientJson('{"url": "https://x.example"}')).toEqual({ url: 'https://x.example' })
  })

  it('does not take a conditional "required" in a table for a requirement', () => {
    const text = [
      '| Variable | Description |',
      '|---|---|',
      '| `ALLOWED_HOSTS` | Extra Host values. Required for any non-loopback deployment. |',
      '| `BASE_URL` | Optional — required for on-prem only |',
      '| `REQUEST_TOKEN` | Defaults to required; set false to allow anonymous calls |',
      '| `API_TOKEN` | Required. The token |',
    ].join('\n')
    expect(readme(text).env.map((e) => [e.name, e.required])).toEqual([
      ['ALLOWED_HOSTS', undefined],
      ['BASE_URL', false],
      ['REQUEST_TOKEN', undefined],
      ['API_TOKEN', true],
    ])
  })

  it('marks variables most examples of the package leave out, beside a common set', () => {
    const entry = (env: string) =>
      block(`{"mcpServers":{"t":{"command":"npx","args":["-y","pkg-t"],"env":{${env}}}}}`)
    const found = readme(
      [entry('"T_KEY":"k","T_DEFAULTS":"{}"'), entry('"T_KEY":"k","T_USER":"u"')].join('\n'),
      'pkg-t',
    )
    expect(found.env.map((e) => [e.name, e.exampleSubset ?? false])).toEqual([
      ['T_KEY', false],
      ['T_DEFAULTS', true],
      ['T_KEY', false],
      ['T_USER', true],
    ])
    // Alternatives (no common variable): neither example makes the other's variable optional.
    const alt = readme([entry('"A_TOKEN":"x"'), entry('"A_HEADERS":"y"')].join('\n'), 'pkg-t')
    expect(alt.env.every((e) => !e.exampleSubset)).toBe(true)
  })

  it('reads "`X` is optional" in the text as optional', () => {
    const found = readme('> `MAX_OUTPUT_LENGTH` is optional — default 50000.')
    expect(found.env).toMatchObject([{ name: 'MAX_OUTPUT_LENGTH', required: false }])
  })
})
