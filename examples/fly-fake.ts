// Drives the Fly Machines client against the faithful fake from `@mcp-remote/core/testing`
// (every request checked against Fly's OpenAPI document), offline. Run: node --import tsx fly-fake.ts
import { FlyClient } from '@mcp-remote/core'
import { createFakeFly, FakeClock } from '@mcp-remote/core/testing'
import { setupServer } from 'msw/node'

const clock = new FakeClock()
const fake = createFakeFly({ clock })
const server = setupServer(...fake.handlers)
server.listen({ onUnhandledRequest: 'error' })
try {
  const fly = new FlyClient({ token: fake.token, clock })
  await fly.createApp({ name: 'mcpr-example', org_slug: 'personal', idempotency_key: 'example-1' })
  const { version } = await fly.setSecrets('mcpr-example', { API_KEY: 'value' })
  const machine = await fly.createMachine(
    'mcpr-example',
    {
      config: { image: 'registry.fly.io/mcp-base:latest', metadata: { deployment: 'dep_1' } },
      min_secrets_version: version,
    },
    { dedupeBy: { key: 'deployment', value: 'dep_1' } },
  )
  await fly.waitForState('mcpr-example', machine.id, { state: 'started', timeoutMs: 60_000 })
  console.log(`machine ${machine.id} started; secrets version ${version}`)
  await fly.deleteApp('mcpr-example')
  console.log(
    `requests checked against the OpenAPI document: ${fake.requests.length}, violations: ${fake.violations.length}`,
  )
  if (fake.violations.length > 0) process.exit(1)
} finally {
  server.close()
}
