#!/usr/bin/env node
import { runCli } from './cli/index.js'

const code = await runCli(process.argv.slice(2))
process.exitCode = code
// Give pending writes a moment, then leave even if a handle lingers (a pool, a timer).
setTimeout(() => process.exit(code), 2_000).unref()
