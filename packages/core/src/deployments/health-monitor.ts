import type { Clock } from '../clock.js'
import type { HealthOptions, PlatformLogger } from '../platform/platform.js'
import type { Deployment } from '../store/records.js'
import type { Store } from '../store/store.js'
import type { Deployer } from './deployer.js'

/** {@link HealthOptions} with every default filled in. */
export type ResolvedHealthOptions = Required<HealthOptions>

/** DESIGN.md §6 defaults. */
export function resolveHealthOptions(opts: HealthOptions = {}): ResolvedHealthOptions {
  return {
    intervalMs: opts.intervalMs ?? 30_000,
    timeoutMs: opts.timeoutMs ?? 5_000,
    strikes: opts.strikes ?? 3,
    concurrency: opts.concurrency ?? 200,
    batchSize: opts.batchSize ?? 1_000,
  }
}

/** Probes one bridge `/health`: true only on a 200 within the timeout. */
export async function probeHealth(baseUrl: string, timeoutMs: number): Promise<boolean> {
  try {
    const res = await fetch(new URL('/health', baseUrl), { signal: AbortSignal.timeout(timeoutMs) })
    await res.body?.cancel()
    return res.status === 200
  } catch {
    return false
  }
}

/** Runs `fn` over `items` with at most `limit` in flight. */
async function pool<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>) {
  let next = 0
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T
      await fn(item)
    }
  })
  await Promise.all(workers)
}

/**
 * The health loop (DESIGN.md §6). Each tick claims due `running`/`unhealthy` deployments in
 * the store (`FOR UPDATE SKIP LOCKED`, so replicas never probe the same one in an interval),
 * schedules each one's next check one interval later with ±10 % jitter, probes `/health` with
 * bounded concurrency and records the outcome through the {@link Deployer}.
 */
export class HealthMonitor {
  private timer: NodeJS.Timeout | undefined
  private running: Promise<number> | undefined

  constructor(
    private readonly store: Store,
    private readonly deployer: Deployer,
    private readonly clock: Clock,
    private readonly logger: PlatformLogger,
    readonly options: ResolvedHealthOptions,
    private readonly random: () => number = Math.random,
  ) {}

  private nextCheck(): Date {
    const jitter = (this.random() * 0.2 - 0.1) * this.options.intervalMs
    return new Date(this.clock.now() + this.options.intervalMs + jitter)
  }

  /**
   * Probes `claimed`. The common outcome, a `running` deployment that answers, is recorded for
   * the whole batch in one statement; every other outcome (a failure, a recovery) goes through
   * the {@link Deployer}, which applies the state machine and writes its event.
   */
  private async probeAll(claimed: readonly Deployment[]): Promise<void> {
    const passed: Array<{ id: string; version: number }> = []
    await pool(claimed, this.options.concurrency, async (dep) => {
      const healthy = dep.endpoint_url
        ? await probeHealth(dep.endpoint_url, this.options.timeoutMs)
        : false
      if (healthy && dep.status === 'running') passed.push({ id: dep.id, version: dep.version })
      else await this.deployer.recordHealth(dep, healthy, this.options.strikes)
    })
    if (passed.length > 0) {
      await this.store.deployments.recordHealthy(passed, new Date(this.clock.now()))
    }
  }

  /** Claims and probes everything due now; returns how many deployments were probed. */
  async tick(): Promise<number> {
    if (this.running) return this.running
    this.running = (async () => {
      // Deploys whose replica died (lease expired) are taken up here.
      await this.deployer.resumeStale()
      let total = 0
      for (;;) {
        const claimed = await this.store.deployments.claimHealthChecks(
          new Date(this.clock.now()),
          this.nextCheck(),
          this.options.batchSize,
        )
        await this.probeAll(claimed)
        total += claimed.length
        if (claimed.length < this.options.batchSize) return total
      }
    })().finally(() => {
      this.running = undefined
    })
    return this.running
  }

  /** Ticks every tenth of an interval (at least 100 ms, at most 5 s) until {@link stop}. */
  start(): void {
    if (this.timer) return
    const every = Math.min(5_000, Math.max(100, this.options.intervalMs / 10))
    const loop = () => {
      this.tick()
        .catch((err: unknown) => {
          this.logger.error(
            { err: err instanceof Error ? err.name : 'error' },
            'health tick failed',
          )
        })
        .finally(() => {
          if (this.timer) this.timer = setTimeout(loop, every).unref()
        })
    }
    this.timer = setTimeout(loop, every).unref()
  }

  /** Stops ticking and waits for a tick in progress. */
  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer)
    this.timer = undefined
    await this.running?.catch(() => {})
  }
}
