import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DeploymentConfigInput } from '../config/index.js'
import { IdempotencyKeyReusedError, ValidationError } from '../errors/index.js'
import type { DeploySpec, Runtime, RuntimeRef } from '../runtime/runtime.js'
import { createPlatform } from './create-platform.js'
import type { Platform } from './platform.js'

const CONFIG: DeploymentConfigInput = {
  package_name: '@acme/mcp-weather',
  display_name: 'Weather',
  run_command: 'npx -y @acme/mcp-weather',
  env_vars: [{ name: 'WEATHER_API_KEY', required: true, secret: true }],
}

/** A runtime whose deploys never finish: every deployment stays `deploying` until close. */
class PendingRuntime implements Runtime {
  readonly name = 'local' as const
  readonly deploys: string[] = []
  readonly signals: AbortSignal[] = []
  deploy(spec: DeploySpec, signal?: AbortSignal): Promise<RuntimeRef> {
    this.deploys.push(spec.deploymentId)
    // Held here: an `AbortSignal.any` that only its listeners reach may be collected unfired.
    if (signal) this.signals.push(signal)
    return new Promise((_, reject) => {
      if (signal?.aborted) reject(signal.reason)
      signal?.addEventListener('abort', () => reject(signal.reason))
    })
  }
  async status() {
    return { state: 'starting' as const }
  }
  async stop() {}
  start(): Promise<RuntimeRef> {
    throw new Error('not used')
  }
  async destroy() {}
  async list() {
    return []
  }
  async close() {}
}

describe('deploys with an idempotency key', () => {
  let dir: string
  let platform: Platform
  const runtime = new PendingRuntime()
  const request = (key: string, config: DeploymentConfigInput = CONFIG, secret = 'sk-1') => ({
    config,
    credentials: { WEATHER_API_KEY: secret },
    confirmCost: true,
    idempotencyKey: key,
  })

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mcpr-idem-'))
    platform = await createPlatform({ dataDir: dir, runtimes: [runtime] })
  })
  afterAll(async () => {
    await platform?.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('creates one deployment for a retried request, and answers the retry with it', async () => {
    const first = await platform.deploy(request('retry-1'))
    // A retry may carry the secret again, or a corrected one: values are not compared.
    const again = await platform.deploy(request('retry-1', CONFIG, 'sk-2'))
    expect(again.id).toBe(first.id)
    expect((await platform.list()).filter((d) => d.id === first.id)).toHaveLength(1)
    expect(runtime.deploys.filter((id) => id === first.id)).toHaveLength(1)
  })

  it('creates one deployment when the same request races itself', async () => {
    const before = (await platform.list()).length
    const views = await Promise.all([1, 2, 3, 4].map(() => platform.deploy(request('race-1'))))
    expect(new Set(views.map((v) => v.id)).size).toBe(1)
    expect(await platform.list()).toHaveLength(before + 1)
  })

  it('refuses the key for a different request, naming the deployment it made', async () => {
    const first = await platform.deploy(request('reused-1'))
    const other = platform.deploy(request('reused-1', { ...CONFIG, display_name: 'Other' }))
    await expect(other).rejects.toBeInstanceOf(IdempotencyKeyReusedError)
    await expect(other).rejects.toMatchObject({
      code: 'idempotency_key_reused',
      details: { deployment_id: first.id },
    })
  })

  it('refuses a key that is not 1 to 255 visible ASCII characters, without echoing it', async () => {
    for (const key of ['', 'with space', 'ü', 'x'.repeat(256)]) {
      const attempt = platform.deploy(request(key))
      await expect(attempt).rejects.toBeInstanceOf(ValidationError)
      await expect(attempt).rejects.toMatchObject({
        details: { issues: [{ path: 'idempotency_key' }] },
      })
    }
  })

  it('deploys afresh without a key, every time', async () => {
    const { idempotencyKey: _, ...plain } = request('unused')
    const a = await platform.deploy(plain)
    const b = await platform.deploy(plain)
    expect(a.id).not.toBe(b.id)
  })
})
