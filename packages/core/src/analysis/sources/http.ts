import { withDeadline } from '../../deadline.js'
import { SourceUnavailableError } from './source-errors.js'

/** The slice of `fetch` sources use; tests pass one that msw intercepts. */
export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>

/** Per-request timeout sources use unless told otherwise, in ms. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000

/**
 * Calls `fetchFn` with a timeout joined to the caller's signal. Network failures become
 * {@link SourceUnavailableError} (retry allowed); an abort by the caller is rethrown as is.
 */
export async function fetchWithTimeout(
  fetchFn: FetchLike,
  url: string,
  init: RequestInit,
  what: { upstream: string; operation: string },
  opts: { timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<Response> {
  const deadline = withDeadline(opts.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS, opts.signal)
  try {
    // The deadline stays on for the body too, read after this returns: it is not cleared.
    return await fetchFn(url, { ...init, signal: deadline.signal })
  } catch (err) {
    if (opts.signal?.aborted) throw err
    throw new SourceUnavailableError(
      `${what.upstream} ${what.operation} request failed (no response)`,
      { ...what, status: undefined },
      true,
      err,
    )
  }
}

/**
 * Drops a response body we will not read. Not awaited: some fetch implementations (and
 * mocks) only settle a cancel once the stream is pulled.
 */
export function discardBody(res: Response): void {
  res.body?.cancel().catch(() => {})
}

/**
 * Reads a response body, giving up past `maxBytes`: returns `undefined` then (the rest of
 * the body is cancelled, never buffered).
 */
export async function readBodyCapped(
  res: Response,
  maxBytes: number,
): Promise<Uint8Array | undefined> {
  const declared = Number(res.headers.get('content-length') ?? Number.NaN)
  if (Number.isFinite(declared) && declared > maxBytes) {
    discardBody(res)
    return undefined
  }
  if (!res.body) return new Uint8Array(0)
  const reader = res.body.getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    total += value.length
    if (total > maxBytes) {
      reader.cancel().catch(() => {})
      return undefined
    }
    chunks.push(value)
  }
  const out = new Uint8Array(total)
  let offset = 0
  for (const chunk of chunks) {
    out.set(chunk, offset)
    offset += chunk.length
  }
  return out
}
