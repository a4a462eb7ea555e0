// A whole ERP document through a mapping: pick the document type, find the records, evaluate the
// field rules for each and build canonical records. Pure: the body has already been parsed (and
// refused if unsafe) by src/connectors/erp/body.ts; nothing here does I/O.
import type { RecordError } from '../../model/records.ts'
import type { InventoryLevel, Unsellable } from '../../model/index.ts'
import { CrossdockError } from '../../errors.ts'
import { evaluateFields } from './fields.ts'
import { compilePath, rootItem, scalarOf, selectItems, type Item, type PathContext } from './path.ts'
import { buildRecord, type BuiltRecord } from './records.ts'
import { DOCUMENT_TYPES, type DocumentType, type ErpMapping } from './schema.ts'
import { decodeXmlRpc } from './xmlrpc.ts'

/** A body after safe parsing: JSON numbers kept as their source text, XML as an element tree. */
export interface ParsedDocument {
  format: 'json' | 'xml'
  tree: unknown
  /** the XML document element's name */
  rootName?: string
}

export interface MappedRecord extends BuiltRecord {
  /** position of the record in the document (0-based) */
  index: number
  /** the record as the ERP sent it */
  raw: unknown
}

export interface MappedDocument {
  documentType: DocumentType
  mappingVersion: number
  records: MappedRecord[]
}

/** The most records one document may carry; a bigger export should be split by the ERP. */
export const MAX_RECORDS_PER_DOCUMENT = 200_000

export function isDocumentType(s: unknown): s is DocumentType {
  return typeof s === 'string' && (DOCUMENT_TYPES as readonly string[]).includes(s)
}

function docError(message: string, details: Record<string, unknown> = {}): CrossdockError {
  return new CrossdockError('WEBHOOK_PAYLOAD_INVALID', message, { details })
}

/** The tree the mapping reads: XML-RPC bodies decoded to values when the mapping says so. */
export function documentRoot(
  mapping: ErpMapping,
  doc: ParsedDocument,
): { tree: unknown; rootName?: string | undefined } {
  if (doc.format !== 'xml' || mapping.xmlStyle !== 'xmlrpc') return { tree: doc.tree, rootName: doc.rootName }
  const decoded = decodeXmlRpc(doc.rootName, doc.tree)
  if ('fault' in decoded) {
    throw docError(
      `the ERP sent an XML-RPC fault ${decoded.fault.faultCode}: ${decoded.fault.faultString.slice(0, 300)}`,
      { fault: decoded.fault },
    )
  }
  return { tree: decoded.value }
}

function detectType(mapping: ErpMapping, ctx: PathContext): DocumentType | undefined {
  const configured = DOCUMENT_TYPES.filter((t) => mapping.documents[t])
  for (const t of configured) {
    const match = mapping.documents[t]!.match
    if (!match) continue
    const values = selectItems(compilePath(match.path), ctx).map((i) => scalarOf(i.v))
    const hit = values.some((v) => {
      if (v === null || v === undefined || typeof v === 'object') return false
      const s = String(v)
      if (match.equals !== undefined && s !== match.equals) return false
      if (match.pattern !== undefined && !new RegExp(match.pattern).test(s)) return false
      return true
    })
    if (hit) return t
  }
  return configured.length === 1 ? configured[0] : undefined
}

function expand(items: Item[]): Item[] {
  const out: Item[] = []
  for (const it of items) {
    if (Array.isArray(it.v)) for (const el of it.v) out.push({ v: el, p: it.p ?? it })
    else out.push(it)
  }
  return out
}

/**
 * Map a parsed document. `documentType` comes from the X-Crossdock-Document-Type header when the
 * ERP sends it; otherwise the mapping's match rules decide. Document-level problems (unknown type,
 * an XML-RPC fault, too many records) throw WEBHOOK_PAYLOAD_INVALID; record-level problems are
 * returned on each record, naming the field.
 */
