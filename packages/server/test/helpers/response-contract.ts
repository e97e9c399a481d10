import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js'

interface Operation {
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>
}

interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>
  components?: { schemas?: Record<string, unknown> }
}

/**
 * Holds responses to the OpenAPI document the server itself serves: each JSON body must match
 * the schema documented for its route, method and status, strictly (an object with
 * `properties` and no `additionalProperties` may not carry undocumented fields). What tests
 * see is then what clients were promised.
 */
export class ResponseContract {
  readonly #doc: OpenApiDocument
  readonly #ajv = new Ajv2020({ strict: false, allErrors: true })
  readonly #validators = new Map<string, ValidateFunction | null>()
  readonly #routes: Array<{ template: string; pattern: RegExp }>
  /** Every departure seen so far. */
  readonly problems: string[] = []
  /** How many responses were checked against a schema. */
  checked = 0

  constructor(doc: OpenApiDocument) {
    this.#doc = doc
    this.#ajv.addSchema({ components: strict(doc.components ?? {}) }, 'doc')
    this.#routes = Object.keys(doc.paths).map((template) => ({
      template,
      pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`),
    }))
  }

  /** Loads the document from a running server. */
  static async fetch(base: string): Promise<ResponseContract> {
    const res = await fetch(`${base}/api/openapi.json`)
    return new ResponseContract((await res.json()) as OpenApiDocument)
  }

  /** Checks one response; records and returns its problems. */
  check(method: string, path: string, status: number, body: unknown): string[] {
    const pathname = path.split('?')[0] ?? path
    const route = this.#routes.find((r) => r.pattern.test(pathname))
    const op = route && this.#doc.paths[route.template]?.[method.toLowerCase()]
    const response = op?.responses?.[String(status)]
    const where = `${method} ${pathname} ${status}`
    // Unknown routes and methods (404, 405) can't be documented per route: their answers must
    // still be the documented error.
    if (!response && (route === undefined || op === undefined) && status >= 400) {
      return this.#validate(where, 'Error', { $ref: '#/components/schemas/Error' }, body)
    }
    if (!route || !op || !response) return this.#record([`${where}: not documented`])
    const schema = response.content?.['application/json']?.schema
    return this.#validate(where, `${route.template} ${method} ${status}`, schema, body)
  }

  #validate(where: string, key: string, schema: unknown, body: unknown): string[] {
    let validate = this.#validators.get(key)
    if (validate === undefined) {
      validate = schema ? this.#ajv.compile(rebase(strict(schema)) as object) : null
      this.#validators.set(key, validate)
    }
    if (!validate) return []
    this.checked += 1
    if (validate(body)) return []
    return this.#record(
      (validate.errors ?? []).map(
        (e) => `${where} ${e.instancePath || '(body)'}: ${e.message ?? e.keyword}`,
      ),
    )
  }

  #record(problems: string[]): string[] {
    this.problems.push(...problems)
    return problems
  }
}

/** A copy where objects with `properties` and no `additionalProperties` allow nothing else. */
function strict(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(strict)
  if (schema === null || typeof schema !== 'object') return schema
  const copy: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(schema)) copy[k] = k === 'example' ? v : strict(v)
  if ('properties' in copy && !('additionalProperties' in copy)) copy.additionalProperties = false
  return copy
}

/** Points `#/components/...` references at the document registered as `doc`. */
function rebase(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(rebase)
  if (schema === null || typeof schema !== 'object') return schema
  const copy: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(schema)) {
    copy[k] = k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? `doc${v}` : rebase(v)
  }
  return copy
}
