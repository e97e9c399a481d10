import { createHash } from 'node:crypto'
import type { DeploymentConfig } from '../config/index.js'
import { ValidationError } from '../errors/index.js'
import type { RuntimeName } from '../runtime/runtime.js'

/** 1 to 255 visible ASCII characters: what fits a header and an index, e.g. a UUID. */
const KEY = /^[\x21-\x7e]{1,255}$/

/**
 * `key` if it is a usable idempotency key.
 * @throws `ValidationError` naming `idempotency_key` (never echoing it) otherwise.
 */
export function checkIdempotencyKey(key: string): string {
  if (KEY.test(key)) return key
  throw new ValidationError('invalid idempotency key', [
    { path: 'idempotency_key', message: 'must be 1 to 255 visible ASCII characters' },
  ])
}

/**
 * What makes two deploy requests "the same" for an idempotency key: the validated config, the
 * runtime, the source and the credential names. Credential values are left out on purpose: a
 * hash of a short secret stored beside it could be brute-forced.
 */
export function requestFingerprint(request: {
  config: DeploymentConfig
  runtime: RuntimeName
  source: string
  names: readonly string[]
}): string {
  const canonical = JSON.stringify([
    request.config,
    request.runtime,
    request.source,
    [...request.names].sort(),
  ])
  return createHash('sha256').update(canonical).digest('hex')
}

/** Whether a database error is a unique-index violation (SQLSTATE 23505; pg and PGlite alike). */
export function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === '23505'
}
