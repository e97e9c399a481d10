import { ENV_NAME_PATTERN, isReservedEnvName } from '../../config/index.js'

// Variables of the platform, shells, CI and tooling rather than of the server: never asked
// of the user. Prefixes cover families (npm_config_*, XDG_*, …).
const TOOLING_EXACT = new Set([
  'NODE_ENV',
  'DEBUG',
  'CI',
  'HOME',
  'PATH',
  'USER',
  'USERNAME',
  'LOGNAME',
  'SHELL',
  'PWD',
  'OLDPWD',
  'TMPDIR',
  'TEMP',
  'TMP',
  'LANG',
  'LANGUAGE',
  'TERM',
  'TERM_PROGRAM',
  'COLORTERM',
  'FORCE_COLOR',
  'NO_COLOR',
  'NODE_DEBUG',
  'NODE_OPTIONS',
  'NODE_PATH',
  'NODE_NDEBUG',
  'NODE_TLS_REJECT_UNAUTHORIZED',
  'NODE_EXTRA_CA_CERTS',
  'NODE_UNIQUE_ID',
  'NODE_V8_COVERAGE',
  'HOSTNAME',
  'APPDATA',
  'LOCALAPPDATA',
  'USERPROFILE',
  'PROGRAMFILES',
  'PROGRAMDATA',
  'SYSTEMROOT',
  'WINDIR',
  'COMSPEC',
  'PATHEXT',
  'EDITOR',
  'VISUAL',
  'BROWSER',
  'DISPLAY',
  'WAYLAND_DISPLAY',
  'TZ',
  'HTTP_PROXY',
  'HTTPS_PROXY',
  'NO_PROXY',
  'ALL_PROXY',
  'GITHUB_ACTIONS',
  'VERCEL',
  'NETLIFY',
  'JEST_WORKER_ID',
  'VITEST',
  'VITEST_WORKER_ID',
  'TS_NODE_PROJECT',
  'READABLE_STREAM',
  'SUPPRESS_NO_CONFIG_WARNING',
  'VIRTUAL_ENV',
  'PORT',
  'WSL_DISTRO_NAME',
  'SSH_CONNECTION',
  'SSH_TTY',
  'SHLVL',
  'INIT_CWD',
  'MSYSTEM',
  'OSTYPE',
  'EXPERIMENTAL_FEATURES',
  'DEBUG_COLORS',
  'DEBUG_DEPTH',
  'DEBUG_FD',
  'DEBUG_HIDE_DATE',
  'DEBUG_SHOW_HIDDEN',
  'DO_NOT_TRACK',
  'NO_DEPRECATION',
  'TRACE_DEPRECATION',
  'DEBUG_MIME',
  'NO_UPDATE_NOTIFIER',
])
const TOOLING_PREFIXES = [
  'NPM_',
  'npm_',
  'XDG_',
  'LC_',
  'NODE_',
  'BUN_',
  'DENO_',
  'PYTHON',
  'CONDA_',
  'UV_',
  'PIP_',
  'GITHUB_ACTION',
  'RUNNER_',
  'MCP_BRIDGE_',
  'FLY_',
  'LD_',
  'DYLD_',
  'VSCODE_',
  'ELECTRON_',
  'OTEL_',
  'JEST_',
  'VITE_',
  'TS_NODE_',
  'SUPPORTS_COLOR',
]

/**
 * True when a variable is the environment's or the tooling's (`NODE_ENV`, `DEBUG`, `CI`,
 * `HOME`, `PATH`, `npm_*`, `OTEL_*`, …) or reserved by the platform: not asked of the user.
 */
export function isToolingEnvName(name: string): boolean {
  if (!ENV_NAME_PATTERN.test(name)) return true
  if (TOOLING_EXACT.has(name) || isReservedEnvName(name)) return true
  return TOOLING_PREFIXES.some((p) => name.startsWith(p))
}

const SECRET_PART = new Set([
  'KEY',
  'APIKEY',
  'TOKEN',
  'SECRET',
  'PASSWORD',
  'PASSWD',
  'PASS',
  'PASSPHRASE',
  'PWD',
  'CREDENTIAL',
  'CREDENTIALS',
  'COOKIE',
  'PAT',
  'DSN',
  'AUTH',
  'AUTHORIZATION',
  'HEADERS',
  'PRIVATE',
  'SIGNATURE',
])
const NOT_SECRET_LAST = new Set([
  'ID',
  'PATH',
  'FILE',
  'DIR',
  'URL',
  'HOST',
  'TYPE',
  'MODE',
  'NAME',
])
const CONNECTION_STRING =
  /(?:DATABASE_URL|CONNECTION_STRING|_URI$|^(?:POSTGRES|MYSQL|MONGO(?:DB)?|REDIS)_URL$)/

/**
 * True when a variable's name says it holds a secret: keys, tokens, passwords, credentials,
 * connection strings (which embed passwords). Names ending in `_ID`, `_PATH`, `_FILE`, `_URL`…
 * hold identifiers and locations, not secrets.
 */
export function isSecretEnvName(name: string): boolean {
  if (CONNECTION_STRING.test(name)) return true
  const parts = name.split('_').filter((p) => p.length > 0)
  const last = parts[parts.length - 1] ?? ''
  if (parts.some((p) => p === 'SECRET' || p === 'PASSWORD' || p === 'TOKEN')) return true
  if (NOT_SECRET_LAST.has(last)) return false
  return parts.some((p) => SECRET_PART.has(p) || /(?:APIKEY|TOKEN|SECRET|PASSWORD)$/.test(p))
}
