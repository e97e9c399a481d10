// Encrypts a credential the way the store does, and reads it back; the token is a standard
// Fernet token that Python's `cryptography` opens too. Run: node --import tsx fernet.ts
import { Fernet, FernetSecretBox, InvalidToken } from '@mcp-remote/core'

const key = Fernet.generateKey()
const f = new Fernet(key)
const message = 'a demo value, not a real key'
const token = f.encrypt(message)
console.log(`a ${token.length}-character Fernet token`)
console.log(`decrypts to the message: ${f.decrypt(token).toString('utf8') === message}`)

// Rotation: a box with a new primary key still opens tokens made under the old one.
const box = new FernetSecretBox([Fernet.generateKey(), key])
const rotated = await box.rotate(token)
console.log(`rotated token opens under the new key ring: ${(await box.open(rotated)) === message}`)
try {
  new Fernet(Fernet.generateKey()).decrypt(token)
} catch (err) {
  console.log(err instanceof InvalidToken ? 'wrong key: InvalidToken' : 'unexpected error')
}
