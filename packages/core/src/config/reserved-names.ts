const RESERVED_EXACT = new Set([
  'PATH',
  'HOME',
  'USER',
  'SHELL',
  'PWD',
  'TMPDIR',
  'PORT',
  'NODE_OPTIONS',
  'NODE_PATH',
  'NODE_EXTRA_CA_CERTS',
  'PYTHONPATH',
  'PYTHONHOME',
  'PYTHONSTARTUP',
])
const RESERVED_PREFIXES = ['MCP_BRIDGE_', 'FLY_', 'LD_', 'DYLD_', 'NPM_CONFIG_', 'UV_']

/**
 * True when `name` may not be set as a credential: it would change how the process or the
 * bridge runs (`PATH`, `NODE_OPTIONS`, `LD_PRELOAD`, `MCP_BRIDGE_*`, `FLY_*`, …).
 */
export function isReservedEnvName(name: string): boolean {
  const upper = name.toUpperCase()
  return RESERVED_EXACT.has(upper) || RESERVED_PREFIXES.some((p) => upper.startsWith(p))
}
