// ShipBob's own OpenAPI document for API 2026-01 (openapi-2026-01.json.gz, a gzipped copy of
// /work/shared/specs/shipbob/openapi-2026-01.json; see openapi-SOURCE.txt), compiled with ajv:
// the sandbox checks every request it receives and every answer it sends against it, and the
// contract test checks a journal of exchanges again, independently. The document closes every
// object (additionalProperties: false), so neither side may invent a field.
//
// The document is OpenAPI 3.0 written by an ASP.NET generator; four of its habits are read the way
// that framework means them, not literally as JSON Schema would:
//  - keywords beside a $ref are ignored (OpenAPI 3.0 says so; the generator puts
//    "additionalProperties": false beside every $ref, which JSON Schema would read as "no fields");
//  - `allOf: [{$ref: Base}]` under a closed object is inheritance: Base's fields join the object's;
//  - `oneOf` between DTO shapes (an address, or an address with a type) is "any of": the server
//    deserialises into the first that fits, so a body fitting both is not refused;
//  - `nullable: true` is `type: [T, "null"]`;
//  - a closed object with no fields at all is a C# `object` member (any JSON), not "always {}".
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { gunzipSync } from 'node:zlib'
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv'
import formatsModule from 'ajv-formats'

const addFormats = ((formatsModule as unknown as { default?: unknown }).default ?? formatsModule) as (ajv: Ajv) => Ajv

export const OPENAPI_FILE = fileURLToPath(new URL('./openapi-2026-01.json.gz', import.meta.url))
const DOC_ID = 'https://shipbob.openapi/2026-01.json'
const METHODS = ['get', 'put', 'post', 'patch', 'delete'] as const
const KNOWN_FORMATS = new Set(['date-time', 'date', 'time', 'email', 'uri', 'uuid', 'hostname', 'ipv4', 'ipv6'])

type Json = Record<string, unknown>

interface OpenApiParam {
  name: string
  in: 'path' | 'query' | 'header' | 'cookie'
  required?: boolean
  schema?: Json
}

export interface ShipBobOperation {
  /** "POST /2026-01/order", "POST /2026-01/order/{orderId}:cancel" */
  key: string
  method: string
  path: string
  regex: RegExp
  pathParamNames: string[]
  parameters: OpenApiParam[]
  body?: { required: boolean; schema: unknown }
  responses: Record<string, { schema?: unknown }>
  /** its 200 pages by a `next` URL the server writes: the cursor in that URL is the server's, not a declared parameter */
  pagedByLink: boolean
}

/**
 * The query parameter the sandbox's `next` links carry. ShipBob's document declares none (the
 * client only follows the link), and the real name is not in the stored sources [UNVERIFIED].
 */
export const LINK_CURSOR = 'Cursor'

export interface FieldError {
  /** the field as ShipBob's field → messages bodies name it: recipient.address.city, products[0].quantity */
  field: string
  message: string
}

export interface RequestToCheck {
  method: string
  /** path and query, as sent */
  url: string
  headers?: Record<string, string | string[] | undefined>
  body?: unknown
}

export interface RequestCheck {
  operation?: ShipBobOperation
  pathParams: Record<string, string>
  /** what the documented contract refuses */
  errors: FieldError[]
  /** what the document does not declare but ShipBob's server is known to ignore (an unknown query parameter) */
  warnings: string[]
}

/** OpenAPI 3.0 (ASP.NET flavour, see the header) → JSON Schema draft-07 for ajv. */
function toJsonSchema(node: unknown, components: Json): unknown {
  if (Array.isArray(node)) return node.map((n) => toJsonSchema(n, components))
  if (!node || typeof node !== 'object') return node
  const n = node as Json
  if (typeof n.$ref === 'string') return { $ref: DOC_ID + n.$ref }
  const out: Json = {}
  for (const [k, v] of Object.entries(n)) {
    if (['example', 'examples', 'discriminator', 'readOnly', 'writeOnly', 'xml', 'description'].includes(k)) continue
    if (k === 'properties') {
      out.properties = Object.fromEntries(
        Object.entries(v as Json).map(([name, s]) => [name, toJsonSchema(s, components)]),
      )
    } else if (k === 'oneOf') out.anyOf = toJsonSchema(v, components)
    else if (k !== 'nullable' && k !== 'allOf') out[k] = toJsonSchema(v, components)
  }
  if (Array.isArray(n.allOf)) inherit(out, n.allOf as Json[], components)
  if (out.additionalProperties === false && !out.properties) delete out.additionalProperties
  if (n.nullable === true) {
    if (typeof out.type === 'string') {
      out.type = [out.type, 'null']
      if (Array.isArray(out.enum)) out.enum = [...out.enum, null]
    } else return { anyOf: [out, { type: 'null' }] }
  }
  return out
}

