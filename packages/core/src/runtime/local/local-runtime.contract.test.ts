import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, it } from 'vitest'
import { runtimeContract } from '../../testing/runtime-contract.js'
import { LocalRuntime } from './local-runtime.js'

const packageRoot = join(import.meta.dirname, '..', '..', '..')

runtimeContract({ describe, it, afterEach }, 'LocalRuntime', async () => {
  const stateDir = await mkdtemp(join(tmpdir(), 'mcpr-local-contract-'))
  return {
    runtime: new LocalRuntime({ stateDir, cwd: packageRoot, stopGraceMs: 2_000 }),
    spec: (deploymentId: string) => ({
      deploymentId,
      argv: ['node', 'test/fixtures/tiny-mcp-server.mjs'],
      env: { TINY_KEY: 'value' },
      token: 'contract-token-0123456789abcdef0123456789abcdef',
    }),
    cleanup: () => rm(stateDir, { recursive: true, force: true }),
  }
})
