import { describe, expect, it } from 'vitest'
import { fetchConformance, formatReport, regressions, runConformance } from './conformance-run.js'

describe('MCP conformance suite', () => {
  it('counts a scenario as regressed when the bridge fails it or adds warnings', () => {
    const ok = { scenario: 'a', passed: 2, failed: 0, warnings: 0 }
    expect(regressions([ok], [ok])).toEqual([])
    expect(regressions([ok], [{ ...ok, passed: 1 }])).toEqual([])
    expect(regressions([ok], [{ ...ok, failed: 1 }])).toEqual(['a'])
    expect(regressions([ok], [{ ...ok, warnings: 1 }])).toEqual(['a'])
    expect(regressions([ok], [])).toEqual(['a'])
    expect(regressions([{ ...ok, failed: 1 }], [])).toEqual([])
  })

  it('passes through the bridge every server scenario the fixture passes directly', async (ctx) => {
    const fetched = await fetchConformance()
    // The only reason to skip: no registry access to fetch node@22 and the suite.
    if (!fetched.ok) ctx.skip(fetched.reason)
    const report = await runConformance()
    console.info(formatReport(report))
    expect(report.direct.length).toBeGreaterThanOrEqual(30)
    expect(report.bridge.map((r) => r.scenario)).toEqual(report.direct.map((r) => r.scenario))
    expect(report.regressions).toEqual([])
  }, 300_000)
})
