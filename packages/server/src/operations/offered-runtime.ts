import type { Platform, RuntimeName } from '@mcp-remote/core'
import { ValidationError } from '@mcp-remote/core'

/**
 * The runtime a request names, or the platform's default when it names none, checked against
 * the runtimes this server offers. Pure: reads the platform's runtime map, no I/O.
 * @throws `ValidationError` (`invalid_request`, issue on `runtime` listing the offered ones)
 * when the runtime is not configured here.
 */
export function offeredRuntime(
  platform: Pick<Platform, 'runtimes' | 'defaultRuntime'>,
  runtime: RuntimeName | undefined,
): RuntimeName {
  const name = runtime ?? platform.defaultRuntime
  if (!platform.runtimes.has(name)) {
    const available = [...platform.runtimes.keys()].join(', ')
    throw new ValidationError(`runtime ${name} is not configured on this server`, [
      { path: 'runtime', message: `must be one of: ${available}` },
    ])
  }
  return name
}