/** allOf as inheritance: every base's fields and required names join the object's own. */
function inherit(out: Json, bases: Json[], components: Json): void {
  const props = { ...((out.properties as Json | undefined) ?? {}) }
  const required = new Set((out.required as string[] | undefined) ?? [])
  for (const b of bases) {
    const base = typeof b.$ref === 'string' ? (components[b.$ref.split('/').pop()!] as Json) : b
    const flat = toJsonSchema(base, components) as Json
    Object.assign(props, flat.properties ?? {})
    for (const r of (flat.required as string[] | undefined) ?? []) required.add(r)
  }
  out.type = 'object'
  out.properties = props
  if (required.size) out.required = [...required]
}

function formatsIn(node: unknown, found: Set<string>): Set<string> {
  if (Array.isArray(node)) node.forEach((n) => formatsIn(n, found))
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === 'format' && typeof v === 'string') found.add(v)
      else formatsIn(v, found)
    }
  }
  return found
}

/** ajv's instancePath (/recipient/address/0) as ShipBob names fields (recipient.address[0]). */
function fieldName(pointer: string, child?: string): string {
  const parts = pointer.split('/').filter(Boolean)
  if (child !== undefined) parts.push(child)
  return parts.reduce((s, p) => (/^\d+$/.test(p) ? `${s}[${p}]` : s ? `${s}.${p}` : p), '')
}

function fieldErrors(prefix: string, errors: ErrorObject[] | null | undefined): FieldError[] {
  const out: FieldError[] = []
  const seen = new Set<string>()
  for (const e of errors ?? []) {
    // the "must match a schema in anyOf" summary repeats what its branches said
    if (e.keyword === 'anyOf') continue
    const p = e.params as { missingProperty?: string; additionalProperty?: string; allowedValues?: unknown[] }
    const child = p.missingProperty ?? p.additionalProperty
    const field = [prefix, fieldName(e.instancePath, child)].filter(Boolean).join('.')
    const message =
      e.keyword === 'required'
        ? `The ${child} field is required.`
        : e.keyword === 'additionalProperties'
          ? `The ${child} field is not part of this model.`
          : e.keyword === 'enum'
            ? `The value must be one of ${(p.allowedValues ?? []).join(', ')}.`
            : `The value ${e.message ?? 'is invalid'}.`
    const k = `${field}|${message}`
    if (!seen.has(k)) {
      seen.add(k)
      out.push({ field, message })
    }
  }
  return out.slice(0, 20)
}

function coerce(schema: Json | undefined, raw: string): unknown {
  const type = schema?.type
  if ((type === 'integer' || type === 'number') && raw.trim() !== '' && Number.isFinite(Number(raw))) return Number(raw)
  if (type === 'boolean' && /^(true|false)$/i.test(raw)) return raw.toLowerCase() === 'true'
  return raw
}

export class ShipBobContract {
  private readonly ajv: Ajv
  private readonly ops: ShipBobOperation[] = []
  private readonly byKey = new Map<string, ShipBobOperation>()
  private readonly compiled = new Map<string, ValidateFunction>()
  private readonly branches = new WeakMap<object, ValidateFunction>()

