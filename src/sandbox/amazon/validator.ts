// Amazon's own OpenAPI (Swagger 2.0) models and JSON schemas, compiled with ajv: one validator
// that the sandbox uses on every request it receives and every response it sends, and that the
// tests use on every exchange the connector makes. The models are copied byte-for-byte from
// github.com/amzn/selling-partner-api-models (see models/SOURCE.txt, Apache-2.0).
//
// `strict` (the default) also refuses properties the model does not declare (additionalProperties
// is closed wherever the model lists properties and says nothing): that holds our sandbox to
// inventing no fields and our connector to sending none. Amazon itself may add fields any day,
// so the connector never relies on this when reading the real service.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv'
import formatsModule from 'ajv-formats'

const addFormats = ((formatsModule as unknown as { default?: unknown }).default ?? formatsModule) as (ajv: Ajv) => Ajv

export const MODEL_DIR = fileURLToPath(new URL('./models/', import.meta.url))

export const MODEL_FILES = {
  'orders-v0': 'ordersV0.json',
  'orders-2026-01-01': 'orders_2026-01-01.json',
  'listings-2021-08-01': 'listingsItems_2021-08-01.json',
  'fba-inventory-v1': 'fbaInventory.json',
  'feeds-2021-06-30': 'feeds_2021-06-30.json',
  'sellers-v1': 'sellers.json',
  'notifications-v1': 'notifications.json',
  'tokens-2021-03-01': 'tokens_2021-03-01.json',
} as const
export type ApiName = keyof typeof MODEL_FILES

export const SCHEMA_FILES = {
  listingsFeed: 'schemas/listings-feed-schema-v2.json',
  listingsFeedMessage: 'schemas/listings-feed-message-schema-v2.json',
  processingReport: 'schemas/listings-feed-processing-report-schema-v2.json',
  ORDER_CHANGE: 'schemas/OrderChangeNotification.json',
  FBA_INVENTORY_AVAILABILITY_CHANGES: 'schemas/FBAInventoryAvailabilityChangeNotification.json',
  FEED_PROCESSING_FINISHED: 'schemas/FeedProcessingFinishedNotification.json',
  LISTINGS_ITEM_MFN_QUANTITY_CHANGE: 'schemas/ListingsItemMfnQuantityChange.json',
  LISTINGS_ITEM_STATUS_CHANGE: 'schemas/ListingsItemStatusChangeNotification.json',
} as const
export type SchemaName = keyof typeof SCHEMA_FILES

interface SwaggerParam {
  name: string
  in: 'path' | 'query' | 'header' | 'body' | 'formData'
  required?: boolean
  type?: string
  collectionFormat?: string
  schema?: unknown
  [k: string]: unknown
}

export interface SpApiOperationModel {
  api: ApiName
  operationId: string
  /** unique across the models: the operationId, or operationId@api where two APIs share one (getOrder) */
  key: string
  method: string
  path: string
  regex: RegExp
  pathParamNames: string[]
  parameters: SwaggerParam[]
  responses: Record<string, { schema?: unknown }>
  usagePlan?: { rate: number; burst: number }
  deprecated: boolean
}

export interface RequestToCheck {
  method: string
  /** path and query, as sent (encoded) */
  url: string
  body?: unknown
  /** when given, required header parameters are checked too (x-amzn-idempotency-token…) */
  headers?: Record<string, string | string[] | undefined>
}

export interface RequestCheck {
  operation?: SpApiOperationModel
  pathParams: Record<string, string>
  query: Record<string, unknown>
  errors: string[]
}

const METHODS = ['get', 'put', 'post', 'patch', 'delete']
const PARAM_KEYWORDS = [
  'type',
  'format',
  'items',
  'enum',
  'maxItems',
  'minItems',
  'minimum',
  'maximum',
  'maxLength',
  'minLength',
  'pattern',
  'uniqueItems',
]

function readJson(rel: string): any {
  return JSON.parse(readFileSync(MODEL_DIR + rel, 'utf8'))
}

function schemaId(api: ApiName): string {
  return `https://sp-api.models/${MODEL_FILES[api]}`
}

/** Deep copy with `#/definitions/X` pointed at the model's id, and (strict) objects closed. */
function prepare(node: unknown, api: ApiName, strict: boolean): unknown {
  if (Array.isArray(node)) return node.map((n) => prepare(n, api, strict))
  if (!node || typeof node !== 'object') return node
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(node)) {
    if (k === '$ref' && typeof v === 'string' && v.startsWith('#/')) out[k] = schemaId(api) + v
    else if (k === 'example' || k === 'examples' || k === 'x-docgen-enum-table-extension') continue
    else out[k] = prepare(v, api, strict)
  }
  if (strict && out.properties && typeof out.properties === 'object' && !('additionalProperties' in out)) {
    out.additionalProperties = false
  }
  return out
}

