#!/usr/bin/env node
import { type Bridge, startBridge } from './bridge.js'
import { parseCliArgs, USAGE } from './cli-args.js'
import { BRIDGE_VERSION } from './identity.js'
import { stderrSink } from './log.js'

function fail(setting: string, message: string): never {
  stderrSink({ level: 'error', msg: 'cannot start', setting, reason: message })
  process.exit(2)
}

async function main(): Promise<void> {
  let command: ReturnType<typeof parseCliArgs>
  try {
    command = parseCliArgs(process.argv.slice(2), process.env)
  } catch (error) {
    const setting = (error as { setting?: string }).setting ?? 'arguments'
    fail(setting, error instanceof Error ? error.message : 'invalid arguments')
  }
  if (command.kind === 'help') {
    process.stdout.write(USAGE)
    return
  }
  if (command.kind === 'version') {
    process.stdout.write(`${BRIDGE_VERSION}\n`)
    return
  }
  let bridge: Bridge
  try {
    bridge = await startBridge(command.options)
  } catch (error) {
    const setting =
      (error as { setting?: string; rule?: string }).setting ??
      (error as { rule?: string }).rule ??
      'startup'
    fail(setting, error instanceof Error ? error.message : 'startup failed')
  }

  let stopping = false
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      // A second signal: don't wait for the child's grace period.
      killChild(bridge)
      process.exit(1)
    }
    stopping = true
    stderrSink({ level: 'info', msg: 'signal received', signal })
    bridge.close().then(
      () => process.exit(0),
      () => process.exit(1),
    )
  }
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
  // However the bridge ends, its child's process group ends with it.
  process.on('exit', () => killChild(bridge))
  process.on('uncaughtException', (error) => {
    stderrSink({ level: 'error', msg: 'uncaught exception', error: error.name })
    killChild(bridge)
    process.exit(1)
  })
}

function killChild(bridge: Bridge): void {
  const pid = bridge.status().childPid
  if (pid === undefined) return
  try {
    process.kill(-pid, 'SIGKILL')
  } catch {
    // already gone
  }
}

void main()
