import type { CostEstimate, DeploymentConfig, RuntimeName } from '@mcp-remote/core'
import { useEffect, useRef, useState } from 'preact/hooks'
import { type ApiFailure, outcomeUnknown } from '../api/api-failure'
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
import { Spinner } from '../ui/spinner'
import { useAlive } from '../ui/use-alive'
import { estimateFromFailure, missingFromFailure } from './cost-probe'

/** Props of {@link DeployForm}. */
export interface DeployFormProps {
  api: ExtensionApi
  analysis: AnalysisView & { config: DeploymentConfig }
  /** Runtimes the server offers. */
  runtimes: readonly RuntimeName[]
  /** The runtime selected at first (the server's default); default the first of `runtimes`. */
  defaultRuntime?: RuntimeName
  /** Offered runtimes that failed the server's last health check, with the reason. */
  runtimeProblems?: Partial<Record<RuntimeName, string>>
  onDeployed: (deployment: DeploymentView) => void
  onOpenOptions?: () => void
}

/**
 * What the form knows of a runtime's cost: being asked, the server's estimate, or a server
 * that did not price it in advance (an older one without `GET /api/cost`, or a failed call);
 * then the deploy request itself reveals it (`cost_not_confirmed`).
 */
type CostState =
  | { kind: 'loading' }
  | { kind: 'known'; estimate: CostEstimate }
  | { kind: 'unknown'; failure: ApiFailure }

const RUNTIME_LABELS: Record<RuntimeName, string> = {
  local: 'Local (on the server’s machine)',
  fly: 'Fly.io (always reachable)',
}

/** The `Idempotency-Key` of the last deploy request sent, and that request (as JSON). */
interface SentRequest {
  request: string
  key: string
}

/** A route the server does not have: an older server, not a problem to show as an error. */
const isMissingRoute = (failure: ApiFailure) =>
  failure.status === 404 || failure.status === 405 || failure.code === 'not_found'

/**
 * The deploy step: one field per variable, the runtime, the cost and its confirmation. The
 * cost is asked of the server (`GET /api/cost`) when the form appears and whenever the runtime
 * changes, and shown with its "I accept this cost" box before anything is sent; Deploy stays
 * disabled until the box is ticked, and the one deploy request carries `confirm_cost: true`.
 * A server that cannot price in advance still works: the first request goes without
 * `confirm_cost` and its `cost_not_confirmed` refusal brings the estimate. Each deploy request
 * carries an `Idempotency-Key`, the same for every retry of the same request and new once the
 * form says something else, so a Retry after a lost answer cannot deploy twice.
 */