  constructor(file = OPENAPI_FILE) {
    const doc = JSON.parse(gunzipSync(readFileSync(file)).toString('utf8')) as Json
    const components = ((doc.components as Json | undefined)?.schemas ?? {}) as Json
    this.ajv = addFormats(new Ajv({ strict: false, allErrors: true, verbose: true }))
    for (const f of formatsIn(doc, new Set())) if (!KNOWN_FORMATS.has(f)) this.ajv.addFormat(f, true)
    const definitions = Object.fromEntries(
      Object.entries(components).map(([name, s]) => [name, toJsonSchema(s, components)]),
    )
    this.ajv.addSchema({ $id: DOC_ID, components: { schemas: definitions } })
    const content = (c: unknown) => ((c as Json | undefined)?.['application/json'] as Json | undefined)?.schema
    for (const [path, item] of Object.entries(doc.paths as Record<string, Json>)) {
      for (const method of METHODS) {
        const op = item[method] as Json | undefined
        if (!op) continue
        const names: string[] = []
        const pattern = path
          .replace(/[.*+?^$()|[\]\\]/g, '\\$&')
          .replace(/\{(\w+)\}/g, (_m, name: string) => (names.push(name), '([^/:]+)'))
        const body = op.requestBody as Json | undefined
        const schema = body ? content(body.content) : undefined
        const model: ShipBobOperation = {
          key: `${method.toUpperCase()} ${path}`,
          method: method.toUpperCase(),
          path,
          regex: new RegExp(`^${pattern}$`),
          pathParamNames: names,
          parameters: [
            ...((item.parameters as OpenApiParam[]) ?? []),
            ...((op.parameters as OpenApiParam[]) ?? []),
          ].map((p) => ({ ...p, ...(p.schema ? { schema: toJsonSchema(p.schema, components) as Json } : {}) })),
          ...(schema ? { body: { required: body?.required === true, schema: toJsonSchema(schema, components) } } : {}),
          pagedByLink: false,
          responses: Object.fromEntries(
            Object.entries((op.responses as Record<string, Json>) ?? {}).map(([status, r]) => {
              const s = content(r.content)
              return [status, s ? { schema: toJsonSchema(s, components) } : {}]
            }),
          ),
        }
        model.pagedByLink =
          'next' in ((this.resolveIn(components, model.responses['200']?.schema) ?? {}).properties ?? {})
        this.ops.push(model)
        this.byKey.set(model.key, model)
      }
    }
    // literal paths before templated ones: /order:estimate before /order/{orderId}
    this.ops.sort((a, b) => a.pathParamNames.length - b.pathParamNames.length)
  }

  operations(): readonly ShipBobOperation[] {
    return this.ops
  }

  operation(key: string): ShipBobOperation {
    const op = this.byKey.get(key)
    if (!op) throw new Error(`no operation ${key} in ShipBob's OpenAPI document`)
    return op
  }

  find(method: string, pathname: string): { operation: ShipBobOperation; pathParams: Record<string, string> } | null {
    const m = method.toUpperCase()
    for (const op of this.ops) {
      if (op.method !== m) continue
      const hit = op.regex.exec(pathname)
      if (!hit) continue
      const pathParams = Object.fromEntries(op.pathParamNames.map((n, i) => [n, decodeURIComponent(hit[i + 1]!)]))
      return { operation: op, pathParams }
    }
    return null
  }

  private validator(key: string, schema: unknown): ValidateFunction {
    let v = this.compiled.get(key)
    if (!v) {
      v = this.ajv.compile(schema as object)
      this.compiled.set(key, v)
    }
    return v
  }

  /**
   * Validate and explain: where an anyOf failed, only the branch that came closest speaks (a product
   * by reference_id is not also told it lacks the product id of the other shape).
   */
  private check(key: string, schema: unknown, data: unknown): ErrorObject[] {
    const v = this.validator(key, schema)
    return v(data) ? [] : this.closest([...(v.errors ?? [])])
  }

  private closest(errors: ErrorObject[]): ErrorObject[] {
    const anyOf = errors
      .filter((e) => e.keyword === 'anyOf')
      .sort((a, b) => a.instancePath.length - b.instancePath.length)
    let out = errors
    for (const a of anyOf) {
      if (!out.includes(a)) continue
      const under = (e: ErrorObject) =>
        e.instancePath === a.instancePath || e.instancePath.startsWith(`${a.instancePath}/`)
      const branches = (a.schema as unknown[]).map((branch) => {
        let v = this.branches.get(branch as object)
        if (!v) {
          v = this.ajv.compile(branch as object)
          this.branches.set(branch as object, v)
        }
        return v(a.data) ? [] : this.closest([...(v.errors ?? [])])
      })
      const best = branches.reduce((x, y) => (y.length < x.length ? y : x))
      out = [
        ...out.filter((e) => !under(e)),
        ...best.map((e) => ({ ...e, instancePath: a.instancePath + e.instancePath })),
      ]
    }
    return out
  }

