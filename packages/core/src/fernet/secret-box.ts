/**
 * Seals credential values before they are stored, and opens them only on
 * their way into a runtime's environment.
 */
export interface SecretBox {
  /** Encrypts `plaintext` under the primary key; returns a Fernet token. */
  seal(plaintext: string): Promise<string>
  /** Decrypts a token made under any key in the ring; throws `SecretBoxError` if none fits. */
  open(token: string): Promise<string>
  /** Re-encrypts a token under the primary key (key rotation). */
  rotate(token: string): Promise<string>
}
