// Encrypts a credential the way the store does, and reads it back; the token is a standard
// Fernet token that Python's `cryptography` opens too. Run: node --import tsx fernet.ts
import { Fernet, FernetSecretBox, InvalidToken } from '@mcp-remote/core'

const key = Fernet.generateKey()
const f = new Fernet(key)
const token = f.encrypt('my deep dark secret')
console.log(`token starts ${token.slice(0, 8)}… (${token.length} chars)`)
console.log(f.decrypt(token).toString('utf8'))

// Rotation: a box with a new primary key still opens tokens made under the old one.
const box = new FernetSecretBox([Fernet.generateKey(), key])
const rotated = await box.rotate(token)
console.log(await box.open(rotated))
try {
  new Fernet(Fernet.generateKey()).decrypt(token)
} catch (err) {
  console.log(err instanceof InvalidToken ? 'wrong key: InvalidToken' : 'unexpected error')
}
