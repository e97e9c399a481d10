import { Ajv, type ValidateFunction } from 'ajv'

/** The parts of an OpenAPI 3.0 document the validator reads. */
export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation | unknown>>
  components?: { schemas?: Record<string, unknown> }
}

interface OpenApiParameter {
  name: string
  in: 'path' | 'query' | 'header' | 'cookie'
  required?: boolean
  schema?: { type?: string; enum?: string[] }
}

interface OpenApiOperation {
  operationId: string
  parameters?: OpenApiParameter[]
  requestBody?: { required?: boolean; content?: Record<string, { schema?: unknown }> }
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>
}

/** A request as the validator sees it. */
export interface RequestFacts {
  method: string
  /** URL path, percent-encoded as sent. */
  path: string
  query: URLSearchParams
  headers: Headers
  /** The raw body text; empty when none was sent. */
  bodyText: string
}

/** One way a request departs from the OpenAPI document. */
export interface Violation {
  /** Operation id, or `(unknown)` when no operation matched. */
  operation: string
  method: string
  path: string
  message: string
  /**
   * `reject`: the real API refuses such a request (wrong type, missing required field, unknown
   * route). `ignored`: it would silently drop the part (an undocumented field or parameter).
   */
  severity: 'reject' | 'ignored'
}

/** The outcome of validating one request. */
export interface ValidatedRequest {
  operation: string | undefined
  /** Path parameters by name, decoded. */
  params: Record<string, string>
  /** The parsed JSON body, or undefined. */
  body: unknown
  violations: Violation[]
}

interface Route {
  method: string
  template: string
  pattern: RegExp
  names: string[]
  literalSegments: number
  op: OpenApiOperation
  bodyValidator: ValidateFunction | undefined
}

const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options'])

/**
 * Checks requests against an OpenAPI 3.0 document: route and method, path, query and header
 * parameters (types, enums, required ones), and the JSON body against its schema with ajv 8.
 * Object schemas are made strict (`additionalProperties: false`) so a misspelt field, which the
 * real API would silently ignore, is reported too (severity `ignored`).
 */
export class OpenApiValidator {
  readonly #routes: Route[]
  readonly #ajv: Ajv
  readonly #responseValidators = new Map<string, ValidateFunction | null>()

