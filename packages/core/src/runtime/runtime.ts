/** Where a deployment runs. */
export const RUNTIME_NAMES = ['local', 'fly'] as const
/** `local` (child processes on loopback) or `fly` (Fly Machines). */
export type RuntimeName = (typeof RUNTIME_NAMES)[number]

/** Everything a runtime needs to start one deployment's bridge. */
export interface DeploySpec {
  /** The deployment's id; `deploy` is idempotent by it. */
  deploymentId: string
  /** The stdio MCP server's argv, already validated by the command policy. */
  argv: string[]
  /** Declared credentials and defaults: the only variables of the user's the server sees. */
  env: Record<string, string>
  /** The deployment's bridge token (256 bits, base64url). */
  token: string
}

/** JSON-serializable facts identifying a runtime resource; stored as `runtime_ref`. */
export interface RuntimeRef {
  runtime: RuntimeName
  deploymentId: string
  /** Base URL of the bridge, without any token: `http://127.0.0.1:41234`, `https://app.fly.dev`. */
  baseUrl: string
  /** Implementation facts: local pid and port; Fly app name and machine id. */
  details: Record<string, string | number | boolean | null>
}

/** What a runtime says of a resource. */
export type RuntimeState = 'starting' | 'running' | 'stopped' | 'failed' | 'gone'

/** A runtime's view of one resource. */
export interface RuntimeStatus {
  state: RuntimeState
  /** A short, secret-free explanation (exit code, Fly state). */
  detail?: string
}

/**
 * Runs bridges. Implementations: {@link LocalRuntime} and `FlyRuntime`.
 *
 * Contract: `deploy` is idempotent by `spec.deploymentId` (a retry finds what an earlier call
 * created, never a second resource) and resolves once the bridge answers `/health`;
 * `destroy` is idempotent and a resource already gone is success; `list` returns every
 * resource this platform created that still exists, for the reconciler. Errors are
 * `McpRemoteError`s whose messages hold no credentials or tokens.
 */
export interface Runtime {
  readonly name: RuntimeName
  deploy(spec: DeploySpec, signal?: AbortSignal): Promise<RuntimeRef>
  status(ref: RuntimeRef): Promise<RuntimeStatus>
  stop(ref: RuntimeRef): Promise<void>
  /** Starts a stopped resource again with the same spec; resolves once healthy. */
  start(ref: RuntimeRef, signal?: AbortSignal): Promise<RuntimeRef>
  destroy(ref: RuntimeRef): Promise<void>
  list(): Promise<RuntimeRef[]>
  /** Releases what the runtime holds in this process (LocalRuntime: ends its children). */
  close(): Promise<void>
  /**
   * Why this runtime cannot run `argv` (a command the policy allows), or undefined when it can.
   * Asked before a deployment is created, so the caller gets a 400 instead of a failed deploy.
   */
  refusal?(argv: readonly string[]): string | undefined
}

/** The MCP endpoints of a deployment, token included: show only to authenticated callers. */
export interface Endpoints {
  sse: string
  streamable_http: string
}

/** Builds a deployment's endpoint URLs from its base URL and token (capability path). */
export function endpointsFor(baseUrl: string, token: string): Endpoints {
  const base = baseUrl.replace(/\/+$/, '')
  return { sse: `${base}/t/${token}/sse`, streamable_http: `${base}/t/${token}/mcp` }
}
