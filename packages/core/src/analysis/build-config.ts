import { CommandPolicyError, checkArgv } from '@mcp-remote/bridge/command-policy'
import type { DeploymentConfigInput } from '../config/index.js'
import type { Evidence } from './analysis-result.js'
import type { FieldFinding, FieldValues, FindingSource } from './detectors/finding.js'
import { DETECTOR_ORDER } from './merge-env.js'

/** The package a config runs, and how. */
export interface PackageChoice {
  name: string
  runtime: 'node' | 'python'
  /** Pinned into `run_command` only for npm sources (see {@link runCommandFor}). */
  version: string | undefined
  bins: string[]
}

/**
 * The run command of a package, without arguments:
 * - npm: `npx -y <name>@<version>` when `pinVersion` (the npm source resolved an exact
 *   version, so the deployment runs exactly what was analysed), else `npx -y <name>`; when the
 *   package has several executables and none is named after it, `npx -y -p <spec> <bin>`.
 * - PyPI: `uvx <name>` (pinned `uvx <name>@<version>`), or `uvx --from <spec> <script>` when
 *   no console script is named after the project.
 */
export function runCommandFor(pkg: PackageChoice, pinVersion: boolean): string {
  const spec = pinVersion && pkg.version ? `${pkg.name}@${pkg.version}` : pkg.name
  const unscoped = pkg.name.replace(/^@[^/]+\//, '')
  if (pkg.runtime === 'python') {
    if (pkg.bins.length === 0 || pkg.bins.includes(pkg.name)) return `uvx ${spec}`
    return `uvx --from ${spec} ${pickBin(pkg.bins)}`
  }
  if (pkg.bins.length <= 1 || pkg.bins.includes(unscoped)) return `npx -y ${spec}`
  return `npx -y -p ${spec} ${pickBin(pkg.bins)}`
}

function pickBin(bins: string[]): string {
  return bins.find((b) => /mcp|server/i.test(b)) ?? (bins[0] as string)
}

/** A launch line from a README or smithery.yaml, read through the command policy. */
interface Launch {
  source: FindingSource
  runtime: 'node' | 'python'
  name: string
  version: string | undefined
  /** What follows the package on the command line. */
  args: string[]
}

function parseLaunch(f: FindingSource & { value: string[] }): Launch | undefined {
  try {
    const check = checkArgv(f.value)
    if (check.launcher !== 'npx' && check.launcher !== 'uvx') return undefined
    const argv = check.argv
    const at = argv.findIndex(
      (a, i) =>
        i > 0 &&
        !a.startsWith('-') &&
        (a === check.target ||
          a.startsWith(`${check.target}@`) ||
          a.startsWith(`${check.target}==`)),
    )
    if (at === -1) return undefined
    return {
      source: f,
      runtime: check.launcher === 'npx' ? 'node' : 'python',
      name: check.target,
      version: check.version,
      args: argv.slice(at + 1),
    }
  } catch (err) {
    if (err instanceof CommandPolicyError) return undefined
    throw err
  }
}

const TRANSPORT_FLAG = /^--?(?:transport|http|sse|port)\b/
const SECRET_FLAG = /^--?[\w-]*(?:key|token|secret|password|passwd|pat|credential)s?(?:=|$)/i

/** Drops credential-carrying flags (`--api-key X`, `--token=Y`): args are stored in clear. */
function dropSecretArgs(args: string[]): string[] {
  const out: string[] = []
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string
    if (SECRET_FLAG.test(arg)) {
      if (!arg.includes('=') && args[i + 1] !== undefined && !args[i + 1]?.startsWith('-')) i++
      continue
    }
    out.push(arg)
  }
  return out
}

function byTrust<T extends FindingSource>(list: T[]): T[] {
  const order = (f: FindingSource) => {
    const d = DETECTOR_ORDER.indexOf(f.detector as (typeof DETECTOR_ORDER)[number])
    return d === -1 ? 99 : d
  }
  return [...list].sort((a, b) => order(a) - order(b))
}

/** The config fields other than `env_vars`, with evidence and warnings. */
export interface BuiltFields {
  config: Omit<DeploymentConfigInput, 'env_vars'> | undefined
  evidence: Evidence[]
  warnings: string[]
}

function ev(field: string, f: FindingSource): Evidence {
  return {
    field,
    detector: f.detector,
    file: f.file,
    line: f.line,
    ...(f.note ? { note: f.note } : {}),
  }
}

function values<K extends keyof FieldValues>(fields: FieldFinding[], key: K) {
  return byTrust(fields.filter((f) => f.field === key)) as Array<
    FindingSource & { field: K; value: FieldValues[K] }
  >
}

