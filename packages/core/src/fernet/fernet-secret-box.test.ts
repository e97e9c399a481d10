import { describe, expect, it } from 'vitest'
import { Fernet } from './fernet.js'
import { InvalidKeyError } from './fernet-errors.js'
import { FernetSecretBox } from './fernet-secret-box.js'
import { SecretBoxError } from './secret-box-error.js'

describe('FernetSecretBox', () => {
  const oldKey = Fernet.generateKey()
  const newKey = Fernet.generateKey()

  it('seals to a Fernet token and opens it again', async () => {
    const box = new FernetSecretBox(newKey)
    const token = await box.seal('sk-live-canary')
    expect(token).not.toContain('canary')
    expect(new Fernet(newKey).decrypt(token).toString()).toBe('sk-live-canary')
    await expect(box.open(token)).resolves.toBe('sk-live-canary')
  })

  it('takes the ring as a comma-separated string or a list, primary first', async () => {
    const sealedOld = await new FernetSecretBox(oldKey).seal('v')
    for (const keys of [`${newKey}, ${oldKey}`, [newKey, oldKey], ` ${newKey},,${oldKey},`]) {
      const box = new FernetSecretBox(keys)
      await expect(box.open(sealedOld)).resolves.toBe('v')
      expect(new Fernet(newKey).decrypt(await box.seal('w')).toString()).toBe('w')
    }
  })

  it('rotates a value sealed under an old key to the primary', async () => {
    const sealedOld = await new FernetSecretBox(oldKey).seal('v')
    const rotated = await new FernetSecretBox([newKey, oldKey]).rotate(sealedOld)
    await expect(new FernetSecretBox(newKey).open(rotated)).resolves.toBe('v')
  })

  it('throws SecretBoxError, naming neither value nor key, when no key fits', async () => {
    const sealed = await new FernetSecretBox(oldKey).seal('sk-live-canary')
    const box = new FernetSecretBox(newKey)
    for (const attempt of [() => box.open(sealed), () => box.rotate(sealed)]) {
      const err = await attempt().catch((e: unknown) => e)
      expect(err).toBeInstanceOf(SecretBoxError)
      const shown = JSON.stringify((err as SecretBoxError).toJSON()) + String(err)
      expect(shown).not.toContain(sealed)
      expect(shown).not.toContain(newKey)
      expect((err as SecretBoxError).code).toBe('internal_error')
    }
  })

  it('refuses an empty ring and names a malformed key by position only', () => {
    expect(() => new FernetSecretBox(' , ')).toThrow(/at least one/)
    const err = (() => {
      try {
        new FernetSecretBox([newKey, 'not-a-key'])
      } catch (e) {
        return e
      }
    })()
    expect(err).toBeInstanceOf(InvalidKeyError)
    expect((err as InvalidKeyError).details).toEqual({ index: 1 })
    expect((err as InvalidKeyError).message).not.toContain('not-a-key')
  })
})
