import type { DeploymentConfig, RuntimeName } from '@mcp-remote/core'
import { useEffect, useRef, useState } from 'preact/hooks'
import type { ApiFailure } from '../api/api-failure'
import type { ExtensionApi } from '../api/extension-api'
import {
  defaultRuntimeFromHealth,
  runtimeProblemsFromHealth,
  runtimesFromHealth,
} from '../api/health'
import type { AnalysisView, DeploymentView } from '../api/wire-types'
import { FailureView } from '../ui/failure-view'
import { trapTab } from '../ui/focus-trap'
import { Spinner } from '../ui/spinner'
import { sleep, useAlive } from '../ui/use-alive'
import { AnalysisSummary } from './analysis-summary'
import { configTemplate } from './config-draft'
import { ConfigEditor } from './config-editor'
import { DeployForm } from './deploy-form'
import { DeploymentTracker } from './deployment-tracker'
import { OtherSourceForm } from './other-source-form'

/** How often to re-read an analysis the server is still working on, in milliseconds. */
export const ANALYSIS_POLL_MS = 1_500

/** Props of {@link DeployPanel}. */
export interface DeployPanelProps {
  api: ExtensionApi
  /** What to analyze first: the page's repository (and folder). */
  sourceUrl: string
  /** How to name the page's repository in the heading: `owner/repo`. */
  title: string
  onClose: () => void
  onOpenOptions?: () => void
}

type Step =
  | { kind: 'analyzing'; source: string }
  | { kind: 'failure'; source: string; failure: ApiFailure }
  | { kind: 'unusable'; source: string; analysis: AnalysisView }
  | { kind: 'form'; analysis: AnalysisView & { config: DeploymentConfig }; seq: number }
  | { kind: 'tracking'; deployment: DeploymentView }

/**
 * The Deploy to Cloud panel: analysis with evidence → the form (variables, runtime, cost and
 * its confirmation) → live progress → the endpoint and how to add it to Claude.
 */
