/**
 * The one rule set for the commands we run (DESIGN.md §4): it guards analysis output, API
 * input and the bridge's own argv. No shell is ever involved: a command is split on
 * whitespace into argv, and anything a shell would interpret is refused.
 *
 * This module has no dependencies so the bridge image and `@mcp-remote/core` share it.
 */

/** The programs a deployment may start. */
export const LAUNCHERS = ['npx', 'uvx', 'node', 'python', 'python3'] as const

/** A launcher, one of {@link LAUNCHERS}. */
export type Launcher = (typeof LAUNCHERS)[number]

/** What an accepted command starts. */
export interface CommandCheck {
  launcher: Launcher
  /** The npm or PyPI package (without version), the Python module, or the node script path. */
  target: string
  /** The version pinned in the command, when there is one. */
  version: string | undefined
  argv: string[]
}

/** A command broke the policy. The message names the rule, never the whole command. */
export class CommandPolicyError extends Error {
  readonly rule: string
  constructor(rule: string, message: string) {
    super(message)
    this.name = 'CommandPolicyError'
    this.rule = rule
  }
}

// Characters a shell would interpret, plus control characters (newlines included).
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we refuse
const SHELL_META = /[;&|`$<>(){}[\]*?!~'"\\\u0000-\u001f\u007f]/

// npm: https://github.com/npm/validate-npm-package-name (new-style names: lower case, url-safe)
const NPM_NAME = /^(?:@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/
// PyPI (PEP 508 / PEP 426 name): letters, digits, . _ -, starting and ending alphanumeric.
const PYPI_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/
const VERSION = /^[A-Za-z0-9][A-Za-z0-9.+_-]*$/
const PY_MODULE = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$/
const SCRIPT_PATH = /^(?!\/)(?!.*(?:^|\/)\.\.(?:\/|$))[A-Za-z0-9._@/-]+\.(?:c|m)?js$/

/** True when `name` is a valid npm package name (scoped or not, up to 214 characters). */
export function isValidNpmName(name: string): boolean {
  return name.length > 0 && name.length <= 214 && NPM_NAME.test(name)
}

/** True when `name` is a valid PyPI project name. */
export function isValidPypiName(name: string): boolean {
  return name.length > 0 && name.length <= 200 && PYPI_NAME.test(name)
}

/** Splits an npm spec `name[@version]` (scoped names keep their leading `@`). */
export function splitNpmSpec(spec: string): { name: string; version: string | undefined } {
  const at = spec.indexOf('@', 1)
  if (at === -1) return { name: spec, version: undefined }
  return { name: spec.slice(0, at), version: spec.slice(at + 1) }
}

/**
 * Splits a command line into argv without a shell.
 * @throws {@link CommandPolicyError} when it holds shell syntax, control characters or nothing.
 */
export function parseCommand(command: string): string[] {
  if (SHELL_META.test(command)) {
    throw new CommandPolicyError(
      'no_shell',
      'the command must not contain shell syntax or newlines',
    )
  }
  const argv = command.split(/ +/).filter((part) => part.length > 0)
  if (argv.length === 0) throw new CommandPolicyError('empty', 'the command is empty')
  return argv
}

function checkNpx(argv: string[]): CommandCheck {
  let i = 1
  let pkg: string | undefined
  while (i < argv.length) {
    const arg = argv[i] as string
    if (arg === '-y' || arg === '--yes' || arg === '-q' || arg === '--quiet') i++
    else if (arg === '-p' || arg === '--package') {
      pkg = argv[i + 1]
      i += 2
    } else if (arg.startsWith('--package=')) {
      pkg = arg.slice('--package='.length)
      i++
    } else if (arg.startsWith('-')) {
      throw new CommandPolicyError('launcher_flag', `npx flag ${arg} is not allowed`)
    } else break
  }
  const positional = argv[i]
  const spec = pkg ?? positional
  if (!spec) throw new CommandPolicyError('package', 'npx needs a package to run')
  const { name, version } = splitNpmSpec(spec)
  if (!isValidNpmName(name)) throw new CommandPolicyError('package', 'not a valid npm package name')
  if (version !== undefined && !VERSION.test(version)) {
    throw new CommandPolicyError('package', 'not a valid npm package version')
  }
  if (
    pkg !== undefined &&
    positional !== undefined &&
    !/^[a-z0-9@][a-z0-9._~/@-]*$/.test(positional)
  ) {
    throw new CommandPolicyError('package', 'npx -p must be followed by a bin name')
  }
  return { launcher: 'npx', target: name, version, argv }
}

function checkUvx(argv: string[]): CommandCheck {
  let i = 1
  let from: string | undefined
  while (i < argv.length && (argv[i] as string).startsWith('-')) {
    const arg = argv[i] as string
    if (arg === '--from') {
      from = argv[i + 1]
      i += 2
    } else if (arg === '-q' || arg === '--quiet') i++
    else throw new CommandPolicyError('launcher_flag', `uvx flag ${arg} is not allowed`)
  }
  const spec = from ?? argv[i]
  if (!spec) throw new CommandPolicyError('package', 'uvx needs a package to run')
  const [name = '', version] = spec.split(/==|@/, 2)
  if (!isValidPypiName(name))
    throw new CommandPolicyError('package', 'not a valid PyPI package name')
  if (version !== undefined && !VERSION.test(version)) {
    throw new CommandPolicyError('package', 'not a valid PyPI package version')
  }
  if (from !== undefined && argv[i] === undefined) {
    throw new CommandPolicyError('package', 'uvx --from must be followed by a command')
  }
  return { launcher: 'uvx', target: name, version, argv }
}

function checkNode(argv: string[]): CommandCheck {
  const script = argv[1]
  if (!script || !SCRIPT_PATH.test(script)) {
    throw new CommandPolicyError('script', 'node must run a relative .js file inside the package')
  }
  return { launcher: 'node', target: script, version: undefined, argv }
}

function checkPython(argv: string[], launcher: 'python' | 'python3'): CommandCheck {
  const module = argv[2]
  if (argv[1] !== '-m' || !module || !PY_MODULE.test(module)) {
    throw new CommandPolicyError('module', `${launcher} may only run a module with -m <module>`)
  }
  return { launcher, target: module, version: undefined, argv }
}

/**
 * Checks argv against the policy: a known launcher, a valid package, no shell syntax.
 * @throws {@link CommandPolicyError} naming the rule broken.
 */
export function checkArgv(argv: readonly string[]): CommandCheck {
  const copy = [...argv]
  if (copy.length === 0) throw new CommandPolicyError('empty', 'the command is empty')
  for (const arg of copy) {
    if (arg.length === 0 || SHELL_META.test(arg) || /\s/.test(arg)) {
      throw new CommandPolicyError('no_shell', 'arguments must not contain shell syntax or spaces')
    }
  }
  const launcher = copy[0] as string
  switch (launcher) {
    case 'npx':
      return checkNpx(copy)
    case 'uvx':
      return checkUvx(copy)
    case 'node':
      return checkNode(copy)
    case 'python':
    case 'python3':
      return checkPython(copy, launcher)
    default:
      throw new CommandPolicyError('launcher', `launcher must be one of ${LAUNCHERS.join(', ')}`)
  }
}

/** {@link parseCommand} then {@link checkArgv}. */
export function checkCommand(command: string): CommandCheck {
  return checkArgv(parseCommand(command))
}