  constructor(doc: OpenApiDocument) {
    const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false })
    ajv.addSchema({ components: strictCopy(doc.components ?? {}) }, 'openapi')
    this.#ajv = ajv
    const routes: Route[] = []
    for (const [template, item] of Object.entries(doc.paths)) {
      for (const [method, value] of Object.entries(item)) {
        if (!METHODS.has(method)) continue
        const op = value as OpenApiOperation
        const names: string[] = []
        const segments = template.split('/').slice(1)
        const source = segments
          .map((s) => {
            const m = /^\{(.+)\}$/.exec(s)
            if (!m) return escapeRegExp(s)
            names.push(m[1] ?? '')
            return '([^/]+)'
          })
          .join('/')
        const schema = op.requestBody?.content?.['application/json']?.schema
        routes.push({
          method: method.toUpperCase(),
          template,
          pattern: new RegExp(`^/${source}/?$`),
          names,
          literalSegments: segments.length - names.length,
          op,
          bodyValidator: schema
            ? ajv.compile(rebase(strictCopy(schema)) as Record<string, unknown>)
            : undefined,
        })
      }
    }
    // Literal segments win over parameters (`/machines/{id}/lease` before `/machines/{id}/{x}`).
    routes.sort((a, b) => b.literalSegments - a.literalSegments)
    this.#routes = routes
  }

  /**
   * Checks a response body against the schema the document gives for `operation` and `status`
   * (strictly: an undocumented field is reported). Returns problems; none when the document
   * has no schema for that status.
   */
  validateResponse(operation: string, status: number, body: unknown): string[] {
    const key = `${operation} ${status}`
    let validate = this.#responseValidators.get(key)
    if (validate === undefined) {
      const route = this.#routes.find((r) => r.op.operationId === operation)
      const schema = route?.op.responses?.[String(status)]?.content?.['application/json']?.schema
      validate = schema
        ? this.#ajv.compile(rebase(strictCopy(schema)) as Record<string, unknown>)
        : null
      this.#responseValidators.set(key, validate)
    }
    if (!validate || validate(body)) return []
    return (validate.errors ?? []).map(
      (e) => `${operation} ${status} ${e.instancePath || '(body)'}: ${e.message ?? e.keyword}`,
    )
  }

  /** Finds the operation a request addresses and lists how it departs from the document. */
  validate(req: RequestFacts): ValidatedRequest {
    const violations: Violation[] = []
    const add = (operation: string, message: string, severity: Violation['severity']) =>
      violations.push({ operation, method: req.method, path: req.path, message, severity })

    let route: Route | undefined
    let match: RegExpExecArray | null = null
    let pathMatched = false
    for (const r of this.#routes) {
      const m = r.pattern.exec(req.path)
      if (!m) continue
      pathMatched = true
      if (r.method === req.method) {
        route = r
        match = m
        break
      }
    }
    if (!route || !match) {
      add('(unknown)', pathMatched ? 'method not allowed on this path' : 'no such path', 'reject')
      return { operation: undefined, params: {}, body: undefined, violations }
    }
    const operation = route.op.operationId
    const params: Record<string, string> = {}
    route.names.forEach((name, i) => {
      params[name] = decodeURIComponent(match?.[i + 1] ?? '')
    })

    const declared = route.op.parameters ?? []
    const queryParams = declared.filter((p) => p.in === 'query')
    for (const key of new Set(req.query.keys())) {
      const param = queryParams.find((p) => p.name === key || matchesTemplate(p.name, key))
      if (!param) {
        add(operation, `undocumented query parameter ${key}`, 'ignored')
        continue
      }
      for (const value of req.query.getAll(key)) {
        const problem = checkScalar(value, param.schema)
        if (problem) add(operation, `query parameter ${key} ${problem}`, 'reject')
      }
    }
    for (const p of declared) {
      if (!p.required) continue
      if (p.in === 'query' && !req.query.has(p.name)) {
        add(operation, `missing required query parameter ${p.name}`, 'reject')
      }
      if (p.in === 'header' && !req.headers.get(p.name)) {
        add(operation, `missing required header ${p.name}`, 'reject')
      }
    }

    let body: unknown
    if (req.bodyText.trim() !== '') {
      const contentType = req.headers.get('content-type') ?? ''
      if (!route.op.requestBody) {
        add(operation, 'operation takes no request body', 'ignored')
      } else if (!contentType.includes('application/json')) {
        add(operation, `body must be application/json, not ${contentType || 'untyped'}`, 'reject')
      }
      try {
        body = JSON.parse(req.bodyText)
      } catch {
        add(operation, 'body is not valid JSON', 'reject')
      }
    } else if (route.op.requestBody?.required) {
      add(operation, 'missing required request body', 'reject')
    }
    if (body !== undefined && route.bodyValidator && !route.bodyValidator(body)) {
      for (const e of route.bodyValidator.errors ?? []) {
        const where = e.instancePath || '(body)'
        if (e.keyword === 'additionalProperties') {
          const extra = (e.params as { additionalProperty?: string }).additionalProperty
          add(operation, `${where}: undocumented field ${extra}`, 'ignored')
        } else {
          add(operation, `${where}: ${e.message ?? e.keyword}`, 'reject')
        }
      }
    }
    return { operation, params, body, violations }
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** `metadata.{key}` matches `metadata.anything`. */
function matchesTemplate(template: string, key: string): boolean {
  const m = /^(.*)\{[^}]+\}(.*)$/.exec(template)
  if (!m) return false
  const [, pre = '', post = ''] = m
  return key.length > pre.length + post.length && key.startsWith(pre) && key.endsWith(post)
}

function checkScalar(value: string, schema: OpenApiParameter['schema']): string | undefined {
  if (!schema) return undefined
  if (schema.type === 'integer' && !/^-?\d+$/.test(value)) return 'must be an integer'
  if (schema.type === 'boolean' && value !== 'true' && value !== 'false') return 'must be a boolean'
  if (schema.enum && !value.split(',').every((v) => schema.enum?.includes(v))) {
    return `must be one of ${schema.enum.join(', ')}`
  }
  return undefined
}

/** `#/components/...` refs inside an operation schema point into the added `openapi` schema. */
function rebase(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(rebase)
  if (schema && typeof schema === 'object') {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(schema)) {
      out[k] =
        k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? `openapi${v}` : rebase(v)
    }
    return out
  }
  return schema
}

/**
 * A deep copy where every object schema listing `properties` (and not combining others) gets
 * `additionalProperties: false`, so undocumented fields are reported.
 */
function strictCopy(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(strictCopy)
  if (!schema || typeof schema !== 'object') return schema
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(schema)) {
    out[k] = k === 'properties' ? mapValues(v, strictCopy) : strictCopy(v)
  }
  const isPlainObjectSchema =
    'properties' in out && !('additionalProperties' in out) && !('allOf' in out)
  if (isPlainObjectSchema) out.additionalProperties = false
  return out
}

function mapValues(value: unknown, fn: (v: unknown) => unknown): unknown {
  if (!value || typeof value !== 'object') return value
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fn(v)]))
}
