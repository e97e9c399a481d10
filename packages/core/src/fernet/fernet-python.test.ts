import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { urlsafeB64Decode } from './base64.js'
import { Fernet } from './fernet.js'
import { parseKey } from './fernet-key.js'
import { encryptFromParts } from './fernet-token.js'
import { MultiFernet } from './multi-fernet.js'

// Runs a batch of operations through Python's `cryptography.fernet` in one process.
const PYTHON = `
import base64, binascii, json, sys
from cryptography.fernet import Fernet, MultiFernet, InvalidToken
out = []
for op in json.load(sys.stdin):
    kind = op["op"]
    try:
        if kind == "encrypt":
            out.append(Fernet(op["key"]).encrypt(op["data"].encode()).decode())
        elif kind == "parts":
            out.append(Fernet(op["key"])._encrypt_from_parts(op["data"].encode(), op["time"], bytes(op["iv"])).decode())
        elif kind == "decrypt":
            out.append(Fernet(op["key"]).decrypt(op["token"], ttl=op.get("ttl")).decode())
        elif kind == "rotate":
            out.append(MultiFernet([Fernet(k) for k in op["keys"]]).rotate(op["token"]).decode())
        elif kind == "timestamp":
            out.append(Fernet(op["key"]).extract_timestamp(op["token"]))
        elif kind == "b64":
            out.append(base64.urlsafe_b64decode(op["text"]).hex())
    except (InvalidToken, binascii.Error, ValueError) as e:
        out.append({"error": type(e).__name__})
json.dump(out, sys.stdout)
`

function hasPythonCryptography(): boolean {
  return (
    spawnSync('python3', ['-c', 'import cryptography.fernet'], { stdio: 'ignore' }).status === 0
  )
}

function python(ops: object[]): unknown[] {
  const run = spawnSync('python3', ['-c', PYTHON], { input: JSON.stringify(ops), encoding: 'utf8' })
  if (run.status !== 0) throw new Error(`python3 failed: ${run.stderr}`)
  return JSON.parse(run.stdout) as unknown[]
}

const available = hasPythonCryptography()

describe.skipIf(!available)(
  `Fernet against Python cryptography${available ? '' : ' (skipped: `python3 -c "import cryptography"` fails here)'}`,
  () => {
    const key = Fernet.generateKey()
    const messages = ['', 'hello', 'sixteen bytes!!!', 'ünïcödé 🔑', 'x'.repeat(1000)]

    it('decrypts tokens Python made', () => {
      const tokens = python(messages.map((data) => ({ op: 'encrypt', key, data }))) as string[]
      const f = new Fernet(key)
      expect(tokens.map((t) => f.decrypt(t, 60).toString('utf8'))).toEqual(messages)
    })

    it('makes tokens Python decrypts, with a ttl', () => {
      const f = new Fernet(key)
      const ops = messages.map((data) => ({ op: 'decrypt', key, token: f.encrypt(data), ttl: 60 }))
      expect(python(ops)).toEqual(messages)
    })

    it('produces the same bytes as Python for the same key, time and IV', () => {
      const cases = messages.map((data, i) => ({
        data,
        time: 499162800 + i * 1_000_003,
        iv: [...randomBytes(16)],
      }))
      const expected = python(cases.map((c) => ({ op: 'parts', key, ...c })))
      const ours = cases.map((c) =>
        encryptFromParts(parseKey(key), c.data, c.time, Uint8Array.from(c.iv)),
      )
      expect(ours).toEqual(expected)
    })

    it('rotates as Python does: both sides read the other side’s rotated token', () => {
      const oldKey = Fernet.generateKey()
      const token = new Fernet(oldKey).encryptAtTime('rotate me', 1_000_000)
      const ours = new MultiFernet([new Fernet(key), new Fernet(oldKey)]).rotate(token)
      const [theirs, stamp, opened] = python([
        { op: 'rotate', keys: [key, oldKey], token },
        { op: 'timestamp', key, token: ours },
        { op: 'decrypt', key, token: ours },
      ])
      expect(stamp).toBe(1_000_000)
      expect(opened).toBe('rotate me')
      expect(new Fernet(key).extractTimestamp(theirs as string)).toBe(1_000_000)
      expect(new Fernet(key).decrypt(theirs as string).toString()).toBe('rotate me')
    })

    it('agrees with Python on which tokens are invalid', () => {
      const f = new Fernet(key)
      const good = f.encrypt('x')
      const candidates = [
        good.replace(/=+$/, ''),
        `${good}garbage`,
        `${good.slice(0, 20)}\n${good.slice(20)}`,
        good.replace(/-/g, '+').replace(/_/g, '/'),
        `${good.slice(0, 30)}%${good.slice(30)}`,
        good.slice(0, -4),
        new Fernet(Fernet.generateKey()).encrypt('x'),
      ]
      const theirs = python(candidates.map((token) => ({ op: 'decrypt', key, token })))
      const ours = candidates.map((token) => {
        try {
          return f.decrypt(token).toString()
        } catch {
          return { error: 'InvalidToken' }
        }
      })
      expect(ours).toEqual(theirs)
    })

    it('decodes base64 exactly as urlsafe_b64decode on 2000 random strings', () => {
      const alphabet = 'AQgw-_+/09az==== .%\n'
      const texts = Array.from({ length: 2000 }, (_, i) =>
        Array.from({ length: i % 14 }, () => alphabet[randomBytes(1)[0]! % alphabet.length]).join(
          '',
        ),
      )
      const theirs = python(texts.map((text) => ({ op: 'b64', text })))
      const ours = texts.map(
        (text) => urlsafeB64Decode(text)?.toString('hex') ?? { error: 'Error' },
      )
      expect(ours).toEqual(theirs.map((r) => (typeof r === 'string' ? r : { error: 'Error' })))
    })
  },
)