export function DeployForm({
  api,
  analysis,
  runtimes,
  defaultRuntime,
  runtimeProblems = {},
  onDeployed,
  onOpenOptions,
}: DeployFormProps) {
  const config = analysis.config
  const alive = useAlive()
  const formRef = useRef<HTMLFormElement>(null)
  const [values, setValues] = useState<FormValues>(() => initialValues(config.env_vars))
  const [errors, setErrors] = useState<FormErrors>({})
  const [runtime, setRuntime] = useState<RuntimeName>(() =>
    defaultRuntime && runtimes.includes(defaultRuntime) ? defaultRuntime : (runtimes[0] ?? 'local'),
  )
  const [costs, setCosts] = useState<Partial<Record<RuntimeName, CostState>>>({})
  const [confirmed, setConfirmed] = useState(false)
  const [confirmError, setConfirmError] = useState<string | null>(null)
  const [failure, setFailure] = useState<ApiFailure | null>(null)
  const [busy, setBusy] = useState(false)
  // One key per distinct request: a retry of the same request sends it again, so the server
  // answers with the deployment the first one created rather than deploying (and billing) twice.
  const sent = useRef<SentRequest | null>(null)
  const cost: CostState = costs[runtime] ?? { kind: 'loading' }
  const estimate = cost.kind === 'known' ? cost.estimate : null

  const loadCost = async (name: RuntimeName) => {
    setCosts((prev) => ({ ...prev, [name]: { kind: 'loading' } }))
    const result = await api.estimateCost(name)
    if (!alive.current) return
    // Keyed by runtime: an answer for a runtime no longer selected is kept for when it is.
    setCosts((prev) => {
      if (prev[name]?.kind === 'known') return prev // a refusal's estimate arrived meanwhile
      return {
        ...prev,
        [name]: result.ok
          ? { kind: 'known', estimate: result.data }
          : { kind: 'unknown', failure: result.failure },
      }
    })
  }

  useEffect(() => {
    if (costs[runtime] === undefined) void loadCost(runtime)
  }, [runtime])

  const body = (credentials: Record<string, string>): CreateDeploymentBody => ({
    // A hand-written config has no analysis: the source then only labels the deployment.
    ...(analysis.id ? { analysis_id: analysis.id } : { source: analysis.source }),
    config,
    credentials,
    runtime,
    ...(estimate && confirmed ? { confirm_cost: true as const } : {}),
  })

  const focusFirstInvalid = (names: string[]) => {
    const first = config.env_vars.find((v) => names.includes(v.name))
    if (first) formRef.current?.querySelector<HTMLInputElement>(`[name="${first.name}"]`)?.focus()
  }

  const submit = async () => {
    setFailure(null)
    if (cost.kind === 'loading' || (estimate && !confirmed)) return
    const found = validateValues(config.env_vars, values)
    setErrors(found)
    if (Object.keys(found).length > 0) {
      focusFirstInvalid(Object.keys(found))
      return
    }
    const request = body(credentialsFrom(config.env_vars, values))
    const json = JSON.stringify(request)
    if (sent.current?.request !== json) sent.current = { request: json, key: crypto.randomUUID() }
    setBusy(true)
    const result = await api.createDeployment(request, sent.current.key)
    if (!alive.current) return
    setBusy(false)
    if (result.ok) {
      sent.current = null
      onDeployed(result.data)
      return
    }
    if (result.failure.code === 'idempotency_key_reused') {
      // Should not happen (the key follows the request); the next submit takes a fresh key.
      sent.current = null
      setFailure({ ...result.failure, retryAllowed: false })
      return
    }
    const refused = estimateFromFailure(result.failure)
    if (refused) {
      setCosts((prev) => ({ ...prev, [runtime]: { kind: 'known', estimate: refused } }))
      setConfirmed(false)
      setConfirmError('Review the cost and tick the box to deploy.')
      formRef.current?.querySelector<HTMLInputElement>('#mr-confirm-cost')?.focus()
      return
    }
    const missing = missingFromFailure(result.failure)
    if (missing.length > 0) {
      setErrors(Object.fromEntries(missing.map((name) => [name, `${name} is required.`])))
      focusFirstInvalid(missing)
    }
    if (outcomeUnknown(result.failure)) {
      // The server may have created it; a Retry of the same request carries the same key.
      setFailure({
        ...result.failure,
        message: `${result.failure.message} Retrying is safe: the server recognises the same request sent again and will not deploy it twice.`,
        retryAllowed: true,
      })
      return
    }
    setFailure(result.failure)
  }

  const waitingForConfirmation = estimate !== null && !confirmed
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
        {runtimes.map((name) => {
          const problem = runtimeProblems[name]
          const problemId = `mr-runtime-${name}-problem`
          return (
            <div key={name}>
              <label class="mr-radio">
                <input
                  type="radio"
                  name="mr-runtime"
                  value={name}
                  checked={runtime === name}
                  aria-describedby={problem ? problemId : undefined}
                  onChange={() => {
                    setRuntime(name)
                    setConfirmed(false)
                    setConfirmError(null)
                  }}
                />{' '}
                {RUNTIME_LABELS[name]}
              </label>
              {problem ? (
                <p id={problemId} class="mr-hint">
                  The server’s last check of this runtime failed ({problem}); a deploy there may
                  fail.
                </p>
              ) : null}
            </div>
          )
        })}
      </fieldset>
      <section class="mr-cost-section" aria-label="Cost" aria-busy={cost.kind === 'loading'}>
        <h3 class="mr-h3">Cost</h3>
        {cost.kind === 'loading' ? <Spinner label="Asking the server for the cost…" /> : null}
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
        ) : null}
        {cost.kind === 'unknown' ? (
          isMissingRoute(cost.failure) ? (
            <p class="mr-muted">
              This server does not state the cost in advance: press Review cost to see it before
              anything is deployed.
            </p>
          ) : (
            <FailureView
              failure={cost.failure}
              onRetry={() => void loadCost(runtime)}
              onOpenOptions={onOpenOptions}
            />
          )
        ) : null}
      </section>
      {failure ? (
        <FailureView
          failure={failure}
          onRetry={() => void submit()}
          onOpenOptions={onOpenOptions}
        />
      ) : null}
      <div class="mr-actions">
        <button
          type="submit"
          class="mr-btn mr-btn-primary"
          disabled={busy || cost.kind === 'loading' || waitingForConfirmation}
          aria-describedby={waitingForConfirmation ? 'mr-deploy-hint' : undefined}
        >
          {busy ? 'Deploying…' : cost.kind === 'unknown' ? 'Review cost' : 'Deploy'}
        </button>
        {waitingForConfirmation ? (
          <span id="mr-deploy-hint" class="mr-hint">
            Accept the cost to deploy.
          </span>
        ) : null}
      </div>
    </form>
  )
}
