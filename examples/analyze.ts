// Analyzes a folder the way `mcp-deploy analyze ./dir` does: static detectors only (no network,
// no model), printing what the server needs and the evidence. Run: node --import tsx analyze.ts
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createAnalyzer } from '@mcp-remote/core'

const dir = await mkdtemp(join(tmpdir(), 'mcp-remote-analyze-'))
try {
  await writeFile(
    join(dir, 'package.json'),
    JSON.stringify({
      name: 'weather-mcp',
      version: '1.2.0',
      bin: { 'weather-mcp': 'dist/index.js' },
    }),
  )
  await writeFile(
    join(dir, 'index.js'),
    [
      'const key = process.env.WEATHER_API_KEY',
      "if (!key) throw new Error('WEATHER_API_KEY is required')",
      "const units = process.env.WEATHER_UNITS ?? 'metric'",
    ].join('\n'),
  )
  const result = await createAnalyzer().analyze(dir)
  console.log(result.status, result.config?.run_command)
  for (const v of result.config?.env_vars ?? []) {
    const kind = v.secret ? 'a key (masked in the form)' : 'a setting'
    console.log(`${v.name}: required=${v.required}, ${kind}, default ${v.default ?? 'none'}`)
  }
  if (!result.config?.env_vars.some((v) => v.name === 'WEATHER_API_KEY' && v.required)) {
    throw new Error('expected WEATHER_API_KEY, required')
  }
} finally {
  await rm(dir, { recursive: true, force: true })
}
