/** The name the bridge gives itself as an MCP client of the child. */
export const BRIDGE_NAME = 'mcp-remote-bridge'

/** The bridge's version (kept in step with package.json). */
export const BRIDGE_VERSION = '0.1.0'

/**
 * The client capabilities the bridge declares to the child: everything a client session might
 * offer, since the child is initialized once for all of them. Requests a session cannot serve
 * are answered with an error by the router.
 */
export const BRIDGE_CLIENT_CAPABILITIES = {
  roots: { listChanged: true },
  sampling: {},
  elicitation: { form: {}, url: {} },
} as const