function stripIds(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(stripIds)
  if (!node || typeof node !== 'object') return node
  return Object.fromEntries(
    Object.entries(node)
      .filter(([k]) => k !== '$id')
      .map(([k, v]) => [k, stripIds(v)]),
  )
}

function parseUsagePlan(description: unknown): { rate: number; burst: number } | undefined {
  if (typeof description !== 'string') return undefined
  const m =
    /\|\s*Rate \(requests per second\)\s*\|\s*Burst\s*\|[^\n]*\n[^\n]*\n\s*\|\s*([\d.]+)\s*\|\s*(\d+)\s*\|/.exec(
      description,
    )
  return m ? { rate: Number(m[1]), burst: Number(m[2]) } : undefined
}

export function formatErrors(where: string, errors: ErrorObject[] | null | undefined, max = 10): string[] {
  return (errors ?? []).slice(0, max).map((e) => {
    const extra =
      e.keyword === 'additionalProperties'
        ? ` (${(e.params as { additionalProperty: string }).additionalProperty})`
        : e.keyword === 'enum'
          ? ` (${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')})`
          : ''
    return `${where}${e.instancePath} ${e.message ?? e.keyword}${extra}`
  })
}

function coerce(param: SwaggerParam, raw: string[]): unknown {
  const one = (text: string, type: unknown): unknown => {
    if (type === 'integer' && /^-?\d+$/.test(text)) return Number(text)
    if (type === 'number' && text.trim() !== '' && Number.isFinite(Number(text))) return Number(text)
    if (type === 'boolean' && (text === 'true' || text === 'false')) return text === 'true'
    return text
  }
  if (param.type === 'array') {
    const itemType = (param.items as { type?: string } | undefined)?.type
    const parts =
      param.collectionFormat === 'multi'
        ? raw
        : raw.flatMap((r) => r.split(param.collectionFormat === 'pipes' ? '|' : ','))
    return parts.map((p) => one(p, itemType))
  }
  return one(raw[raw.length - 1]!, param.type)
}

export class SpApiModels {
  readonly strict: boolean
  private readonly ajv: Ajv
  private readonly ops: SpApiOperationModel[] = []
  private readonly byKey = new Map<string, SpApiOperationModel>()
  private readonly compiled = new Map<string, ValidateFunction>()
  private readonly schemaAjv: Ajv
  private readonly schemas = new Map<SchemaName, ValidateFunction>()

