import { Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { accessLoggerFor, createLogger, loggableError, scrubSecrets } from './logger.js'

function capture() {
  const lines: string[] = []
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk))
      done()
    },
  })
  return { lines, destination: stream }
}

describe('accessLoggerFor', () => {
  it("writes the same JSON line pino would, at the logger's level", async () => {
    const ours = capture()
    const theirs = capture()
    const line = {
      req_id: 'req-1',
      method: 'GET',
      path: '/api/"quoted"\\path\u2028',
      status: 200,
      ms: 0.4,
    }
    accessLoggerFor(createLogger({ destination: ours.destination }))(line)
    createLogger({ destination: theirs.destination }).info(line, 'request')
    accessLoggerFor(createLogger({ destination: ours.destination }))({ ...line, status: 503 })
    createLogger({ destination: theirs.destination }).error(
      { ...line, status: 503 },
      'request failed',
    )
    await new Promise((r) => setImmediate(r))
    const strip = (l: string) => ({ ...JSON.parse(l), time: 0 })
    expect(ours.lines).toHaveLength(2)
    expect(ours.lines.map(strip)).toEqual(theirs.lines.map(strip))
    expect(ours.lines.every((l) => l.endsWith('}\n'))).toBe(true)
    expect(Object.keys(JSON.parse(ours.lines[0] ?? '{}'))).toEqual(
      Object.keys(JSON.parse(theirs.lines[0] ?? '{}')),
    )

    const quiet = capture()
    accessLoggerFor(createLogger({ level: 'warn', destination: quiet.destination }))(line)
    accessLoggerFor(createLogger({ level: 'silent', destination: quiet.destination }))({
      ...line,
      status: 500,
    })
    await new Promise((r) => setImmediate(r))
    expect(quiet.lines).toEqual([])
  })
})

describe('scrubSecrets and loggableError', () => {
  it('masks URL passwords, capability paths, Bearer values and API tokens in free text', () => {
    const text =
      'connect postgres://app:s3cret-pw@db.internal:5432/prod failed; ' +
      'GET https://x.fly.dev/t/AbC_123-tok/mcp; Authorization: Bearer abc.def.ghi; ' +
      'token mcpr_0123456789abcdefXYZ'
    const scrubbed = scrubSecrets(text)
    for (const secret of ['s3cret-pw', 'AbC_123-tok', 'abc.def.ghi', 'mcpr_0123456789abcdefXYZ']) {
      expect(scrubbed).not.toContain(secret)
    }
    expect(scrubbed).toContain('postgres://[redacted]@db.internal:5432/prod')
    expect(scrubbed).toContain('/t/[redacted]/mcp')
  })

  it('logs an error by type, code, and scrubbed message and stack', () => {
    const err = Object.assign(new Error('auth failed for postgres://u:pw-canary@h/db'), {
      code: 'ECONNREFUSED',
    })
    const logged = loggableError(err)
    expect(logged).toMatchObject({ type: 'Error', code: 'ECONNREFUSED' })
    expect(JSON.stringify(logged)).not.toContain('pw-canary')
    expect(loggableError('a string')).toEqual({ type: 'string' })
  })
})
