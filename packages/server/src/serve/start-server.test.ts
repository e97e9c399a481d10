import type { AddressInfo } from 'node:net'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { TOKEN } from '../../test/app-harness.js'
import { FakePlatform } from '../../test/fake-platform.js'
import { loadServerEnv } from '../config/index.js'
import { createLogger } from '../log/index.js'
import { startServer } from './start-server.js'

describe('startServer', () => {
  it('takes the port before it reconciles: a taken port touches no deployment', async () => {
    const squatter = createServer()
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve))
    const { port } = squatter.address() as AddressInfo
    const platform = new FakePlatform()
    let reconciled = 0
    let closed = 0
    platform.reconcile = async () => {
      reconciled += 1
      return { resumed: [], failed: [], restarted: [], orphansDestroyed: 0, unlistedRuntimes: [] }
    }
    const close = platform.close.bind(platform)
    platform.close = async () => {
      closed += 1
      await close()
    }
    try {
      await expect(
        startServer({
          env: loadServerEnv({
            PORT: String(port),
            MCP_REMOTE_API_TOKEN: TOKEN,
            DATA_DIR: join(tmpdir(), 'mcp-remote-start-server'),
          }),
          platform,
          logger: createLogger({ level: 'silent' }),
        }),
      ).rejects.toThrow(`PORT ${port} on 127.0.0.1 is already in use`)
      expect(reconciled).toBe(0)
      expect(closed).toBe(1)
    } finally {
      squatter.close()
    }
  })
})
