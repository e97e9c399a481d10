import { describe, expect, it } from 'vitest'
import type { DeploymentConfig } from '../config/index.js'
import { Fernet, FernetSecretBox } from '../fernet/index.js'
import { createPlatform } from '../platform/create-platform.js'
import type { DeploySpec, Runtime, RuntimeRef } from '../runtime/runtime.js'
import { createStore } from '../store/create-store.js'
import type { Store } from '../store/store.js'

const CONFIG: DeploymentConfig = {
  package_name: 'weather-mcp',
  version: null,
  display_name: 'Weather',
  env_vars: [],
  run_command: 'npx',
  args: ['-y', 'weather-mcp'],
  runtime_kind: 'node',
  transport: 'stdio',
  notes: '',
}

/** A runtime whose resources are plain refs; `onList` runs while it lists (to stage races). */
class ListedRuntime implements Runtime {
  readonly name = 'local' as const
  readonly destroyed: string[] = []
  constructor(
    private readonly refs: RuntimeRef[],
    private readonly onList: () => Promise<void> = async () => {},
  ) {}
  async deploy(spec: DeploySpec): Promise<RuntimeRef> {
    return this.ref(spec.deploymentId)
  }
  async status() {
    return { state: 'running' as const }
  }
  async stop() {}
  async start(ref: RuntimeRef) {
    return ref
  }
  async destroy(ref: RuntimeRef) {
    this.destroyed.push(ref.deploymentId)
  }
  async list() {
    await this.onList()
    return this.refs
  }
  async close() {}
  ref(deploymentId: string): RuntimeRef {
    return { runtime: 'local', deploymentId, baseUrl: 'http://127.0.0.1:9', details: {} }
  }
}

function insert(store: Store, id: string) {
  return store.deployments.insert({
    id,
    source: 'npm:weather-mcp',
    package_name: CONFIG.package_name,
    display_name: CONFIG.display_name,
    runtime: 'local',
    status: 'deploying',
    config: CONFIG,
    cost_estimate: null,
  })
}

describe('reconcile', () => {
  it("destroys resources without a row, but not one whose row appeared while it listed (another replica's deploy)", async () => {
    const store = await createStore({
      dataDir: 'memory://',
      secretBox: new FernetSecretBox(Fernet.generateKey()),
    })
    const racing = 'dep_racing0000000000000000'
    const runtime = new ListedRuntime(
      [
        { runtime: 'local', deploymentId: 'dep_orphan000000000000000', baseUrl: 'x', details: {} },
        { runtime: 'local', deploymentId: racing, baseUrl: 'x', details: {} },
      ],
      async () => {
        await insert(store, racing)
      },
    )
    const platform = await createPlatform({ store, runtimes: [runtime] })
    try {
      const report = await platform.reconcile()
      expect(runtime.destroyed).toEqual(['dep_orphan000000000000000'])
      expect(report.orphansDestroyed).toBe(1)
    } finally {
      await platform.close()
      await store.close()
    }
  })
})
