// Outbound documents: the mapping in reverse. A template over the push item (order with its lines,
// or a shipment) renders a value, which is then written as JSON, as XML elements, or as an XML-RPC
// execute_kw call. Money leaves as exact decimal text (JSON gets a raw number literal, never a
// float); dates leave in the ERP's zone; location codes go back through the same lookup tables.
import type { RecordError } from '../../model/records.ts'
import { CrossdockError } from '../../errors.ts'
import { toDecimalText } from './decimal.ts'
import { compilePath, rootItem, selectItems, type Item, type PathContext } from './path.ts'
import type { ErpMapping, OutboundDocument, Transform } from './schema.ts'
import { applyTransforms, isAbsent, RuleFailure } from './transforms.ts'
import { encodeMethodCall, escapeXml, NumericText } from './xmlrpc.ts'

export type OutboundFormat = 'json' | 'xml'

interface FromNode {
  /** one path, or several (first / concat / sum consume them in order) */
  $from: string | string[]
  transforms?: Transform[]
  default?: string | number | boolean
  required?: boolean
  as?: 'string' | 'number' | 'integer' | 'boolean'
}
interface EachNode {
  $each: string
  item: unknown
}

export function isFromNode(n: unknown): n is FromNode {
  if (typeof n !== 'object' || n === null || Array.isArray(n)) return false
  const from = (n as FromNode).$from
  return (
    typeof from === 'string' || (Array.isArray(from) && from.length > 0 && from.every((p) => typeof p === 'string'))
  )
}
export function isEachNode(n: unknown): n is EachNode {
  return typeof n === 'object' && n !== null && !Array.isArray(n) && typeof (n as EachNode).$each === 'string'
}

interface RenderState {
  mapping: ErpMapping
  root: Item
  errors: RecordError[]
}

function coerce(v: unknown, as: FromNode['as'], where: string): unknown {
  if (as === undefined) return v
  if (as === 'string') return String(v)
  if (as === 'boolean') {
    if (typeof v === 'boolean') return v
    throw new RuleFailure('VALIDATION_FAILED', `"${String(v)}" is not true/false`)
  }
  const d = typeof v === 'number' || typeof v === 'string' ? toDecimalText(v) : undefined
  if (d === undefined) throw new RuleFailure('VALIDATION_FAILED', `"${String(v)}" is not a number at ${where}`)
  if (as === 'integer' && d.includes('.')) throw new RuleFailure('VALIDATION_FAILED', `"${d}" is not a whole number`)
  return new NumericText(d)
}

function renderFrom(node: FromNode, current: Item, state: RenderState, where: string): unknown {
  const ctx: PathContext = { root: state.root, current }
  const one = (p: string): unknown => {
    const values = selectItems(compilePath(p), ctx).map((i) => i.v)
    return values.length === 0 ? undefined : values.length === 1 ? values[0] : values
  }
  let v: unknown = typeof node.$from === 'string' ? one(node.$from) : node.$from.map(one)
  const source = typeof node.$from === 'string' ? node.$from : node.$from.join(' + ')
  try {
    v = applyTransforms(v, node.transforms, { mapping: state.mapping, path: ctx })
    if (isAbsent(v) && node.default !== undefined) v = node.default
    if (isAbsent(v)) {
      if (node.required)
        state.errors.push({
          code: 'MAPPING_FIELD_MISSING',
          message: `${where} is required but ${source} is empty`,
          field: where,
        })
      return undefined
    }
    return coerce(v, node.as, where)
  } catch (err) {
    if (!(err instanceof RuleFailure)) throw err
    state.errors.push({ code: err.code, message: `${where}: ${err.message} (from ${source})`, field: where })
    return undefined
  }
}

