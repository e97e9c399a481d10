import type { MachineConfig, MachineGuest } from '../../fly/index.js'

/** Metadata key holding the deployment id on every Machine we create. */
export const DEPLOYMENT_METADATA_KEY = 'mcp_remote_deployment'
/** Metadata key holding the platform tag (which mcp-remote installation owns the Machine). */
export const PLATFORM_METADATA_KEY = 'mcp_remote_platform'
/** Port the bridge listens on inside the Machine (the image's `--port 8080`). */
export const BRIDGE_PORT = 8080

/** The VM size: shared-cpu-1x with 256 MB (DESIGN.md §5, priced in `cost/`). */
export const FLY_GUEST: Readonly<MachineGuest> = { cpu_kind: 'shared', cpus: 1, memory_mb: 256 }

/** What the Machine config of a deployment is made from. */
export interface MachineSpecInput {
  app: string
  image: string
  deploymentId: string
  platformTag: string
  /** The stdio server's argv, appended after the image's entrypoint (`mcp-remote-bridge … --`). */
  argv: readonly string[]
  guest?: MachineGuest
}

/**
 * The Machine config of a deployment (DESIGN.md §5). Pure. It holds no secret: credentials and
 * the bridge token travel as app secrets, since `config.env` is readable by anyone with access
 * to the app.
 *
 * - `init.cmd` is the server's argv: the image's entrypoint is
 *   `mcp-remote-bridge --port 8080 --host 0.0.0.0 --`, and Fly's `init.cmd` replaces the image's
 *   `CMD`, which follows the entrypoint;
 * - one service on internal port 8080: 443 with `tls` + `http`, 80 with `http` and
 *   `force_https`; `autostop: "suspend"` and `autostart: true` scale it to zero and wake it on a
 *   request; an HTTP check on `/health`;
 * - `restart: always`, `metadata` with the deployment id and the platform tag;
 * - `MCP_BRIDGE_ALLOWED_HOSTS` is the app's `.fly.dev` host, which the bridge checks `Host`
 *   against.
 */
export function buildMachineConfig(input: MachineSpecInput): MachineConfig {
  return {
    image: input.image,
    init: { cmd: [...input.argv] },
    env: { MCP_BRIDGE_ALLOWED_HOSTS: `${input.app}.fly.dev` },
    guest: { ...(input.guest ?? FLY_GUEST) },
    restart: { policy: 'always' },
    services: [
      {
        protocol: 'tcp',
        internal_port: BRIDGE_PORT,
        ports: [
          { port: 443, handlers: ['tls', 'http'] },
          { port: 80, handlers: ['http'], force_https: true },
        ],
        autostop: 'suspend',
        autostart: true,
        min_machines_running: 0,
        checks: [
          {
            type: 'http',
            port: BRIDGE_PORT,
            method: 'GET',
            path: '/health',
            protocol: 'http',
            interval: '15s',
            timeout: '5s',
            grace_period: '10s',
          },
        ],
      },
    ],
    metadata: {
      [DEPLOYMENT_METADATA_KEY]: input.deploymentId,
      [PLATFORM_METADATA_KEY]: input.platformTag,
    },
  }
}

/** The same config with fly-proxy's autostart on or off (a stopped deployment must stay stopped). */
export function withAutostart(config: MachineConfig, autostart: boolean): MachineConfig {
  return {
    ...config,
    services: (config.services ?? []).map((service) => ({ ...service, autostart })),
  }
}
