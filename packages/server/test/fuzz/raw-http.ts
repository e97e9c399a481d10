import { type RawExchange, type RawOptions, rawRequest as sendRaw } from '@mcp-remote/fuzz-kit'

export type { RawExchange, RawOptions }

/** `rawRequest` of the fuzz kit, with string parts sent as UTF-8 (what this suite writes). */
export function rawRequest(
  port: number,
  parts: ReadonlyArray<string | Buffer>,
  opts: RawOptions = {},
): Promise<RawExchange> {
  return sendRaw(port, parts, { encoding: 'utf8', ...opts })
}
