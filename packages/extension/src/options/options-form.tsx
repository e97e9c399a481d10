import { useEffect, useRef, useState } from 'preact/hooks'
import type { ConnectionReport } from '../api/connection-test'
import { checkServerUrl, DEFAULT_SERVER_URL, type Settings } from '../settings'

/** What the options form needs from the extension: storage, permissions, the connection test. */
export interface OptionsPorts {
  load: () => Promise<Settings>
  save: (settings: Settings) => Promise<void>
  /**
   * Makes sure the extension may reach `serverUrl` (asks Chrome for the host permission when
   * it is not granted by default); resolves false when the user declines. Must be called
   * straight from the click, before any other await, to keep the user gesture.
   */
  ensureAccess: (serverUrl: string) => Promise<boolean>
  testConnection: (settings: Settings) => Promise<ConnectionReport>
  /** `chrome-extension://<id>`, for the CORS advice. */
  extensionOrigin: string
}

type Status =
  | { kind: 'idle' }
  | { kind: 'busy'; message: string }
  | { kind: 'ok'; message: string }
  | { kind: 'error'; message: string }

/**
 * The options page: server URL and API token, stored in `chrome.storage.local`, with a
 * connection test that says what is wrong (unreachable, CORS, bad token).
 */
export function OptionsForm({ ports }: { ports: OptionsPorts }) {
  const [serverUrl, setServerUrl] = useState(DEFAULT_SERVER_URL)
  const [apiToken, setApiToken] = useState('')
  const [showToken, setShowToken] = useState(false)
  const [urlError, setUrlError] = useState<string | null>(null)
  const [status, setStatus] = useState<Status>({ kind: 'idle' })
  // Fields the user typed into before the stored settings arrived keep what was typed.
  const edited = useRef({ serverUrl: false, apiToken: false })

  useEffect(() => {
    ports.load().then((s) => {
      if (!edited.current.serverUrl) setServerUrl(s.serverUrl)
      if (!edited.current.apiToken) setApiToken(s.apiToken)
    })
  }, [ports])

  const check = checkServerUrl(serverUrl)
  const insecure = check.ok && check.url.startsWith('http:') && !check.loopback

  const report = (r: ConnectionReport, saved: boolean) =>
    setStatus({
      kind: r.ok ? 'ok' : 'error',
      message: (saved ? 'Saved. ' : '') + r.message,
    })

  const save = async () => {
    if (!check.ok) {
      setUrlError(check.message)
      return
    }
    setUrlError(null)
    const granted = await ports.ensureAccess(check.url)
    const settings = { serverUrl: check.url, apiToken: apiToken.trim() }
    await ports.save(settings)
    setServerUrl(check.url)
    if (!granted) {
      setStatus({
        kind: 'error',
        message: `Saved, but Chrome did not grant access to ${check.origin}. Calls will work only if the server allows ${ports.extensionOrigin} (MCP_REMOTE_CORS_ORIGINS).`,
      })
      return
    }
    setStatus({ kind: 'busy', message: 'Saved. Testing the connection…' })
    report(await ports.testConnection(settings), true)
  }

  const test = async () => {
    if (!check.ok) {
      setUrlError(check.message)
      return
    }
    setUrlError(null)
    setStatus({ kind: 'busy', message: 'Testing the connection…' })
    report(await ports.testConnection({ serverUrl: check.url, apiToken: apiToken.trim() }), false)
  }

  return (
    <main class="mr-options" aria-labelledby="mr-options-title">
      <h1 id="mr-options-title" class="mr-h2">
        mcp-remote server
      </h1>
      <p class="mr-hint">
        The extension talks only to your mcp-remote server. Start one with <code>npm start</code>{' '}
        (or <code>mcp-deploy serve</code>); it prints its API token at the first start.
      </p>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault()
          void save()
        }}
      >
        <label class="mr-label" for="mr-server-url">
          Server URL
        </label>
        <input
          id="mr-server-url"
          class="mr-input mr-wide"
          type="url"
          value={serverUrl}
          aria-invalid={urlError ? 'true' : undefined}
          aria-describedby={urlError ? 'mr-server-url-error' : 'mr-server-url-hint'}
          onInput={(e) => {
            edited.current.serverUrl = true
            setServerUrl((e.currentTarget as HTMLInputElement).value)
          }}
        />
        {urlError ? (
          <p id="mr-server-url-error" class="mr-error-text">
            {urlError}
          </p>
        ) : (
          <p id="mr-server-url-hint" class="mr-hint">
            Default {DEFAULT_SERVER_URL}.
          </p>
        )}
        {insecure ? (
          <p class="mr-error-text">
            This URL is plain http:// to another machine: the token and your keys would cross the
            network unencrypted. Use https://.
          </p>
        ) : null}
        <label class="mr-label" for="mr-api-token">
          API token
        </label>
        <div class="mr-input-row">
          <input
            id="mr-api-token"
            class="mr-input"
            type={showToken ? 'text' : 'password'}
            value={apiToken}
            autocomplete="off"
            spellcheck={false}
            onInput={(e) => {
              edited.current.apiToken = true
              setApiToken((e.currentTarget as HTMLInputElement).value)
            }}
          />
          <button
            type="button"
            class="mr-btn mr-btn-small"
            aria-pressed={showToken ? 'true' : 'false'}
            aria-label={showToken ? 'Hide API token' : 'Show API token'}
            onClick={() => setShowToken(!showToken)}
          >
            {showToken ? 'Hide' : 'Show'}
          </button>
        </div>
        <p class="mr-hint">Stored in this browser profile only (chrome.storage.local).</p>
        <div class="mr-actions">
          <button type="submit" class="mr-btn mr-btn-primary" disabled={status.kind === 'busy'}>
            Save
          </button>
          <button
            type="button"
            class="mr-btn"
            disabled={status.kind === 'busy'}
            onClick={() => void test()}
          >
            Test connection
          </button>
        </div>
      </form>
      <div
        class={`mr-status mr-status-${status.kind}`}
        role={status.kind === 'error' ? 'alert' : 'status'}
        data-testid="connection-status"
      >
        {status.kind === 'idle' ? '' : status.message}
      </div>
    </main>
  )
}