export function mapDocument(
  mapping: ErpMapping,
  doc: ParsedDocument,
  opts: { documentType?: string | undefined } = {},
): MappedDocument {
  const { tree, rootName } = documentRoot(mapping, doc)
  const root = rootItem(tree)
  const docCtx: PathContext = { root, rootName, current: root }
  let documentType: DocumentType | undefined
  if (opts.documentType) {
    if (!isDocumentType(opts.documentType)) {
      throw docError(`unknown document type "${opts.documentType}"; expected one of ${DOCUMENT_TYPES.join(', ')}`)
    }
    documentType = opts.documentType
  } else {
    documentType = detectType(mapping, docCtx)
  }
  if (!documentType)
    throw docError('cannot tell the document type: send X-Crossdock-Document-Type or add a match rule to the mapping')
  const dm = mapping.documents[documentType]
  if (!dm) throw docError(`the mapping (version ${mapping.version}) has no rules for ${documentType} documents`)

  const items = expand(selectItems(compilePath(dm.records), docCtx))
  if (items.length > MAX_RECORDS_PER_DOCUMENT) {
    throw new CrossdockError(
      'PAYLOAD_TOO_LARGE',
      `the document holds ${items.length} records; at most ${MAX_RECORDS_PER_DOCUMENT} per document`,
    )
  }
  const locale = mapping.locale ?? 'en-US'
  const records: MappedRecord[] = items.map((item, index) => {
    const ctx = { mapping, path: { root, rootName, current: item } }
    const values = evaluateFields(dm.fields, ctx)
    const built = buildRecord(documentType, values, dm.fields, locale, `record ${index}`)
    return { ...built, index, raw: item.v }
  })
  return {
    documentType,
    mappingVersion: mapping.version,
    records: resolveDuplicates(records, dm.duplicates ?? 'reject', documentType),
  }
}

function keyField(type: DocumentType): string {
  return type === 'order_ack' ? 'reference' : 'sku'
}

/** Two counts of one SKU in one location (Odoo quants by lot and package) as one. */
function sumLevels(a: InventoryLevel, b: InventoryLevel): Partial<InventoryLevel> {
  const add = (x: number | undefined, y: number | undefined) =>
    x === undefined && y === undefined ? undefined : (x ?? 0) + (y ?? 0)
  const unsellable: Unsellable = {}
  for (const k of new Set([...Object.keys(a.unsellable ?? {}), ...Object.keys(b.unsellable ?? {})]) as Set<
    keyof Unsellable
  >)
    unsellable[k] = (a.unsellable?.[k] ?? 0) + (b.unsellable?.[k] ?? 0)
  const out: Partial<InventoryLevel> = { onHand: a.onHand + b.onHand, reserved: a.reserved + b.reserved }
  const available = add(a.available, b.available)
  const incoming = add(a.incoming, b.incoming)
  if (available !== undefined) out.available = available
  if (incoming !== undefined) out.incoming = incoming
  if (Object.keys(unsellable).length) out.unsellable = unsellable
  return out
}

/** Records sharing a key: summed (stock snapshots that ask for it) or all rejected, naming the others. */
function resolveDuplicates(records: MappedRecord[], mode: 'reject' | 'sum', type: DocumentType): MappedRecord[] {
  const byKey = new Map<string, MappedRecord[]>()
  for (const r of records) {
    if (r.errors.length > 0) continue
    const list = byKey.get(r.key)
    if (list) list.push(r)
    else byKey.set(r.key, [r])
  }
  const dropped = new Set<MappedRecord>()
  for (const [key, list] of byKey) {
    if (list.length < 2) continue
    if (mode === 'sum' && type === 'stock_snapshot') {
      const [first, ...rest] = list
      const level = first!.records[0]!.value as InventoryLevel
      for (const r of rest) {
        Object.assign(level, sumLevels(level, r.records[0]!.value as InventoryLevel))
        dropped.add(r)
      }
      first!.raw = list.map((r) => r.raw)
      continue
    }
    const where = list.map((r) => r.index).join(', ')
    for (const r of list) {
      r.errors.push({
        code: 'VALIDATION_FAILED',
        field: keyField(type),
        message: `${key} appears ${list.length} times in this document (records ${where}); send it once`,
      })
      r.records = []
      r.bindings = []
    }
  }
  return dropped.size === 0 ? records : records.filter((r) => !dropped.has(r))
}

/** Per-record errors of a mapped document, flattened with the record's index and key (for dry runs). */
export function recordErrors(doc: MappedDocument): (RecordError & { index: number; key: string })[] {
  return doc.records.flatMap((r) => r.errors.map((e) => ({ ...e, index: r.index, key: r.key })))
}
