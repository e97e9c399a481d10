import { describe, expect, it } from 'vitest'
import { McpRemoteError } from '../errors/index.js'
import { estimateCost } from './estimate-cost.js'
import { FLY_PRICES, SECONDS_PER_30_DAYS } from './fly-prices.js'

describe('estimateCost', () => {
  it('says a local deployment costs nothing', () => {
    const estimate = estimateCost({ runtime: 'local' })
    expect(estimate).toMatchObject({
      runtime: 'local',
      currency: 'USD',
      monthly_usd: 0,
      hourly_usd: 0,
      idle_monthly_usd: 0,
      breakdown: [],
    })
  })

  it('prices the default Fly machine at $1.94 per 30 days always on', () => {
    const estimate = estimateCost({ runtime: 'fly' })
    expect(estimate.monthly_usd).toBe(1.94)
    expect(estimate.hourly_usd).toBeCloseTo(1.94 / 720, 6)
    expect(estimate.breakdown).toHaveLength(1)
    expect(estimate.source).toContain('fly.io')
    expect(estimate.as_of).toMatch(/^\d{4}-\d{2}-\d{2}$/)
  })

  it('bills about $0.0000008 per second for shared-cpu-1x with 256 MB', () => {
    const perSecond = FLY_PRICES.shared_cpu_monthly_usd / SECONDS_PER_30_DAYS
    // $1.94 / 2 592 000 s = $0.00000075/s, which Fly rounds to $0.0000008.
    expect(Math.abs(perSecond - 0.0000008) / 0.0000008).toBeLessThan(0.07)
  })

  it('bills only the root filesystem while stopped or suspended', () => {
    expect(estimateCost({ runtime: 'fly' }).idle_monthly_usd).toBe(0.15)
    expect(estimateCost({ runtime: 'fly', rootfsGb: 2 }).idle_monthly_usd).toBe(0.3)
  })

  it.each([
    [1, 512, 3.19],
    [1, 1024, 5.69],
    [2, 512, 3.88],
  ])('prices shared-cpu-%dx with %d MB at $%d', (cpus, memory_mb, monthly) => {
    const estimate = estimateCost({
      runtime: 'fly',
      guest: { cpu_kind: 'shared', cpus, memory_mb },
    })
    expect(estimate.monthly_usd).toBe(monthly)
    const sum = estimate.breakdown.reduce((s, l) => s + l.monthly_usd, 0)
    expect(sum).toBeCloseTo(estimate.monthly_usd, 2)
  })

  it('notes that prices differ by region', () => {
    const estimate = estimateCost({ runtime: 'fly', region: 'syd' })
    expect(estimate.notes?.join(' ')).toMatch(/region/)
    expect(estimate.notes?.join(' ')).toContain('syd')
    expect(estimate.notes?.join(' ')).toContain('$2.02')
  })

  it('refuses guests it has no price for, naming the field', () => {
    expect.assertions(2)
    try {
      estimateCost({ runtime: 'fly', guest: { cpu_kind: 'performance', cpus: 1, memory_mb: 2048 } })
    } catch (err) {
      expect(err).toBeInstanceOf(McpRemoteError)
      expect((err as McpRemoteError).details.issues).toEqual([
        { path: 'guest.cpu_kind', message: 'only shared CPUs are priced' },
      ])
    }
  })

  it('refuses memory that is not a multiple of 256 MB', () => {
    expect(() =>
      estimateCost({ runtime: 'fly', guest: { cpu_kind: 'shared', cpus: 1, memory_mb: 300 } }),
    ).toThrow(/cannot estimate/)
  })
})
