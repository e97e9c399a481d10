import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createFakeFly, FakeClock, runtimeContract } from '../../testing/index.js'
import { FlyRuntime } from './fly-runtime.js'

const server = setupServer()
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterAll(() => server.close())

runtimeContract({ describe, it, afterEach }, 'FlyRuntime over the fake Fly', () => {
  const clock = new FakeClock()
  const fly = createFakeFly({ clock, orgs: ['acme'] })
  server.resetHandlers(...fly.handlers)
  const runtime = new FlyRuntime({
    token: fly.token,
    org: 'acme',
    image: 'registry.fly.io/mcp-base:t',
    clock,
  })
  return {
    runtime,
    spec: (deploymentId) => ({
      deploymentId,
      argv: ['npx', '-y', 'pkg'],
      env: { K: 'v' },
      token: 't',
    }),
    async cleanup() {
      expect(fly.violations).toEqual([])
      expect(fly.responseViolations).toEqual([])
    },
  }
})
