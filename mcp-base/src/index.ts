export type { CommandCheck, Launcher } from './command-policy.js'
export {
  CommandPolicyError,
  checkArgv,
  checkCommand,
  isValidNpmName,
  isValidPypiName,
  LAUNCHERS,
  parseCommand,
  splitNpmSpec,
} from './command-policy.js'
