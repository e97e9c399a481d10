import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { Fernet } from './fernet.js'
import { InvalidKeyError, InvalidToken } from './fernet-errors.js'
import { parseKey } from './fernet-key.js'
import { encryptFromParts } from './fernet-token.js'

// Official spec vectors (fernet/spec@20dead4), copied byte-for-byte; see fixtures' SOURCE.md.
function vectors<T>(name: string): T[] {
  const url = new URL(`../../test/fixtures/fernet/${name}.json`, import.meta.url)
  return JSON.parse(readFileSync(url, 'utf8')) as T[]
}
interface GenerateVector {
  token: string
  now: string
  iv: number[]
  src: string
  secret: string
}
interface VerifyVector {
  token: string
  now: string
  ttl_sec: number
  src: string
  secret: string
}
interface InvalidVector {
  desc: string
  token: string
  now: string
  ttl_sec: number
  secret: string
}
const seconds = (iso: string) => Date.parse(iso) / 1000
const KEY = 'cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4='

describe('Fernet spec vectors', () => {
  it.each(vectors<GenerateVector>('generate'))('generates the token for "$src"', (v) => {
    const token = encryptFromParts(parseKey(v.secret), v.src, seconds(v.now), Uint8Array.from(v.iv))
    expect(token).toBe(v.token)
  })

  it.each(vectors<VerifyVector>('verify'))('verifies the token for "$src"', (v) => {
    const plaintext = new Fernet(v.secret).decryptAtTime(v.token, v.ttl_sec, seconds(v.now))
    expect(plaintext.toString('utf8')).toBe(v.src)
  })

  it.each(vectors<InvalidVector>('invalid'))('refuses a token with $desc', (v) => {
    const fernet = new Fernet(v.secret)
    expect(() => fernet.decryptAtTime(v.token, v.ttl_sec, seconds(v.now))).toThrow(InvalidToken)
  })

  it('has all ten vectors', () => {
    const count = ['generate', 'verify', 'invalid'].reduce((n, f) => n + vectors(f).length, 0)
    expect(count).toBe(10)
  })
})

