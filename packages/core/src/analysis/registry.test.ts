import { describe, expect, it } from 'vitest'
import { createAnalyzer } from './create-analyzer.js'

// The one test that reaches a real upstream: the npm registry, which this project's machines
// and CI reach. It reads a small, pinned, published package (about 5 kB).
describe('createAnalyzer against the real npm registry', () => {
  it('analyses a published package to a pinned run command and its required key', async () => {
    const result = await createAnalyzer().analyze(
      'npm:@modelcontextprotocol/server-brave-search@0.6.2',
    )
    expect(result.status).toBe('complete')
    expect(result.config).toMatchObject({
      package_name: '@modelcontextprotocol/server-brave-search',
      run_command: 'npx -y @modelcontextprotocol/server-brave-search@0.6.2',
      env_vars: [{ name: 'BRAVE_API_KEY', required: true, secret: true }],
    })
  })
})