function render(node: unknown, current: Item, state: RenderState, where: string): unknown {
  if (node === null || typeof node !== 'object') return node
  if (Array.isArray(node)) return node.map((n, i) => render(n, current, state, `${where}[${i}]`))
  if (isFromNode(node)) return renderFrom(node, current, state, where)
  if (isEachNode(node)) {
    const items = selectItems(compilePath(node.$each), { root: state.root, current })
    const expanded = items.flatMap((it) => (Array.isArray(it.v) ? it.v.map((v) => ({ v, p: it })) : [it]))
    return expanded.map((it, i) => render(node.item, it, state, `${where}[${i}]`))
  }
  const out: Record<string, unknown> = {}
  for (const [k, child] of Object.entries(node)) {
    const v = render(child, current, state, where ? `${where}.${k}` : k)
    if (v !== undefined)
      Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true })
  }
  return out
}

/** Render an outbound template over a push item; errors name the template field (DocumentLines[0].ItemCode). */
export function renderOutbound(
  mapping: ErpMapping,
  doc: OutboundDocument,
  source: Record<string, unknown>,
): { value: unknown; errors: RecordError[] } {
  const state: RenderState = { mapping, root: rootItem({ ...source, const: mapping.constants ?? {} }), errors: [] }
  const value = render(doc.body, state.root, state, '')
  return { value, errors: state.errors }
}

const rawJSON = (JSON as unknown as { rawJSON(text: string): unknown }).rawJSON

export function toJsonText(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (v instanceof NumericText ? rawJSON(v.text) : v))
}

function xmlName(name: string): string {
  if (!/^[A-Za-z_][\w.-]*$/.test(name))
    throw new CrossdockError('MAPPING_INVALID', `"${name}" cannot be an XML element or attribute name`)
  return name
}

function scalarText(v: unknown): string {
  if (v instanceof NumericText) return v.text
  return String(v)
}

function element(name: string, v: unknown): string {
  if (v === undefined || v === null) return ''
  if (Array.isArray(v)) return v.map((x) => element(name, x)).join('')
  const tag = xmlName(name)
  if (typeof v !== 'object' || v instanceof NumericText) return `<${tag}>${escapeXml(scalarText(v))}</${tag}>`
  let attrs = ''
  let body = ''
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    if (x === undefined || x === null) continue
    if (k.startsWith('@')) attrs += ` ${xmlName(k.slice(1))}="${escapeXml(scalarText(x))}"`
    else if (k === '#text') body += escapeXml(scalarText(x))
    else body += element(k, x)
  }
  return body === '' ? `<${tag}${attrs}/>` : `<${tag}${attrs}>${body}</${tag}>`
}

export function toXmlText(root: string, value: unknown): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${element(root, value)}`
}

export interface XmlRpcAuth {
  db: string
  uid: string | number
  key: string
}

/** Serialize a rendered document for the wire. XML-RPC style needs the ERP login (Odoo db, uid, API key). */
export function serializeOutbound(
  mapping: ErpMapping,
  doc: OutboundDocument,
  value: unknown,
  format: OutboundFormat,
  auth?: XmlRpcAuth,
): { body: string; contentType: string } {
  if (format === 'json') return { body: toJsonText(value), contentType: 'application/json; charset=utf-8' }
  if (mapping.xmlStyle === 'xmlrpc') {
    if (!doc.xmlrpc)
      throw new CrossdockError('MAPPING_INVALID', 'an XML-RPC outbound document needs xmlrpc.model and xmlrpc.method')
    if (!auth)
      throw new CrossdockError(
        'MAPPING_INVALID',
        'XML-RPC documents need the ERP login (credentials.xmlrpc: db, uid, key)',
      )
    const args = Array.isArray(value) ? value : [value]
    const params = [auth.db, new NumericText(String(auth.uid)), auth.key, doc.xmlrpc.model, doc.xmlrpc.method, args]
    return { body: encodeMethodCall('execute_kw', params), contentType: 'text/xml; charset=utf-8' }
  }
  return { body: toXmlText(doc.xmlRoot ?? 'Document', value), contentType: 'application/xml; charset=utf-8' }
}