describe('Fernet', () => {
  const clockAt = (sec: number) => ({ now: () => sec * 1000 + 999 })

  it('round-trips strings and bytes, including empty and multi-block payloads', () => {
    const f = new Fernet(Fernet.generateKey())
    for (const text of ['', 'a', 'sixteen bytes!!!', 'ünïcödé 🔑'.repeat(40)]) {
      expect(f.decrypt(f.encrypt(text)).toString('utf8')).toBe(text)
    }
    const bytes = Uint8Array.from([0, 255, 128, 7])
    expect([...f.decrypt(f.encrypt(bytes))]).toEqual([...bytes])
  })

  it('stamps tokens with the clock in whole seconds', () => {
    const f = new Fernet(KEY, { clock: clockAt(499162800) })
    expect(f.extractTimestamp(f.encrypt('x'))).toBe(499162800)
  })

  it('uses a fresh IV for every token', () => {
    const f = new Fernet(KEY)
    expect(f.encryptAtTime('same', 1)).not.toBe(f.encryptAtTime('same', 1))
  })

  it('pads tokens with = and uses the URL-safe alphabet', () => {
    const token = new Fernet(KEY).encrypt('hello')
    expect(token).toMatch(/^[A-Za-z0-9_-]+=*$/)
    expect(token.length % 4).toBe(0)
  })

  it('accepts a token exactly ttl seconds old and refuses one a second older', () => {
    const f = new Fernet(KEY)
    const token = f.encryptAtTime('x', 1000)
    expect(f.decryptAtTime(token, 60, 1060).toString()).toBe('x')
    expect(() => f.decryptAtTime(token, 60, 1061)).toThrow(InvalidToken)
  })

  it('allows 60 seconds of clock skew into the future and no more', () => {
    const f = new Fernet(KEY)
    const token = f.encryptAtTime('x', 1060)
    expect(f.decryptAtTime(token, 10, 1000).toString()).toBe('x')
    expect(() => f.decryptAtTime(token, 10, 999)).toThrow(InvalidToken)
  })

  it('checks no time at all without a ttl', () => {
    const f = new Fernet(KEY, { clock: clockAt(10) })
    expect(f.decrypt(f.encryptAtTime('future', 10_000_000)).toString()).toBe('future')
    expect(f.decrypt(f.encryptAtTime('ancient', 0)).toString()).toBe('ancient')
  })

  it('applies the ttl against the injected clock', () => {
    const token = new Fernet(KEY).encryptAtTime('x', 1000)
    expect(new Fernet(KEY, { clock: clockAt(1060) }).decrypt(token, 60).toString()).toBe('x')
    expect(() => new Fernet(KEY, { clock: clockAt(1061) }).decrypt(token, 60)).toThrow(InvalidToken)
  })

  it('refuses a token made under another key', () => {
    const token = new Fernet(Fernet.generateKey()).encrypt('x')
    expect(() => new Fernet(KEY).decrypt(token)).toThrow(InvalidToken)
  })

  it('refuses every single-bit flip anywhere in the token', () => {
    const f = new Fernet(KEY)
    const raw = Buffer.from(f.encryptAtTime('tamper me', 1000), 'base64url')
    for (let i = 0; i < raw.length; i++) {
      for (let bit = 0; bit < 8; bit++) {
        const bad = Buffer.from(raw)
        bad[i] = (bad[i] as number) ^ (1 << bit)
        const token = bad.toString('base64').replace(/\+/g, '-').replace(/\//g, '_')
        expect(() => f.decrypt(token), `byte ${i} bit ${bit}`).toThrow(InvalidToken)
      }
    }
  })

  it('refuses truncated and extended tokens, and tokens with another version byte', () => {
    const f = new Fernet(KEY)
    const raw = Buffer.from(f.encryptAtTime('x', 1000), 'base64url')
    const enc = (b: Buffer) => b.toString('base64').replace(/\+/g, '-').replace(/\//g, '_')
    for (const bad of [
      raw.subarray(0, raw.length - 1),
      raw.subarray(0, 73 - 16),
      Buffer.concat([raw, Buffer.from([0])]),
      Buffer.concat([Buffer.from([0x81]), raw.subarray(1)]),
      Buffer.alloc(0),
    ]) {
      expect(() => f.decrypt(enc(bad))).toThrow(InvalidToken)
    }
  })

  it('refuses a token without its = padding, as Python does', () => {
    const f = new Fernet(KEY)
    const token = f.encrypt('hello')
    expect(token.endsWith('=')).toBe(true)
    expect(() => f.decrypt(token.replace(/=+$/, ''))).toThrow(InvalidToken)
  })

  it('throws one opaque error whose message and details say nothing of the cause', () => {
    const f = new Fernet(KEY)
    const messages = new Set<string>()
    for (const token of ['', '%%%%', f.encryptAtTime('x', 0).slice(0, -8), 'gA==']) {
      try {
        f.decryptAtTime(token, 60, 0)
        expect.unreachable()
      } catch (err) {
        expect(err).toBeInstanceOf(InvalidToken)
        messages.add(
          `${(err as InvalidToken).message}|${JSON.stringify((err as InvalidToken).toJSON())}`,
        )
      }
    }
    expect([...messages]).toEqual([
      'invalid token|{"error":"invalid_request","message":"invalid token","details":{},"retry_allowed":false}',
    ])
  })

  it('generates distinct 32-byte keys in padded URL-safe base64', () => {
    const a = Fernet.generateKey()
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}=$/)
    expect(Buffer.from(a, 'base64url')).toHaveLength(32)
    expect(Fernet.generateKey()).not.toBe(a)
  })

  it.each([
    ['too short', 'c2hvcnQ='],
    ['33 bytes', Buffer.alloc(33).toString('base64url')],
    ['not base64 padded', KEY.slice(0, -1)],
    ['empty', ''],
  ])('refuses a key that is %s without quoting it', (_, key) => {
    let caught: unknown
    try {
      new Fernet(key)
    } catch (err) {
      caught = err
    }
    expect(caught).toBeInstanceOf(InvalidKeyError)
    expect(JSON.stringify((caught as InvalidKeyError).toJSON())).not.toContain(key || '""')
  })

  it('refuses a fractional or negative encryption time', () => {
    const f = new Fernet(KEY)
    expect(() => f.encryptAtTime('x', 1.5)).toThrow(/whole seconds/)
    expect(() => f.encryptAtTime('x', -1)).toThrow(/whole seconds/)
  })
})
