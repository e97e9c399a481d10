export {
  API_TOKEN_PREFIX,
  ApiTokenVerifier,
  generateApiToken,
  hashApiToken,
} from './api-token.js'
export type {
  ApiTokenSource,
  ResolveApiTokenOptions,
  ResolvedApiToken,
} from './token-file.js'
export { API_TOKEN_HASH_FILE, resolveApiToken } from './token-file.js'
