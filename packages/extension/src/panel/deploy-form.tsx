import type { CostEstimate, DeploymentConfig, RuntimeName } from '@mcp-remote/core'
import { useEffect, useRef, useState } from 'preact/hooks'
import type { ApiFailure } from '../api/api-failure'
import type { ExtensionApi } from '../api/extension-api'
import type { AnalysisView, CreateDeploymentBody, DeploymentView } from '../api/wire-types'
import { CostView } from '../ui/cost-view'
import { CredentialFields } from '../ui/credential-fields'
import { FailureView } from '../ui/failure-view'
import {
  credentialsFrom,
  type FormErrors,
  type FormValues,
  initialValues,
  validateValues,
} from '../ui/form-model'
import { useAlive } from '../ui/use-alive'
import { estimateFromFailure, missingFromFailure } from './cost-probe'

/** Props of {@link DeployForm}. */
export interface DeployFormProps {
  api: ExtensionApi
  analysis: AnalysisView & { config: DeploymentConfig }
  /** Runtimes the server offers, first is the default. */
  runtimes: readonly RuntimeName[]
  onDeployed: (deployment: DeploymentView) => void
  onOpenOptions?: () => void
}

const RUNTIME_LABELS: Record<RuntimeName, string> = {
  local: 'Local (on the server’s machine)',
  fly: 'Fly.io (always reachable)',
}

/**
 * The deploy step: one field per variable, the runtime, the cost and its confirmation. The
 * cost comes from the server: a request without `confirm_cost` answers with the estimate.
 */
export function DeployForm({
  api,
  analysis,
  runtimes,
  onDeployed,
  onOpenOptions,
}: DeployFormProps) {
  const config = analysis.config
  const alive = useAlive()
  const formRef = useRef<HTMLFormElement>(null)
  const [values, setValues] = useState<FormValues>(() => initialValues(config.env_vars))
  const [errors, setErrors] = useState<FormErrors>({})
  const [runtime, setRuntime] = useState<RuntimeName>(runtimes[0] ?? 'local')
  const [estimates, setEstimates] = useState<Partial<Record<RuntimeName, CostEstimate>>>({})
  const [confirmed, setConfirmed] = useState(false)
  const [confirmError, setConfirmError] = useState<string | null>(null)
  const [failure, setFailure] = useState<ApiFailure | null>(null)
  const [busy, setBusy] = useState(false)
  const estimate = estimates[runtime] ?? null

  const body = (credentials: Record<string, string>, confirm: boolean): CreateDeploymentBody => ({
    // A hand-written config has no analysis: the source then only labels the deployment.
    ...(analysis.id ? { analysis_id: analysis.id } : { source: analysis.source }),
    config,
    credentials,
    runtime,
    ...(confirm ? { confirm_cost: true as const } : {}),
  })

  // Ask for the estimate as soon as a runtime is chosen, before any value is typed.
  useEffect(() => {
    if (estimates[runtime]) return
    let cancelled = false
    api.createDeployment(body({}, false)).then((result) => {
      if (cancelled || !alive.current) return
      if (result.ok) {
        onDeployed(result.data) // a server that ignores a missing confirm_cost: follow what it made
        return
      }
      const found = estimateFromFailure(result.failure)
      if (found) setEstimates((prev) => ({ ...prev, [runtime]: found }))
    })
    return () => {
      cancelled = true
    }
  }, [runtime])

  const focusFirstInvalid = (names: string[]) => {
    const first = config.env_vars.find((v) => names.includes(v.name))
    if (first) formRef.current?.querySelector<HTMLInputElement>(`[name="${first.name}"]`)?.focus()
  }

  const submit = async () => {
    setFailure(null)
    const found = validateValues(config.env_vars, values)
    setErrors(found)
    if (Object.keys(found).length > 0) {
      focusFirstInvalid(Object.keys(found))
      return
    }
    const credentials = credentialsFrom(config.env_vars, values)
    if (estimate && !confirmed) {
      setConfirmError('Tick the box to accept the cost before deploying.')
      formRef.current?.querySelector<HTMLInputElement>('#mr-confirm-cost')?.focus()
      return
    }
    setBusy(true)
    const result = await api.createDeployment(body(credentials, estimate !== null))
    if (!alive.current) return
    setBusy(false)
    if (result.ok) {
      onDeployed(result.data)
      return
    }
    const probed = estimateFromFailure(result.failure)
    if (probed) {
      setEstimates((prev) => ({ ...prev, [runtime]: probed }))
      setConfirmError('Review the cost and tick the box to deploy.')
      return
    }
    const missing = missingFromFailure(result.failure)
    if (missing.length > 0) {
      setErrors(Object.fromEntries(missing.map((name) => [name, `${name} is required.`])))
      focusFirstInvalid(missing)
    }
    setFailure(result.failure)
  }

  return (
    <form
      ref={formRef}
      class="mr-form"
      noValidate
      aria-label="Deployment settings"
      onSubmit={(e) => {
        e.preventDefault()
        void submit()
      }}
    >
      <h3 class="mr-h3">Environment</h3>
      <CredentialFields
        envVars={config.env_vars}
        values={values}
        errors={errors}
        evidence={analysis.evidence}
        onChange={(name, value) => {
          setValues({ ...values, [name]: value })
          if (errors[name]) {
            const { [name]: _, ...rest } = errors
            setErrors(rest)
          }
        }}
      />
      <fieldset class="mr-fieldset">
        <legend class="mr-h3">Runtime</legend>
        {runtimes.map((name) => (
          <label key={name} class="mr-radio">
            <input
              type="radio"
              name="mr-runtime"
              value={name}
              checked={runtime === name}
              onChange={() => {
                setRuntime(name)
                setConfirmed(false)
              }}
            />{' '}
            {RUNTIME_LABELS[name]}
          </label>
        ))}
      </fieldset>
      <section class="mr-cost-section" aria-label="Cost">
        <h3 class="mr-h3">Cost</h3>
        {estimate ? (
          <>
            <CostView cost={estimate} />
            <label class="mr-check">
              <input
                id="mr-confirm-cost"
                type="checkbox"
                checked={confirmed}
                aria-describedby={confirmError ? 'mr-confirm-error' : undefined}
                onChange={(e) => {
                  setConfirmed((e.currentTarget as HTMLInputElement).checked)
                  setConfirmError(null)
                }}
              />{' '}
              I accept this cost
            </label>
            {confirmError ? (
              <p id="mr-confirm-error" class="mr-error-text">
                {confirmError}
              </p>
            ) : null}
          </>
        ) : (
          <p class="mr-muted">The server states the cost once the form is complete.</p>
        )}
      </section>
      {failure ? (
        <FailureView
          failure={failure}
          onRetry={() => void submit()}
          onOpenOptions={onOpenOptions}
        />
      ) : null}
      <div class="mr-actions">
        <button type="submit" class="mr-btn mr-btn-primary" disabled={busy}>
          {busy ? 'Deploying…' : estimate ? 'Deploy' : 'Review cost'}
        </button>
      </div>
    </form>
  )
}
