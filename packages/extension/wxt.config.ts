import { defineConfig } from 'wxt'
import { EXTENSION_KEY } from './src/extension-key.js'

/** Build configuration: Manifest V3 for Chrome, Preact JSX, no auto-imports. */
export default defineConfig({
  srcDir: 'src',
  imports: false,
  manifestVersion: 3,
  zip: { artifactTemplate: 'mcp-remote-extension-{{version}}-{{browser}}.zip' },
  vite: () => ({
    oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  }),
  manifest: {
    name: 'mcp-remote: Deploy to Cloud',
    short_name: 'mcp-remote',
    description:
      'Deploy an MCP server from its GitHub page to a remote, authenticated endpoint through your mcp-remote server.',
    key: EXTENSION_KEY,
    permissions: ['storage'],
    host_permissions: ['http://127.0.0.1/*', 'http://localhost/*'],
    optional_host_permissions: ['https://*/*', 'http://*/*'],
    action: { default_title: 'mcp-remote deployments' },
  },
})
