import type { Endpoints } from '@mcp-remote/core'

/** Ready-to-paste ways to add a deployment to Claude. */
export interface ConnectSnippets {
  /** The name the snippets register the server under. */
  name: string
  /** claude.ai → Settings → Connectors → Add custom connector: this URL. */
  claudeAi: string
  /** Claude Desktop's `claude_desktop_config.json`, through the `mcp-remote` stdio proxy. */
  claudeDesktop: string
  /** A Claude Code command line. */
  claudeCode: string
}

/**
 * A short server name for client configs: lower case letters, digits, `-` and `_`, from the
 * display name (or the package name), e.g. `@modelcontextprotocol/server-everything` →
 * `server-everything`.
 */
export function serverSlug(displayName: string, packageName = ''): string {
  const pick = (s: string) =>
    s
      .replace(/^@[^/]+\//, '')
      .toLowerCase()
      .replace(/[^a-z0-9_-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 48)
  return pick(displayName) || pick(packageName) || 'mcp-server'
}

/** Quotes a word for POSIX shells when it holds anything beyond URL-safe characters. */
export function shellWord(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`
}

/**
 * Builds the three snippets from a deployment's endpoints. Every client gets the Streamable
 * HTTP URL (claude.ai connectors speak it; `mcp-remote` and Claude Code too).
 */
export function connectSnippets(name: string, endpoints: Endpoints): ConnectSnippets {
  const url = endpoints.streamable_http
  const desktop = { mcpServers: { [name]: { command: 'npx', args: ['mcp-remote', url] } } }
  return {
    name,
    claudeAi: url,
    claudeDesktop: JSON.stringify(desktop, null, 2),
    claudeCode: `claude mcp add --transport http ${shellWord(name)} ${shellWord(url)}`,
  }
}

/**
 * Hides the capability token in an endpoint URL (`/t/<token>/mcp` → `/t/••••••••/mcp`) so it
 * can be shown on screen; copy buttons copy the real value.
 */
export function maskToken(text: string): string {
  return text.replace(/\/t\/[^/\s"']+/g, '/t/••••••••')
}
