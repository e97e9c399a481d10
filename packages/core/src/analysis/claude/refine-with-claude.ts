import { CommandPolicyError, checkCommand } from '@mcp-remote/bridge/command-policy'
import { isReservedEnvName } from '../../config/index.js'
import type { AnalysisResult } from '../analysis-result.js'
import type { AnalysisGaps, StaticAnalysis } from '../analyze-tree.js'
import { finishAnalysis } from '../analyze-tree.js'
import { isSecretEnvName, isToolingEnvName } from '../detectors/env-names.js'
import type { EnvFinding, Findings } from '../detectors/finding.js'
import type { SourceSpec } from '../source-spec.js'
import { fileRole, type SourceTree } from '../sources/source-tree.js'
import { type AskClaudeOptions, askClaude, MAX_CLAUDE_ATTEMPTS } from './ask-claude.js'
import { buildPrompt, SYSTEM_PROMPT } from './build-prompt.js'
import type { ModelProposal } from './model-proposal.js'

/** Options of the model pass: {@link AskClaudeOptions}. */
export type ClaudeOptions = AskClaudeOptions

const DETECTOR = 'claude'
const MODEL_FILE = '(model)'

/** True when static analysis left something the model could settle. */
export function needsModel(gaps: AnalysisGaps): boolean {
  return gaps.noPackage || gaps.unsettledRequired.length > 0 || gaps.conflicts || gaps.blind
}

function launchTarget(command: string): { launcher: string; target: string } | undefined {
  try {
    const check = checkCommand(command)
    return { launcher: check.launcher, target: check.target }
  } catch (err) {
    if (err instanceof CommandPolicyError) return undefined
    throw err
  }
}

/**
 * Turns the model's proposal into findings of the lowest tier, refusing what it may not
 * change: a run command when the files already name the package (a different one is refused
 * with a warning), arguments, reserved or tooling variables, variables that no code or
 * manifest mentions (a README could plant them), and defaults found in none of those files. What remains is merged under the static findings and
 * validated like any other config.
 */
export function proposalFindings(
  proposal: ModelProposal,
  stat: StaticAnalysis,
  tree: SourceTree,
): { findings: Findings; allowed: Set<string> } {
  const findings: Findings = { fields: [], env: [], warnings: [] }
  // What the model adds must be backed by the files that run (code, manifests), not by prose
  // a README could plant; with no code to scan, any file will do.
  const backing = [...tree.files]
    .filter(([p]) => stat.gaps.blind || fileRole(p) !== 'readme')
    .map(([, t]) => t)
  const inFiles = (s: string) => backing.some((t) => t.includes(s))
  const at = { detector: DETECTOR, tier: 'model' as const, file: MODEL_FILE, line: null }
  const current = stat.result.config
  if (proposal.run_command) {
    const proposed = launchTarget(proposal.run_command)
    if (!proposed) {
      findings.warnings.push('the model proposed a run command the command policy refuses: ignored')
    } else if (current && !stat.gaps.noPackage) {
      const kept = launchTarget(current.run_command)
      if (!kept || kept.target !== proposed.target || kept.launcher !== proposed.launcher) {
        findings.warnings.push(
          `the model proposed a different run command: refused; kept ${current.run_command}`,
        )
      }
    } else {
      findings.fields.push({
        ...at,
        field: 'launch',
        value: proposal.run_command.split(/ +/).filter((a) => a.length > 0),
      })
      findings.warnings.push(
        'the run command was proposed by the model: review it before deploying',
      )
    }
  } else if (proposal.package_name && stat.gaps.noPackage) {
    findings.fields.push({ ...at, field: 'package_name', value: proposal.package_name })
    findings.fields.push({ ...at, field: 'runtime_kind', value: proposal.runtime_kind ?? 'node' })
    findings.warnings.push('the package was proposed by the model: review it before deploying')
  }
  if (proposal.args.length > 0 && (current?.args.length ?? 0) === 0) {
    findings.warnings.push('the model proposed arguments: not applied; add them yourself if needed')
  }
  const allowed = new Set<string>()
  for (const v of proposal.env_vars) {
    if (isReservedEnvName(v.name)) {
      findings.warnings.push(`the model proposed ${v.name}, a reserved name: refused`)
      continue
    }
    if (isToolingEnvName(v.name)) continue
    if (inFiles(v.name)) allowed.add(v.name)
    const finding: EnvFinding = {
      ...at,
      file: v.evidence_file && tree.files.has(v.evidence_file) ? v.evidence_file : MODEL_FILE,
      name: v.name,
      required: v.required,
      secret: v.secret || isSecretEnvName(v.name),
      ...(v.default !== null && inFiles(v.default) ? { default: v.default } : {}),
      ...(v.description ? { description: v.description } : {}),
      note: 'proposed by the model',
    }
    findings.env.push(finding)
  }
  return { findings, allowed }
}

/**
 * The model pass: when static analysis left gaps or conflicts, asks Claude (see
 * {@link askClaude}) and merges its proposal under the static findings. After
 * {@link MAX_CLAUDE_ATTEMPTS} failures the static result comes back `partial` with a warning.
 */
export async function refineWithClaude(
  spec: SourceSpec,
  tree: SourceTree,
  stat: StaticAnalysis,
  opts: ClaudeOptions,
): Promise<AnalysisResult> {
  if (!needsModel(stat.gaps)) return stat.result
  const prompt = buildPrompt(tree, stat.result, stat.gaps)
  const answer = await askClaude(SYSTEM_PROMPT, prompt, opts)
  if (!answer.ok) {
    const warning = `model analysis failed after ${answer.attempts} attempt${answer.attempts === 1 ? '' : 's'} (${answer.reason}): the result comes from static analysis only`
    return finishAnalysis(stat.findings, { spec, tree, extraWarnings: [warning] }).result
  }
  const { findings, allowed } = proposalFindings(answer.proposal, stat, tree)
  const extra = [...findings.warnings]
  if (answer.searched) extra.push('the model searched the web to settle what the files left open')
  return finishAnalysis([...stat.findings, { ...findings, warnings: [] }], {
    spec,
    tree,
    extraWarnings: extra,
    modelNamesAllowed: allowed,
  }).result
}
