import { connect } from 'node:net'

/** One HTTP response read off a socket. */
export interface RawResponse {
  status: number
  headers: Record<string, string>
  body: string
}

/** What came back on a connection. */
export interface RawExchange {
  /** Final responses, in order (1xx interim ones are in `interim`). */
  responses: RawResponse[]
  interim: number[]
  /** Bytes that did not parse as a complete response. */
  garbage: string
  /** The server closed the connection (as opposed to our timeout or `expect` being met). */
  closed: boolean
}

/** Options of {@link rawRequest}. */
export interface RawOptions {
  /** After writing: `end` half-closes, `destroy` resets, `keep` leaves the socket open. */
  after?: 'end' | 'destroy' | 'keep'
  /** Stop waiting after this long (ms); a safety net, never an assertion. */
  timeoutMs?: number
  /** Milliseconds between writes of consecutive parts. */
  gapMs?: number
  /** Resolve as soon as this many final responses have arrived. */
  expect?: number
  /** The request was a HEAD: responses carry no body whatever their headers say. */
  head?: boolean
  /** How string parts become bytes (default `latin1`: one byte per character, as given). */
  encoding?: 'latin1' | 'utf8'
}

/**
 * Writes `parts` to a fresh TCP connection exactly as given (fetch refuses to send most of what
 * the fuzz needs: bad percent-encoding, duplicate Content-Length, invalid header bytes, bodies
 * that break off) and parses what comes back.
 */
export function rawRequest(
  port: number,
  parts: ReadonlyArray<string | Buffer>,
  opts: RawOptions = {},
): Promise<RawExchange> {
  const {
    after = 'keep',
    timeoutMs = 3000,
    gapMs = 0,
    expect = 1,
    head = false,
    encoding = 'latin1',
  } = opts
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    let data = Buffer.alloc(0)
    let settled = false
    const finish = (closed: boolean) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      socket.destroy()
      resolve({ ...parseResponses(data, head), closed })
    }
    const timer = setTimeout(() => finish(false), timeoutMs)
    socket.on('error', () => {})
    socket.on('data', (chunk: Buffer) => {
      data = Buffer.concat([data, chunk])
      if (after !== 'destroy' && parseResponses(data, head).responses.length >= expect)
        finish(false)
    })
    socket.on('close', () => finish(true))
    socket.on('connect', async () => {
      for (const part of parts) {
        if (socket.destroyed) return
        socket.write(typeof part === 'string' ? Buffer.from(part, encoding) : part)
        if (gapMs > 0) await new Promise((r) => setTimeout(r, gapMs))
      }
      if (after === 'end') socket.end()
      if (after === 'destroy') {
        await new Promise((r) => setTimeout(r, 20))
        socket.destroy()
        finish(true)
      }
    })
  })
}

/** Parses HTTP/1.x responses (Content-Length, chunked, or bodyless) from raw bytes. */
export function parseResponses(data: Buffer, headRequest = false): Omit<RawExchange, 'closed'> {
  const responses: RawResponse[] = []
  const interim: number[] = []
  let rest = data
  for (;;) {
    const end = rest.indexOf('\r\n\r\n')
    if (end === -1) break
    const head = rest.subarray(0, end).toString('latin1').split('\r\n')
    const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head[0] ?? '')?.[1])
    if (!Number.isInteger(status)) break
    const headers: Record<string, string> = {}
    for (const line of head.slice(1)) {
      const colon = line.indexOf(':')
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim()
    }
    let body = rest.subarray(end + 4)
    if (status < 200) {
      interim.push(status)
      rest = body
      continue
    }
    let text: string
    if (headRequest || status === 204 || status === 304) {
      text = ''
      rest = body
    } else if (headers['transfer-encoding'] === 'chunked') {
      const chunks: Buffer[] = []
      let complete = false
      for (;;) {
        const lineEnd = body.indexOf('\r\n')
        if (lineEnd === -1) break
        const size = Number.parseInt(body.subarray(0, lineEnd).toString('latin1'), 16)
        if (size === 0) {
          body = body.subarray(lineEnd + 4)
          complete = true
          break
        }
        if (body.length < lineEnd + 2 + size + 2) break
        chunks.push(body.subarray(lineEnd + 2, lineEnd + 2 + size))
        body = body.subarray(lineEnd + 2 + size + 2)
      }
      if (!complete) break
      text = Buffer.concat(chunks).toString('utf8')
      rest = body
    } else {
      const length = Number(headers['content-length'] ?? 0)
      if (body.length < length) break
      text = body.subarray(0, length).toString('utf8')
      rest = body.subarray(length)
    }
    responses.push({ status, headers, body: text })
  }
  return { responses, interim, garbage: rest.toString('latin1') }
}
