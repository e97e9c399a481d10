import { describe, expect, it } from 'vitest'
import { Fernet } from './fernet.js'
import { InvalidToken } from './fernet-errors.js'
import { MultiFernet } from './multi-fernet.js'

describe('MultiFernet', () => {
  const oldKey = Fernet.generateKey()
  const newKey = Fernet.generateKey()
  const old = new Fernet(oldKey)
  const fresh = new Fernet(newKey)

  it('encrypts with the first key only', () => {
    const token = new MultiFernet([fresh, old]).encrypt('x')
    expect(fresh.decrypt(token).toString()).toBe('x')
    expect(() => old.decrypt(token)).toThrow(InvalidToken)
  })

  it('decrypts with any key in the ring', () => {
    const ring = new MultiFernet([fresh, old])
    expect(ring.decrypt(old.encrypt('a')).toString()).toBe('a')
    expect(ring.decrypt(fresh.encrypt('b')).toString()).toBe('b')
  })

  it('refuses a token no key opens', () => {
    const stranger = new Fernet(Fernet.generateKey()).encrypt('x')
    expect(() => new MultiFernet([fresh, old]).decrypt(stranger)).toThrow(InvalidToken)
  })

  it('rotates a token to the first key, keeping its timestamp and plaintext', () => {
    const token = old.encryptAtTime('secret', 1234)
    const rotated = new MultiFernet([fresh, old]).rotate(token)
    expect(rotated).not.toBe(token)
    expect(fresh.decrypt(rotated).toString()).toBe('secret')
    expect(fresh.extractTimestamp(rotated)).toBe(1234)
    expect(() => old.decrypt(rotated)).toThrow(InvalidToken)
  })

  it('rotates an already-current token with a fresh IV', () => {
    const token = fresh.encryptAtTime('s', 5)
    const rotated = new MultiFernet([fresh]).rotate(token)
    expect(rotated).not.toBe(token)
    expect(fresh.decryptAtTime(rotated, 1, 5).toString()).toBe('s')
  })

  it('rotates expired tokens (rotation checks no age)', () => {
    const rotated = new MultiFernet([fresh, old]).rotate(old.encryptAtTime('s', 0))
    expect(fresh.decrypt(rotated).toString()).toBe('s')
  })

  it('refuses to rotate a tampered token', () => {
    const token = old.encrypt('s')
    const tampered = `${token.slice(0, 10)}${token[10] === 'A' ? 'B' : 'A'}${token.slice(11)}`
    expect(() => new MultiFernet([fresh, old]).rotate(tampered)).toThrow(InvalidToken)
  })

  it('applies the ttl across the ring', () => {
    const ring = new MultiFernet([fresh, old])
    const token = old.encryptAtTime('x', 100)
    expect(ring.decryptAtTime(token, 10, 110).toString()).toBe('x')
    expect(() => ring.decryptAtTime(token, 10, 111)).toThrow(InvalidToken)
    const clocked = new MultiFernet([fresh, old], { clock: { now: () => 111_000 } })
    expect(() => clocked.decrypt(token, 10)).toThrow(InvalidToken)
  })

  it('extracts the timestamp of a token authentic under any key', () => {
    expect(new MultiFernet([fresh, old]).extractTimestamp(old.encryptAtTime('x', 77))).toBe(77)
  })

  it('needs at least one key', () => {
    expect(() => new MultiFernet([])).toThrow(/at least one key/)
  })
})
