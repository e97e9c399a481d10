import type { ChangeFeed, Clock, Platform } from '@mcp-remote/core'
import type { HealthReport } from '../schemas/index.js'

/** Options of {@link createHealthCheck}. */
export interface HealthCheckOptions {
  clock: Clock
  version: string
  /** Per-check timeout, ms (default 2 000). */
  timeoutMs?: number
  /** How long a runtime's answer is reused, ms (default 15 000), so probes never hammer Fly. */
  runtimeCacheMs?: number
}

async function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timed out')), ms)
  })
  try {
    return await Promise.race([work, timeout])
  } finally {
    clearTimeout(timer)
  }
}

function feedState(feed: ChangeFeed | undefined): 'live' | 'down' | 'absent' {
  if (!feed) return 'absent'
  return feed.live ? 'live' : 'down'
}

function reason(err: unknown): string {
  // Only a fixed, secret-free word: driver messages can carry connection strings.
  return err instanceof Error && err.message === 'timed out' ? 'timed out' : 'unavailable'
}

/**
 * Builds the `GET /api/health` check: the store answers a trivial query, and each runtime can
 * list its resources (cached for `runtimeCacheMs`). `ok` is false when the store is down. The
 * report also names the runtimes offered (the keys of `runtimes`) and the default one, so a
 * client can offer the choice before it holds a token; prices stay behind `GET /api/cost`.
 */
export function createHealthCheck(
  platform: Pick<Platform, 'store' | 'runtimes' | 'defaultRuntime'>,
  opts: HealthCheckOptions,
): () => Promise<HealthReport> {
  const started = opts.clock.now()
  const timeoutMs = opts.timeoutMs ?? 2_000
  const cacheMs = opts.runtimeCacheMs ?? 15_000
  const cache = new Map<string, { at: number; check: { ok: boolean; error?: string } }>()

  async function runtimeCheck(name: string, list: () => Promise<unknown>) {
    const now = opts.clock.now()
    const hit = cache.get(name)
    if (hit && now - hit.at < cacheMs) return hit.check
    const check = await within(timeoutMs, list()).then(
      () => ({ ok: true }),
      (err: unknown) => ({ ok: false, error: reason(err) }),
    )
    cache.set(name, { at: now, check })
    return check
  }

  return async () => {
    const [store, ...runtimes] = await Promise.all([
      within(timeoutMs, platform.store.ping()).then(
        () => ({ ok: true }),
        (err: unknown) => ({ ok: false, error: reason(err) }),
      ),
      ...[...platform.runtimes.values()].map(async (runtime) => {
        const check = await runtimeCheck(runtime.name, () => runtime.list())
        return [runtime.name, check] as const
      }),
    ])
    const allOk = store.ok && runtimes.every(([, check]) => check.ok)
    return {
      status: allOk ? 'ok' : 'degraded',
      version: opts.version,
      uptime_s: Math.round((opts.clock.now() - started) / 1000),
      store: {
        ...store,
        dialect: platform.store.dialect,
        change_feed: feedState(platform.store.changes),
      },
      runtimes: Object.fromEntries(runtimes),
      default_runtime: platform.defaultRuntime,
    }
  }
}
