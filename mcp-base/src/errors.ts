/**
 * The bridge was configured in a way it refuses to run with (no token, a port out of range…).
 * The message names the setting, never its value.
 */
export class BridgeConfigError extends Error {
  /** The option or flag at fault, e.g. `token` or `--port`. */
  readonly setting: string

  constructor(setting: string, message: string) {
    super(message)
    this.name = 'BridgeConfigError'
    this.setting = setting
  }
}
