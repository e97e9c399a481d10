import { InvalidSourceError } from '@mcp-remote/core'

/**
 * Refuses sources that name the server's own file system: the API analyzes GitHub URLs and
 * `npm:` specs only. Local directories are for the CLI's embedded mode (`mcp-deploy analyze
 * ./dir`), where the caller owns the files.
 * @throws {@link InvalidSourceError} for anything else.
 */
export function assertRemoteSource(source: string): string {
  const trimmed = source.trim()
  if (/^npm:\S+$/.test(trimmed) || /^https?:\/\/[^\s/]+\/\S*$/i.test(trimmed)) return trimmed
  throw new InvalidSourceError('the API analyzes GitHub URLs and npm:<package> specs only', {
    accepted: ['https://github.com/<owner>/<repo>[/tree/<ref>/<dir>]', 'npm:<package>[@version]'],
  })
}
