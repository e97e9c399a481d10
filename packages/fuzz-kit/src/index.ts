export {
  parseResponses,
  type RawExchange,
  type RawOptions,
  type RawResponse,
  rawRequest,
} from './raw-http.js'
export { Rng } from './rng.js'
export {
  deepJson,
  EDGE_NUMBERS,
  type JsonVocabulary,
  mutate,
  NASTY_STRINGS,
  randomJson,
  randomPercentEncoded,
  randomString,
} from './values.js'
