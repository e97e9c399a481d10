import type { Endpoints } from '@mcp-remote/core'
import { connectSnippets } from './connect-instructions'
import { SecretText } from './secret-text'

/** Props of {@link EndpointView}. */
export interface EndpointViewProps {
  endpoints: Endpoints
  /** The name snippets register the server under. */
  name: string
  tools: readonly string[]
}

/**
 * The endpoint URLs with copy buttons, and how to add the server to claude.ai, Claude Desktop
 * and Claude Code.
 */
export function EndpointView({ endpoints, name, tools }: EndpointViewProps) {
  const s = connectSnippets(name, endpoints)
  return (
    <section class="mr-endpoint" aria-label="Endpoint">
      <h3 class="mr-h3">Endpoint</h3>
      <p class="mr-hint">
        The URL contains the deployment’s secret token: share it like a password.
      </p>
      <p class="mr-label">Streamable HTTP</p>
      <SecretText text={endpoints.streamable_http} label="Streamable HTTP URL" />
      <p class="mr-label">SSE</p>
      <SecretText text={endpoints.sse} label="SSE URL" />
      {tools.length > 0 ? (
        <p class="mr-hint">
          {tools.length} tool{tools.length === 1 ? '' : 's'}: {tools.slice(0, 12).join(', ')}
          {tools.length > 12 ? ', …' : ''}
        </p>
      ) : null}
      <h3 class="mr-h3">Add it to Claude</h3>
      <details class="mr-howto" open>
        <summary>claude.ai</summary>
        <p>Settings → Connectors → Add custom connector, and paste this URL:</p>
        <SecretText text={s.claudeAi} label="claude.ai connector URL" />
      </details>
      <details class="mr-howto">
        <summary>Claude Desktop</summary>
        <p>
          Add to <code>claude_desktop_config.json</code> (Settings → Developer → Edit Config), then
          restart Claude Desktop:
        </p>
        <SecretText text={s.claudeDesktop} label="Claude Desktop configuration" block />
      </details>
      <details class="mr-howto">
        <summary>Claude Code</summary>
        <p>Run in a terminal:</p>
        <SecretText text={s.claudeCode} label="Claude Code command" block />
      </details>
    </section>
  )
}