const NAME_PRIORITY = ['package-json', 'server-json', 'pyproject', 'smithery', 'readme', 'claude']

/**
 * Decides package, version, run command, args, runtime and display name from field findings.
 * The package comes from the manifests (package.json, then server.json, then pyproject.toml);
 * a README or smithery.yaml launch line is used when no manifest names one, and its arguments
 * fill `args` when it runs the same package. Launch lines that run another package are
 * warned about, never followed.
 */
export function buildFields(
  fields: FieldFinding[],
  opts: {
    pinVersion: boolean
    resolvedVersion?: string | undefined
    fallbackName?: string | undefined
  },
): BuiltFields {
  const evidence: Evidence[] = []
  const warnings: string[] = []
  const names = values(fields, 'package_name').sort(
    (a, b) => NAME_PRIORITY.indexOf(a.detector) - NAME_PRIORITY.indexOf(b.detector),
  )
  const launches = values(fields, 'launch')
    .map(parseLaunch)
    .filter((l): l is Launch => l !== undefined)
  const chosen = names[0]
  let pkg: PackageChoice | undefined
  if (chosen) {
    const runtime =
      values(fields, 'runtime_kind').find((f) => f.detector === chosen.detector)?.value ?? 'node'
    const version =
      opts.resolvedVersion ??
      values(fields, 'version').find((f) => f.detector === chosen.detector)?.value
    const bins = values(fields, 'bin').find(
      (f) => f.detector === (runtime === 'node' ? 'package-json' : 'pyproject'),
    )
    pkg = { name: chosen.value, runtime, version, bins: bins?.value ?? [] }
    evidence.push(ev('package_name', chosen))
    if (bins) evidence.push(ev('run_command', bins))
    for (const other of names.slice(1)) {
      if (other.value !== chosen.value) {
        warnings.push(
          `${other.file} names package ${other.value}, ${chosen.file} names ${chosen.value}; kept ${chosen.file}`,
        )
      }
    }
  } else if (launches[0]) {
    const l = launches[0]
    pkg = { name: l.name, runtime: l.runtime, version: l.version ?? opts.resolvedVersion, bins: [] }
    evidence.push(ev('package_name', l.source), ev('run_command', l.source))
    warnings.push(`no manifest names the package: the run command comes from ${l.source.file}`)
  } else if (opts.fallbackName) {
    pkg = { name: opts.fallbackName, runtime: 'node', version: opts.resolvedVersion, bins: [] }
  }
  if (!pkg) {
    warnings.push(
      'no package.json, pyproject.toml, server.json or README example names a package to run',
    )
    return { config: undefined, evidence, warnings }
  }
  const chosenPkg = pkg
  const same = launches.filter((l) => l.name === chosenPkg.name)
  for (const l of launches) {
    if (l.name !== chosenPkg.name) {
      warnings.push(`${l.source.file} runs ${l.name}, not ${chosenPkg.name}: not followed`)
    }
  }
  const manifestArgs = values(fields, 'args')[0]
  let args: string[] = []
  if (manifestArgs) {
    args = manifestArgs.value
    evidence.push(ev('args', manifestArgs))
  } else {
    // The README's first stdio example of this package is its primary one.
    const primary = same
      .filter((l) => l.source.detector !== 'claude')
      .filter(
        (l) =>
          !l.args.some(
            (a, i) => TRANSPORT_FLAG.test(a) && /http|sse/i.test(`${a} ${l.args[i + 1] ?? ''}`),
          ),
      )
      .sort((a, b) => (a.source.line ?? 0) - (b.source.line ?? 0))[0]
    if (primary && primary.args.length > 0) {
      const kept = dropSecretArgs(primary.args)
      if (kept.length < primary.args.length) {
        warnings.push(
          `${primary.source.file} passes a credential as an argument: set it as an environment variable instead (args are not encrypted)`,
        )
      }
      args = kept
      evidence.push(ev('args', primary.source))
      if (kept.length > 0) {
        warnings.push(
          `args come from an example in ${primary.source.file}: replace them with your own values`,
        )
      }
    }
  }
  const title = values(fields, 'display_name')[0]
  if (title) evidence.push(ev('display_name', title))
  const notes = values(fields, 'notes').map((n) => n.value)
  const display = title?.value ?? pkg.name.replace(/^@[^/]+\//, '')
  return {
    config: {
      package_name: pkg.name,
      version: pkg.version ?? null,
      display_name: display.slice(0, 200),
      run_command: runCommandFor(pkg, opts.pinVersion),
      args,
      runtime_kind: pkg.runtime,
      notes: notes.join('\n').slice(0, 5000),
    },
    evidence,
    warnings,
  }
}
