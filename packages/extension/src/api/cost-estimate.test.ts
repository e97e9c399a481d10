import { describe, expect, it } from 'vitest'
import type { ApiRequest, ApiResult } from './api-client'
import { parseEstimate } from './cost-estimate'
import { createExtensionApi } from './extension-api'

/** What the server's `GET /api/cost?runtime=fly` answers (core's estimate, trimmed). */
const FLY = {
  runtime: 'fly',
  currency: 'USD',
  monthly_usd: 1.94,
  hourly_usd: 0.002694,
  idle_monthly_usd: 0.15,
  breakdown: [{ item: 'shared-cpu-1x compute with 256 MB, always on', monthly_usd: 1.94 }],
  source: 'https://fly.io/docs/about/pricing/',
  as_of: '2026-11-25',
  notes: ['outbound data transfer is not included'],
}

describe('parseEstimate', () => {
  it('keeps every field of an estimate the server sends', () => {
    expect(parseEstimate(FLY)).toEqual(FLY)
  })

  it('fills missing optional figures with zero and drops unknown fields and bad lines', () => {
    expect(
      parseEstimate({
        runtime: 'local',
        monthly_usd: 0,
        breakdown: [{ item: 'x' }, 'y'],
        notes: [1],
        extra: '<script>',
      }),
    ).toEqual({
      runtime: 'local',
      currency: 'USD',
      monthly_usd: 0,
      hourly_usd: 0,
      idle_monthly_usd: 0,
      breakdown: [],
      source: '',
      as_of: '',
    })
  })

  it.each([
    null,
    'free',
    { runtime: 'fly' },
    { runtime: 'docker', monthly_usd: 1 },
    { runtime: 'fly', monthly_usd: '1.94' },
  ])('reads %j as no estimate', (value) => {
    expect(parseEstimate(value)).toBeNull()
  })
})

describe('ExtensionApi.estimateCost', () => {
  const apiAnswering = (answer: ApiResult) => {
    const sent: ApiRequest[] = []
    const api = createExtensionApi(async (req) => {
      sent.push(req)
      return answer
    })
    return { api, sent }
  }

  it('asks GET /api/cost for the runtime, with the token, and answers the estimate', async () => {
    const { api, sent } = apiAnswering({ ok: true, status: 200, data: FLY })
    expect(await api.estimateCost('fly')).toEqual({ ok: true, status: 200, data: FLY })
    expect(sent).toEqual([{ method: 'GET', path: '/api/cost?runtime=fly' }])
  })

  it('turns a success without an estimate into a failure that says so', async () => {
    const { api } = apiAnswering({ ok: true, status: 200, data: { hello: 'world' } })
    const result = await api.estimateCost('local')
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(result.failure).toMatchObject({ code: 'invalid_response', status: 200 })
      expect(result.failure.message).toContain('a cost estimate')
    }
  })
})