  constructor(opts: { strict?: boolean } = {}) {
    this.strict = opts.strict ?? true
    this.ajv = addFormats(new Ajv({ strict: false, allErrors: true, validateFormats: true }))
    for (const f of ['int32', 'int64', 'double', 'float', 'byte', 'binary']) this.ajv.addFormat(f, true)
    this.schemaAjv = addFormats(new Ajv({ strict: false, allErrors: true }))
    const seen = new Map<string, number>()
    for (const api of Object.keys(MODEL_FILES) as ApiName[]) {
      const doc = readJson(MODEL_FILES[api])
      this.ajv.addSchema({
        $id: schemaId(api),
        definitions: prepare(doc.definitions ?? {}, api, this.strict) as object,
      })
      for (const [path, item] of Object.entries<Record<string, any>>(doc.paths)) {
        const shared: SwaggerParam[] = Array.isArray(item.parameters) ? item.parameters : []
        for (const method of METHODS) {
          const op = item[method]
          if (!op?.operationId) continue
          const names: string[] = []
          const pattern = path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{(\w+)\\?\}/g, (_m, n: string) => {
            names.push(n)
            return '([^/]+)'
          })
          const model: SpApiOperationModel = {
            api,
            operationId: op.operationId,
            key: op.operationId,
            method: method.toUpperCase(),
            path,
            regex: new RegExp(`^${pattern}$`),
            pathParamNames: names,
            parameters: [...shared, ...(op.parameters ?? [])].map((p) => prepare(p, api, this.strict) as SwaggerParam),
            responses: prepare(op.responses ?? {}, api, this.strict) as Record<string, { schema?: unknown }>,
            usagePlan: parseUsagePlan(op.description),
            deprecated: op.deprecated === true,
          }
          seen.set(op.operationId, (seen.get(op.operationId) ?? 0) + 1)
          this.ops.push(model)
        }
      }
    }
    for (const op of this.ops) {
      if ((seen.get(op.operationId) ?? 0) > 1) op.key = `${op.operationId}@${op.api}`
      this.byKey.set(op.key, op)
    }
    // literal paths before templated ones: /fba/inventory/v1/items/inventory before …/{sellerSku}
    this.ops.sort((a, b) => a.pathParamNames.length - b.pathParamNames.length)
  }

  operations(): readonly SpApiOperationModel[] {
    return this.ops
  }

  operation(key: string): SpApiOperationModel {
    const op = this.byKey.get(key)
    if (!op) throw new Error(`no SP-API operation ${key} in the models`)
    return op
  }

  find(
    method: string,
    path: string,
  ): { operation: SpApiOperationModel; pathParams: Record<string, string> } | undefined {
    const m = method.toUpperCase()
    for (const op of this.ops) {
      if (op.method !== m) continue
      const hit = op.regex.exec(path)
      if (!hit) continue
      const pathParams: Record<string, string> = {}
      op.pathParamNames.forEach((n, i) => {
        pathParams[n] = decodeURIComponent(hit[i + 1]!)
      })
      return { operation: op, pathParams }
    }
    return undefined
  }

  private validator(cacheKey: string, schema: unknown): ValidateFunction {
    let v = this.compiled.get(cacheKey)
    if (!v) {
      v = this.ajv.compile(schema as object)
      this.compiled.set(cacheKey, v)
    }
    return v
  }

  /** Check a request against the operation's parameters and body schema. */
  validateRequest(req: RequestToCheck): RequestCheck {
    const u = new URL(req.url, 'http://sp-api.invalid')
    const found = this.find(req.method, u.pathname)
    if (!found)
      return { pathParams: {}, query: {}, errors: [`no ${req.method.toUpperCase()} ${u.pathname} in the models`] }
    const { operation: op, pathParams } = found
    const errors: string[] = []
    const query: Record<string, unknown> = {}
    const declared = new Set<string>()
    const props: Record<string, unknown> = {}
    const required: string[] = []
    for (const p of op.parameters) {
      if (p.in === 'query') {
        declared.add(p.name)
        const raw = u.searchParams.getAll(p.name)
        if (raw.length > 0) query[p.name] = coerce(p, raw)
      }
      if (p.in === 'query' || p.in === 'path') {
        const s: Record<string, unknown> = {}
        for (const k of PARAM_KEYWORDS) if (p[k] !== undefined) s[k] = p[k]
        props[`${p.in}.${p.name}`] = s
        if (p.required) required.push(`${p.in}.${p.name}`)
      }
    }
    if (req.headers) {
      const lower = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k.toLowerCase(), v]))
      for (const p of op.parameters) {
        if (p.in === 'header' && p.required && !lower[p.name.toLowerCase()]) errors.push(`header ${p.name} is required`)
      }
    }
    if (this.strict) {
      for (const name of new Set(u.searchParams.keys()))
        if (!declared.has(name)) errors.push(`query.${name} is not a parameter of ${op.key}`)
    }
    const values: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(query)) values[`query.${k}`] = v
    for (const [k, v] of Object.entries(pathParams)) values[`path.${k}`] = v
    const params = this.validator(`${op.key}:params`, { type: 'object', properties: props, required })
    if (!params(values))
      errors.push(...formatErrors('', params.errors).map((e) => e.replace(/^\/(query|path)\./, '$1.')))
    const bodyParam = op.parameters.find((p) => p.in === 'body')
    const hasBody = req.body !== undefined && req.body !== null && !(typeof req.body === 'string' && req.body === '')
    if (bodyParam) {
      if (!hasBody && bodyParam.required) errors.push('body is required')
      if (hasBody) {
        const v = this.validator(`${op.key}:body`, bodyParam.schema)
        if (!v(req.body)) errors.push(...formatErrors('body', v.errors))
      }
    } else if (hasBody && this.strict) {
      errors.push(`${op.key} takes no body`)
    }
    return { operation: op, pathParams, query, errors }
  }

  /** Check a response body against what the model declares for that status. */
  validateResponse(key: string, status: number, body: unknown): string[] {
    const op = this.operation(key)
    const spec = op.responses[String(status)] ?? op.responses.default
    if (!spec) return [`${op.key} declares no ${status} response`]
    const empty = body === undefined || body === null || body === ''
    if (!spec.schema) return empty ? [] : [`${op.key} ${status} declares no body, got one`]
    if (empty) return [`${op.key} ${status} must have a body`]
    const v = this.validator(`${op.key}:${status}`, spec.schema)
    return v(body) ? [] : formatErrors(`response ${status}`, v.errors)
  }

  /** JSON_LISTINGS_FEED documents, messages, processing reports and notifications. */
  validateSchema(name: SchemaName, value: unknown): string[] {
    let v = this.schemas.get(name)
    if (!v) {
      v = this.schemaAjv.compile(stripIds(readJson(SCHEMA_FILES[name])) as object)
      this.schemas.set(name, v)
    }
    return v(value) ? [] : formatErrors(name, v.errors)
  }
}

let shared: SpApiModels | undefined

/** The strict models, compiled once per process. */
export function spApiModels(): SpApiModels {
  shared ??= new SpApiModels()
  return shared
}
