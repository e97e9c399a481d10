import assert from 'node:assert/strict'
import type { DeploySpec, Runtime } from '../runtime/runtime.js'

/** The test functions the contract registers with (vitest's or jest's, passed in). */
export interface ContractTestApi {
  describe(name: string, fn: () => void): void
  it(name: string, fn: () => Promise<void>): void
  afterEach(fn: () => Promise<void> | void): void
}

/** One runtime under test, made fresh for each test. */
export interface RuntimeHarness {
  runtime: Runtime
  /** A deployable spec for `deploymentId` (argv of a server the runtime can run). */
  spec(deploymentId: string): DeploySpec
  /** Called after each test, after `runtime.close()`. */
  cleanup?(): Promise<void>
}

/**
 * Registers the {@link Runtime} contract suite (DESIGN.md §5) for one implementation: deploy
 * is idempotent by deployment id and resolves running; stop ends it; start brings it back;
 * destroy is idempotent and leaves it gone; list shows what exists. Assertions use
 * `node:assert`, so any runner works.
 *
 * @example
 * ```ts
 * import { afterEach, describe, it } from 'vitest'
 * runtimeContract({ describe, it, afterEach }, 'FlyRuntime', () => makeFlyHarness())
 * ```
 */
export function runtimeContract(
  t: ContractTestApi,
  name: string,
  make: () => Promise<RuntimeHarness> | RuntimeHarness,
): void {
  t.describe(`Runtime contract: ${name}`, () => {
    let current: RuntimeHarness | undefined
    const harness = async (): Promise<RuntimeHarness> => {
      current = await make()
      return current
    }
    t.afterEach(async () => {
      const h = current
      current = undefined
      if (!h) return
      for (const ref of await h.runtime.list().catch(() => [])) {
        await h.runtime.destroy(ref).catch(() => undefined)
      }
      await h.runtime.close()
      await h.cleanup?.()
    })

    t.it('deploys to a running resource with a base URL', async () => {
      const { runtime, spec } = await harness()
      const ref = await runtime.deploy(spec('dep_contract_a'))
      assert.equal(ref.runtime, runtime.name)
      assert.equal(ref.deploymentId, 'dep_contract_a')
      assert.match(ref.baseUrl, /^https?:\/\/[^/]+$/)
      assert.equal((await runtime.status(ref)).state, 'running')
    })

    t.it('deploys idempotently by deployment id: one resource, listed once', async () => {
      const { runtime, spec } = await harness()
      await runtime.deploy(spec('dep_contract_b'))
      const again = await runtime.deploy(spec('dep_contract_b'))
      const listed = (await runtime.list()).filter((r) => r.deploymentId === 'dep_contract_b')
      assert.equal(listed.length, 1)
      assert.equal((await runtime.status(again)).state, 'running')
    })

    t.it('stops a deployment, and starts it again', async () => {
      const { runtime, spec } = await harness()
      const ref = await runtime.deploy(spec('dep_contract_c'))
      await runtime.stop(ref)
      assert.ok(['stopped', 'gone'].includes((await runtime.status(ref)).state))
      await runtime.stop(ref)
      const started = await runtime.start(ref)
      assert.equal((await runtime.status(started)).state, 'running')
    })

    t.it('destroys idempotently and then reports the resource gone', async () => {
      const { runtime, spec } = await harness()
      const ref = await runtime.deploy(spec('dep_contract_d'))
      await runtime.destroy(ref)
      await runtime.destroy(ref)
      assert.equal((await runtime.status(ref)).state, 'gone')
      const listed = (await runtime.list()).filter((r) => r.deploymentId === 'dep_contract_d')
      assert.deepEqual(listed, [])
    })

    t.it('treats destroying what never existed as success', async () => {
      const { runtime } = await harness()
      await runtime.destroy({
        runtime: runtime.name,
        deploymentId: 'dep_contract_never',
        baseUrl: '',
        details: {},
      })
    })
  })
}
