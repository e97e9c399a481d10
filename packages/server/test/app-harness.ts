import { Writable } from 'node:stream'
import type { Clock } from '@mcp-remote/core'
import { ApiTokenVerifier } from '../src/auth/index.js'
import { createApp } from '../src/http/index.js'
import { createLogger } from '../src/log/index.js'
import { FakePlatform } from './fake-platform.js'

/** The API token the harness' app accepts. */
export const TOKEN = 'mcpr_test-token-0123456789abcdef'

/** A config the command policy accepts, with one required secret. */
export const CONFIG = {
  package_name: '@modelcontextprotocol/server-everything',
  display_name: 'Everything',
  run_command: 'npx -y @modelcontextprotocol/server-everything',
  env_vars: [{ name: 'API_KEY', description: 'key', required: true, secret: true }],
}

/** A clock tests move by hand. */
export class ManualClock implements Clock {
  constructor(public ms = Date.parse('2025-01-01T00:00:00Z')) {}
  now(): number {
    return this.ms
  }
}

/** Options of {@link harness}. */
export interface HarnessOptions {
  platform?: FakePlatform
  rateLimitPerMinute?: number
  corsOrigins?: string[]
  maxBodyBytes?: number
}

/** An app over a {@link FakePlatform}, with captured log lines and request helpers. */
export function harness(opts: HarnessOptions = {}) {
  const platform = opts.platform ?? new FakePlatform()
  const lines: string[] = []
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean))
      done()
    },
  })
  const clock = new ManualClock()
  const app = createApp({
    platform,
    apiToken: ApiTokenVerifier.forToken(TOKEN),
    logger: createLogger({ level: 'debug', destination }),
    rateLimitPerMinute: opts.rateLimitPerMinute ?? 10_000,
    corsOrigins: opts.corsOrigins ?? [],
    clock,
    ...(opts.maxBodyBytes === undefined ? {} : { maxBodyBytes: opts.maxBodyBytes }),
  })
  const auth = { authorization: `Bearer ${TOKEN}` }
  return {
    app,
    platform,
    lines,
    clock,
    /** A request with the API token. */
    call(path: string, init: RequestInit = {}) {
      return app.request(path, { ...init, headers: { ...auth, ...(init.headers ?? {}) } })
    },
    /** A JSON request with the API token. */
    send(method: string, path: string, body: unknown) {
      return app.request(path, {
        method,
        body: typeof body === 'string' ? body : JSON.stringify(body),
        headers: { ...auth, 'content-type': 'application/json' },
      })
    },
  }
}
