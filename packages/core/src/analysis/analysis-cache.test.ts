import { describe, expect, it, vi } from 'vitest'
import {
  ANALYSIS_CACHE_TTL_MS,
  analysisCacheKey,
  createMemoryAnalysisCache,
  withAnalysisCache,
} from './analysis-cache.js'
import type { AnalysisResult, Analyzer } from './analysis-result.js'

const complete: AnalysisResult = { status: 'complete', config: null, evidence: [], warnings: [] }

function countingAnalyzer(result: AnalysisResult = complete) {
  const analyze = vi.fn<Analyzer['analyze']>(async () => result)
  return { analyze }
}

describe('analysisCacheKey', () => {
  it('is a hex SHA-256 shared by equivalent spellings of a source', () => {
    const key = analysisCacheKey('https://github.com/Acme/Weather.git')
    expect(key).toMatch(/^[0-9a-f]{64}$/)
    expect(analysisCacheKey('github.com/acme/weather/')).toBe(key)
  })

  it('differs by ref, npm version and analyzer version', () => {
    const keys = new Set([
      analysisCacheKey('https://github.com/acme/weather'),
      analysisCacheKey('https://github.com/acme/weather/tree/v2'),
      analysisCacheKey('npm:weather-mcp'),
      analysisCacheKey('npm:weather-mcp@1.0.0'),
      analysisCacheKey('npm:weather-mcp@1.0.0', 'analysis/999'),
    ])
    expect(keys.size).toBe(5)
  })
})

describe('withAnalysisCache', () => {
  it('answers a second request from the cache', async () => {
    const inner = countingAnalyzer()
    const analyzer = withAnalysisCache(inner, createMemoryAnalysisCache())
    await analyzer.analyze('npm:weather-mcp@1.0.0')
    await analyzer.analyze('npm:weather-mcp@1.0.0')
    expect(inner.analyze).toHaveBeenCalledTimes(1)
  })

  it('bypasses the cache on refresh and stores the fresh result', async () => {
    const inner = countingAnalyzer()
    const cache = createMemoryAnalysisCache()
    const analyzer = withAnalysisCache(inner, cache)
    await analyzer.analyze('npm:weather-mcp@1.0.0')
    await analyzer.analyze('npm:weather-mcp@1.0.0', { refresh: true })
    expect(inner.analyze).toHaveBeenCalledTimes(2)
    expect(cache.size).toBe(1)
  })

  it('expires entries after 24 hours', async () => {
    let now = Date.UTC(2026, 0, 1)
    const inner = countingAnalyzer()
    const analyzer = withAnalysisCache(inner, createMemoryAnalysisCache(), {
      clock: { now: () => now },
    })
    await analyzer.analyze('npm:weather-mcp')
    now += ANALYSIS_CACHE_TTL_MS - 1
    await analyzer.analyze('npm:weather-mcp')
    expect(inner.analyze).toHaveBeenCalledTimes(1)
    now += 1
    await analyzer.analyze('npm:weather-mcp')
    expect(inner.analyze).toHaveBeenCalledTimes(2)
  })

  it('never caches failed analyses or local directories', async () => {
    const inner = countingAnalyzer({ ...complete, status: 'failed' })
    const cache = createMemoryAnalysisCache()
    const analyzer = withAnalysisCache(inner, cache)
    await analyzer.analyze('npm:weather-mcp')
    await analyzer.analyze('/srv/server')
    await analyzer.analyze('/srv/server')
    expect(cache.size).toBe(0)
    expect(inner.analyze).toHaveBeenCalledTimes(3)
  })
})
