/**
 * Keeps secrets out of log lines: capability URLs are masked and known secret values (the bridge
 * token, the values of the child's environment) are replaced wherever they appear.
 */

const TOKEN_SEGMENT = /\/t\/[^/?#\s]+/g

/** Environment variables whose values are not secrets and stay readable in logs. */
const PLAIN_ENV = new Set([
  'PATH',
  'HOME',
  'USER',
  'LOGNAME',
  'SHELL',
  'PWD',
  'OLDPWD',
  'LANG',
  'LANGUAGE',
  'TERM',
  'TZ',
  'TMPDIR',
  'HOSTNAME',
  'NODE_ENV',
  'NODE_VERSION',
  'YARN_VERSION',
  'NPM_CONFIG_CACHE',
  'UV_CACHE_DIR',
  'UV_TOOL_DIR',
  'UV_TOOL_BIN_DIR',
  'UV_PYTHON_INSTALL_DIR',
  'XDG_CACHE_HOME',
  'MCP_HOME',
])

// Only prefixes that never hold credentials (NPM_CONFIG_ and UV_ can: auth tokens, index passwords).
const PLAIN_PREFIXES = ['LC_', 'npm_package_', 'npm_lifecycle_']

// Shorter values (`1`, `true`, `info`) would shred log lines without hiding anything.
const MIN_SECRET_LENGTH = 6

/** Replaces `/t/<token>` path segments with `/t/***`. */
export function maskUrl(url: string): string {
  return url.replace(TOKEN_SEGMENT, '/t/***')
}

/** The values in `env` that logs must never show: all but a few well-known plain ones. */
export function secretEnvValues(env: Readonly<Record<string, string | undefined>>): string[] {
  const values: string[] = []
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || value.length < MIN_SECRET_LENGTH) continue
    if (PLAIN_ENV.has(name) || PLAIN_PREFIXES.some((prefix) => name.startsWith(prefix))) continue
    values.push(value)
  }
  return values
}

/** A function that masks URLs and hides every one of `secrets` in a string. */
export type Redactor = (text: string) => string

/** Percent-decodes every run that decodes as UTF-8, leaving the rest as it is. */
function decodeRuns(text: string): string {
  return text.replace(/(?:%[0-9a-fA-F]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run)
    } catch {
      return run
    }
  })
}

// Percent-encoding rounds undone to find a secret (a token encoded twice is still the token).
const DECODE_ROUNDS = 3

/**
 * Builds a {@link Redactor} for `secrets` (longest first, so overlapping values hide fully).
 * Secrets are hidden before URLs are masked (a token holding `/` would otherwise be masked only
 * up to its first slash), and also when they hide percent-encoded, once or more (a token in a
 * query string, an encoded path, a `Host` header): then the text is logged decoded.
 */
export function createRedactor(secrets: readonly string[]): Redactor {
  const unique = [...new Set(secrets.filter((s) => s.length > 0))].sort(
    (a, b) => b.length - a.length,
  )
  const hide = (text: string) => {
    let out = text
    for (const secret of unique) {
      if (out.includes(secret)) out = out.split(secret).join('[redacted]')
    }
    return out
  }
  return (text) => {
    let out = hide(text)
    let decoded = out
    for (let round = 0; round < DECODE_ROUNDS && decoded.includes('%'); round++) {
      const next = decodeRuns(decoded)
      if (next === decoded) break
      decoded = next
      const hidden = hide(decoded)
      if (hidden !== decoded) {
        out = hidden
        break
      }
    }
    return maskUrl(out)
  }
}
