import type { AnalysisView } from '../api/wire-types'
import { EvidenceList } from '../ui/evidence-list'

/** What analysis found: the server's name, package, run command, notes, warnings, evidence. */
export function AnalysisSummary({ analysis }: { analysis: AnalysisView }) {
  const config = analysis.config
  const evidenceFor = (field: string) => analysis.evidence.filter((e) => e.field === field)
  return (
    <section class="mr-analysis" aria-label="Analysis">
      {config ? (
        <dl class="mr-facts">
          <dt>Source</dt>
          <dd class="mr-source-value">{analysis.source}</dd>
          <dt>Server</dt>
          <dd>
            <strong class="mr-server-name">{config.display_name}</strong>
            {analysis.status === 'partial' ? <span class="mr-tag">partial</span> : null}
          </dd>
          <dt>Package</dt>
          <dd>
            <code>
              {config.package_name}
              {config.version ? `@${config.version}` : ''}
            </code>
            {evidenceFor('package_name').length > 0 ? (
              <EvidenceList evidence={evidenceFor('package_name')} />
            ) : null}
          </dd>
          <dt>Run command</dt>
          <dd>
            <code class="mr-run-command">{[config.run_command, ...config.args].join(' ')}</code>
            {evidenceFor('run_command').length > 0 ? (
              <EvidenceList evidence={evidenceFor('run_command')} />
            ) : null}
          </dd>
        </dl>
      ) : null}
      {config?.notes ? <p class="mr-hint">{config.notes}</p> : null}
      {analysis.warnings.length > 0 ? (
        <ul class="mr-warnings" aria-label="Warnings">
          {analysis.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      ) : null}
    </section>
  )
}
