import { validateDeploymentConfig } from '../config/index.js'
import { ValidationError } from '../errors/index.js'
import type { AnalysisResult, Evidence } from './analysis-result.js'
import { buildFields } from './build-config.js'
import type { EnvFinding, FieldFinding, Findings } from './detectors/finding.js'
import { runDetectors } from './detectors/run-detectors.js'
import { mergeEnv } from './merge-env.js'
import type { SourceSpec } from './source-spec.js'
import { fileRole, type SourceTree } from './sources/source-tree.js'

/** What static analysis could not settle; the model is asked about these. */
export interface AnalysisGaps {
  /** No manifest or README names the package to run. */
  noPackage: boolean
  /** Variables whose `required` was guessed. */
  unsettledRequired: string[]
  /** Detectors disagreed (see warnings). */
  conflicts: boolean
  /** Neither code nor a manifest's variable list could be read (binary-only, truncated). */
  blind: boolean
}

/** A static analysis with the findings behind it, so the model's proposal can be merged in. */
export interface StaticAnalysis {
  result: AnalysisResult
  findings: Findings[]
  gaps: AnalysisGaps
}

/** Inputs of {@link finishAnalysis} beyond the findings. */
export interface FinishContext {
  spec: SourceSpec
  tree: SourceTree
  /** Warnings gathered before the merge (model failures, refused proposals). */
  extraWarnings?: string[]
  /** Names the model may add: they appear in the files. */
  modelNamesAllowed?: ReadonlySet<string>
}

const ENV_DECLARING = new Set(['server-json', 'smithery', 'env-example'])

/**
 * Merges findings into a validated {@link AnalysisResult}. `complete` only when the config
 * passes `validateDeploymentConfig` and nothing was left unread; `partial` when the config is
 * valid but the files were truncated, binary-only or the model failed; `failed` (config null)
 * when no valid config can be built.
 */
export function finishAnalysis(findings: Findings[], ctx: FinishContext): StaticAnalysis {
  const { spec, tree } = ctx
  const warnings = [...tree.warnings, ...findings.flatMap((f) => f.warnings)]
  const fields: FieldFinding[] = findings.flatMap((f) => f.fields)
  const envFindings: EnvFinding[] = findings.flatMap((f) => f.env)
  const nativeBinary = findings.some((f) => f.nativeBinary)
  const codeScanned = !nativeBinary && [...tree.files.keys()].some((p) => fileRole(p) === 'code')
  const codeFiles = [...tree.files].filter(([p]) => fileRole(p) === 'code').map(([, t]) => t)
  const env = mergeEnv(envFindings, {
    codeScanned,
    ...(tree.truncated ? {} : { codeMentions: (name: string) => mentions(codeFiles, name) }),
    ...(ctx.modelNamesAllowed ? { modelNamesAllowed: ctx.modelNamesAllowed } : {}),
  })
  const built = buildFields(fields, {
    pinVersion: spec.kind === 'npm',
    resolvedVersion: tree.resolvedVersion,
    fallbackName: spec.kind === 'npm' ? spec.name : undefined,
  })
  warnings.push(...built.warnings, ...env.warnings, ...(ctx.extraWarnings ?? []))
  const evidence: Evidence[] = [...built.evidence, ...env.evidence]
  const declaresEnv = envFindings.some((f) => ENV_DECLARING.has(f.detector))
  const blind = !codeScanned && !declaresEnv
  if (blind) {
    warnings.push(
      nativeBinary
        ? 'environment variables come from the README only'
        : tree.skipped.binary > 0
          ? `no source code to scan (${tree.skipped.binary} binary files skipped): environment variables may be missing`
          : 'no source code to scan: environment variables may be missing',
    )
  }
  const gaps: AnalysisGaps = {
    noPackage: built.config === undefined,
    unsettledRequired: env.unsettledRequired,
    conflicts: warnings.some((w) => / says | names package /.test(w)),
    blind,
  }
  if (!built.config) {
    const nested = nestedPackages(tree)
    if (nested.length > 0) {
      warnings.push(
        `this looks like a monorepo: analyse one package with /tree/<ref>/<path>, e.g. ${nested.slice(0, 5).join(', ')}`,
      )
    }
    return {
      result: { status: 'failed', config: null, evidence, warnings: dedupe(warnings) },
      findings,
      gaps,
    }
  }
  try {
    const config = validateDeploymentConfig({ ...built.config, env_vars: env.envVars })
    // A manifest that could not be read may have held what is missing.
    const unreadable = warnings.some((w) => /^[\w.]+ is not (?:valid|a valid)/.test(w))
    const modelFailed = (ctx.extraWarnings ?? []).some((w) => w.startsWith('model analysis failed'))
    const partial = blind || unreadable || tree.truncated || modelFailed
    return {
      result: {
        status: partial ? 'partial' : 'complete',
        config,
        evidence,
        warnings: dedupe(warnings),
      },
      findings,
      gaps,
    }
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err
    const issues = (err.details.issues as Array<{ path: string; message: string }>) ?? []
    for (const issue of issues)
      warnings.push(`the config failed validation: ${issue.path} ${issue.message}`)
    return {
      result: { status: 'failed', config: null, evidence, warnings: dedupe(warnings) },
      findings,
      gaps,
    }
  }
}

/** Folders holding a package.json or pyproject.toml of their own (monorepo packages). */
function nestedPackages(tree: SourceTree): string[] {
  return [...tree.files.keys()]
    .filter((p) => p.includes('/') && /(?:^|\/)(?:package\.json|pyproject\.toml)$/.test(p))
    .map((p) => p.slice(0, p.lastIndexOf('/')))
    .sort()
}

/** True when code reads or names `name` as a variable: `.NAME`, `'NAME'`, `env[NAME]`. */
function mentions(codeFiles: string[], name: string): boolean {
  const re = new RegExp(`[.'"\`]${name}\\b`)
  return codeFiles.some((t) => t.includes(name) && re.test(t))
}

function dedupe(list: string[]): string[] {
  return [...new Set(list)]
}

/** Runs the static detectors over a source's files and merges them (no model). */
export function analyzeTree(spec: SourceSpec, tree: SourceTree): StaticAnalysis {
  return finishAnalysis(runDetectors(tree.files), { spec, tree })
}