export function DeployPanel({ api, sourceUrl, title, onClose, onOpenOptions }: DeployPanelProps) {
  const alive = useAlive()
  const [step, setStep] = useState<Step>({ kind: 'analyzing', source: sourceUrl })
  const [runtimes, setRuntimes] = useState<{
    offered: RuntimeName[]
    preferred: RuntimeName
    problems: Partial<Record<RuntimeName, string>>
  }>({ offered: ['local'], preferred: 'local', problems: {} })
  const closeRef = useRef<HTMLButtonElement>(null)
  const dialogRef = useRef<HTMLDivElement>(null)
  const seq = useRef(0)
  const nextSeq = () => {
    seq.current += 1
    return seq.current
  }

  const analyze = async (source: string, refresh = false) => {
    setStep({ kind: 'analyzing', source })
    const [health, first] = await Promise.all([api.health(), api.analyze(source, refresh)])
    if (!alive.current) return
    if (health.ok) {
      const offered = runtimesFromHealth(health.data)
      setRuntimes({
        offered,
        preferred: defaultRuntimeFromHealth(health.data, offered),
        problems: runtimeProblemsFromHealth(health.data),
      })
    }
    let result = first
    while (result.ok && result.data.status === 'analyzing') {
      await sleep(ANALYSIS_POLL_MS)
      if (!alive.current) return
      result = await api.getAnalysis(result.data.id)
      if (!alive.current) return
    }
    if (!result.ok) setStep({ kind: 'failure', source, failure: result.failure })
    else if (result.data.config && result.data.status !== 'failed') {
      setStep({
        kind: 'form',
        analysis: { ...result.data, config: result.data.config },
        seq: nextSeq(),
      })
    } else setStep({ kind: 'unusable', source, analysis: result.data })
  }

  /** Continues with a hand-written configuration, as if analysis had found it. */
  const continueWithConfig = (source: string, config: DeploymentConfig) =>
    setStep({
      kind: 'form',
      analysis: {
        id: '',
        source,
        status: 'complete',
        config,
        evidence: [],
        warnings: ['Configuration entered by hand.'],
        error: null,
      },
      seq: nextSeq(),
    })

  useEffect(() => {
    closeRef.current?.focus()
    void analyze(sourceUrl)
  }, [])

  // A step replaces the control that had the focus (Deploy, Retry, Analyze): keep the focus
  // in the panel, or Escape and Tab would go to GitHub's page instead.
  useEffect(() => {
    const dialog = dialogRef.current
    if (!dialog) return
    const root = dialog.getRootNode() as Document | ShadowRoot
    if (root.activeElement && dialog.contains(root.activeElement)) return
    const outer = document.activeElement
    const lost = !outer || outer === document.body || !outer.isConnected
    if (!lost && !(root instanceof ShadowRoot && outer === root.host)) {
      return // the user went on elsewhere in the page
    }
    dialog.focus()
  }, [step.kind])

  return (
    <div
      ref={dialogRef}
      class="mr-panel"
      tabIndex={-1}
      role="dialog"
      aria-modal="true"
      aria-labelledby="mr-panel-title"
      onKeyDown={(e) => {
        // Escape while composing (an IME) cancels the composition, not the panel.
        if (e.key === 'Escape' && !e.isComposing) onClose()
        else trapTab(e, e.currentTarget as HTMLElement)
      }}
    >
      <header class="mr-panel-header">
        <div>
          <h2 id="mr-panel-title" class="mr-h2">
            Deploy to Cloud
          </h2>
          <p class="mr-muted mr-source">{title}</p>
        </div>
        <button
          ref={closeRef}
          type="button"
          class="mr-btn mr-btn-small"
          aria-label="Close the Deploy to Cloud panel"
          onClick={onClose}
        >
          ✕
        </button>
      </header>
      <div class="mr-panel-body">
        {step.kind === 'analyzing' ? <Spinner label={`Analyzing ${step.source}…`} /> : null}
        {step.kind === 'failure' ? (
          <>
            <FailureView
              failure={step.failure}
              onRetry={() => void analyze(step.source)}
              onOpenOptions={onOpenOptions}
            />
            <OtherSourceForm onAnalyze={(s) => void analyze(s)} />
            <ConfigEditor
              initial={configTemplate(title, null)}
              onUse={(config) => continueWithConfig(step.source, config)}
            />
          </>
        ) : null}
        {step.kind === 'unusable' ? (
          <>
            <div class="mr-failure" role="alert">
              <p class="mr-failure-message">
                The analysis could not settle how to run this server
                {step.analysis.error?.message ? `: ${step.analysis.error.message}` : '.'}
              </p>
              <button type="button" class="mr-btn" onClick={() => void analyze(step.source, true)}>
                Analyze again
              </button>
            </div>
            <AnalysisSummary analysis={step.analysis} />
            <OtherSourceForm onAnalyze={(s) => void analyze(s)} />
            <ConfigEditor
              initial={configTemplate(title, step.analysis.config)}
              onUse={(config) => continueWithConfig(step.source, config)}
            />
          </>
        ) : null}
        {step.kind === 'form' ? (
          <>
            <AnalysisSummary analysis={step.analysis} />
            <OtherSourceForm onAnalyze={(s) => void analyze(s)} />
            <DeployForm
              key={step.seq}
              api={api}
              analysis={step.analysis}
              runtimes={runtimes.offered}
              defaultRuntime={runtimes.preferred}
              runtimeProblems={runtimes.problems}
              onDeployed={(deployment) => setStep({ kind: 'tracking', deployment })}
              onOpenOptions={onOpenOptions}
            />
          </>
        ) : null}
        {step.kind === 'tracking' ? (
          <DeploymentTracker api={api} initial={step.deployment} onOpenOptions={onOpenOptions} />
        ) : null}
      </div>
    </div>
  )
}