  validateRequest(req: RequestToCheck): RequestCheck {
    const u = new URL(req.url, 'http://shipbob.invalid')
    const found = this.find(req.method, u.pathname)
    if (!found)
      return { pathParams: {}, errors: [{ field: '', message: `no ${req.method} ${u.pathname}` }], warnings: [] }
    const { operation: op, pathParams } = found
    const errors: FieldError[] = []
    const warnings: string[] = []
    const headers = Object.fromEntries(Object.entries(req.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]))
    const declared = new Set<string>()
    for (const p of op.parameters) {
      const raw =
        p.in === 'path'
          ? pathParams[p.name]
          : p.in === 'query'
            ? (u.searchParams.get(p.name) ?? undefined)
            : p.in === 'header' && req.headers
              ? ([headers[p.name.toLowerCase()]].flat()[0] ?? undefined)
              : undefined
      if (p.in === 'query') declared.add(p.name)
      if (raw === undefined) {
        if (p.required && (p.in !== 'header' || req.headers))
          errors.push({
            field: p.name,
            message: `The ${p.name} ${p.in === 'header' ? 'header' : 'field'} is required.`,
          })
        continue
      }
      if (!p.schema) continue
      errors.push(...fieldErrors(p.name, this.check(`${op.key}:${p.in}:${p.name}`, p.schema, coerce(p.schema, raw))))
    }
    if (op.pagedByLink) declared.add(LINK_CURSOR)
    for (const name of new Set(u.searchParams.keys()))
      if (!declared.has(name)) warnings.push(`query ${name} is not a parameter of ${op.key}`)
    const hasBody = req.body !== undefined && req.body !== null && req.body !== ''
    if (op.body) {
      if (!hasBody && op.body.required) errors.push({ field: '', message: 'A non-empty request body is required.' })
      if (hasBody) errors.push(...fieldErrors('', this.check(`${op.key}:body`, op.body.schema, req.body)))
    } else if (hasBody) warnings.push(`${op.key} takes no body`)
    return { operation: op, pathParams, errors, warnings }
  }

  /** What the document declares for this status, checked against the body sent. */
  validateResponse(key: string, status: number, body: unknown): string[] {
    const op = this.operation(key)
    const spec = op.responses[String(status)] ?? op.responses.default
    if (!spec) return [`${op.key} declares no ${status} response`]
    const empty = body === undefined || body === null || body === ''
    if (!spec.schema) return empty ? [] : [`${op.key} ${status} declares no body, got one`]
    if (empty) return [`${op.key} ${status} must have a body`]
    return fieldErrors('', this.check(`${op.key}:${status}`, spec.schema, body)).map(
      (e) => `response ${status} ${e.field || '(body)'}: ${e.message}`,
    )
  }

  /**
   * The status and body ShipBob documents for a refused request: 400 where declared, else 422;
   * a field → messages map (Orders), RFC 7807 ProblemDetails (Inventory, Products), or ASP.NET's
   * serialised ObjectResult (Webhooks), whichever the operation's schema is.
   */
  refusal(op: ShipBobOperation, errors: FieldError[]): { status: number; body: unknown } {
    const status = op.responses['400'] ? 400 : op.responses['422'] ? 422 : 400
    const map: Record<string, string[]> = {}
    for (const e of errors) (map[e.field] ??= []).push(e.message)
    const schema = op.responses[String(status)]?.schema as Json | undefined
    const target = this.resolve(schema)
    const props = (target?.properties ?? {}) as Json
    if ('$type' in props)
      return { status, body: { $type: 'UnprocessableEntityObjectResult', status_code: status, value: map } }
    if ('title' in props || 'detail' in props) {
      const detail = errors.map((e) => (e.field ? `${e.field}: ${e.message}` : e.message)).join(' ')
      return {
        status,
        body: { type: 'https://tools.ietf.org/html/rfc9110#section-15.5.1', title: 'Bad Request', status, detail },
      }
    }
    return { status, body: map }
  }

  private resolve(schema: Json | undefined): Json | undefined {
    const root = this.ajv.getSchema(DOC_ID)?.schema as { components: { schemas: Json } } | undefined
    return this.resolveIn(root?.components.schemas ?? {}, schema)
  }

  /** A (prepared) schema with its $ref followed, in the raw or prepared component table. */
  private resolveIn(schemas: Json, schema: unknown): (Json & { properties?: Json }) | undefined {
    const s = schema as Json | undefined
    const ref = s?.$ref
    if (typeof ref !== 'string') return s
    return this.resolveIn(schemas, schemas[ref.split('/').pop()!])
  }
}

let shared: ShipBobContract | undefined

/** The contract compiled once per process. */
export function shipBobContract(): ShipBobContract {
  shared ??= new ShipBobContract()
  return shared
}
