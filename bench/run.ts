/**
 * `npm run bench`: every benchmark, one after the other, each in its own process so they
 * never share a heap or an event loop. Each prints its own table, with peers measured in the
 * same run (bridge: direct stdio, mcp-proxy, supergateway; server: a Hono hello-world).
 *
 *   npm run bench                 # all
 *   npm run bench -- bridge       # some: bridge, server, analysis
 */
import { spawnSync } from 'node:child_process'
import { cpus } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const ALL = {
  bridge: ['bridge.ts'],
  server: ['server.ts'],
  analysis: ['corpus/fetch.ts', 'analysis.ts'],
} as const
type Name = keyof typeof ALL

const asked = process.argv.slice(2).filter((a): a is Name => a in ALL)
const names = asked.length > 0 ? asked : (Object.keys(ALL) as Name[])

console.log(
  `# mcp-remote benchmarks — ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ` +
    `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'cpu'}\n`,
)
let failed = 0
for (const name of names) {
  console.log(`## ${name}\n`)
  for (const script of ALL[name]) {
    const run = spawnSync(process.execPath, ['--import', 'tsx', join(here, script)], {
      stdio: 'inherit',
    })
    if (run.status !== 0) {
      failed++
      console.log(`\n(${script} exited ${run.status ?? run.signal})`)
      break
    }
  }
  console.log('')
}
process.exit(failed > 0 ? 1 : 0)
