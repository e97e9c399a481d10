import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { withDeadline } from './deadline.js'

describe('withDeadline', () => {
  it('aborts with a TimeoutError once the time is up, and says it expired', async () => {
    const deadline = withDeadline(20)
    await new Promise((resolve) => deadline.signal.addEventListener('abort', resolve))
    expect(deadline.expired).toBe(true)
    expect((deadline.signal.reason as DOMException).name).toBe('TimeoutError')
  })

  it('aborts with a parent, with the parent’s reason, and not as expired', () => {
    const parent = new AbortController()
    const deadline = withDeadline(60_000, undefined, parent.signal)
    parent.abort(new Error('stopped'))
    expect(deadline.signal.aborted).toBe(true)
    expect((deadline.signal.reason as Error).message).toBe('stopped')
    expect(deadline.expired).toBe(false)
    deadline.clear()
  })

  it('starts aborted under an aborted parent', () => {
    const parent = new AbortController()
    parent.abort('gone')
    expect(withDeadline(60_000, parent.signal).signal.reason).toBe('gone')
  })

  it('leaves the parent as it found it once cleared', () => {
    const parent = new AbortController()
    const deadline = withDeadline(60_000, parent.signal)
    deadline.clear()
    parent.abort()
    expect(deadline.signal.aborted).toBe(false)
  })

  // The case AbortSignal.any over AbortSignal.timeout fails on Node 20: nothing else holds
  // the signals, and garbage collections run. In a child process that may collect on demand.
  it('fires even when only its listener holds it, through garbage collections', () => {
    const script = `
      const { withDeadline } = await import(${JSON.stringify(join(import.meta.dirname, 'deadline.ts'))})
      const fired = new Promise((resolve) => {
        withDeadline(100, new AbortController().signal).signal.addEventListener('abort', resolve)
      })
      const collect = setInterval(() => gc(), 5)
      const late = setTimeout(() => { console.log('never fired'); process.exit(1) }, 2000)
      await fired
      clearInterval(collect); clearTimeout(late)
      console.log('fired')`
    const run = spawnSync(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', '--input-type=module', '-e', script],
      { encoding: 'utf8', timeout: 30_000 },
    )
    expect(run.stdout.trim()).toBe('fired')
  })
})
