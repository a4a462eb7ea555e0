// Canonical records from evaluated fields, one builder per ERP document type, each checked with
// the model's schema so a bad value is reported against the mapping's field name (hsCode, not
// /variants/0/hsCode). Money goes through parseMoney from decimal text, never through a float.
import type { BindingHint, CanonicalRecord, RecordError } from '../../model/records.ts'
import {
  applyNegativePolicy,
  InventoryLevelSchema,
  ProductSchema,
  type Product,
  type Unsellable,
  type Variant,
} from '../../model/index.ts'
import { isKnownCurrency } from '../../model/currency.ts'
import { MoneyError, parseMoney, type Rounding } from '../../model/money.ts'
import { check } from '../../model/validate.ts'
import { decimalToInteger, toDecimalText } from './decimal.ts'
import type { FieldValues } from './fields.ts'
import type { DocumentType, FieldRule } from './schema.ts'

/** Stock the ERP names as unsellable (quarantine, blocked, damaged…): counted in onHand, never sold. */
const UNSELLABLE_FIELDS = [
  'damaged',
  'qualityControl',
  'safetyStock',
  'reservedElsewhere',
  'exception',
  'quarantine',
] as const

export interface BuiltRecord {
  /** the record's key at the ERP (SKU, SKU@location, reference): receipts list results by it */
  key: string
  records: CanonicalRecord[]
  bindings: BindingHint[]
  errors: RecordError[]
}

/** The canonical field names each document type reads; `title.<locale>` and `option.<Name>` are patterns. */
export const KNOWN_FIELDS: Record<DocumentType, { required: string[]; optional: string[]; patterns?: RegExp[] }> = {
  item_master: {
    required: ['sku', 'title'],
    optional: [
      'handle',
      'description',
      'vendor',
      'productType',
      'status',
      'active',
      'barcode',
      'barcodeType',
      'hsCode',
      'countryOfOrigin',
      'weight',
      'weightUnit',
      'length',
      'width',
      'height',
      'dimensionUnit',
      'externalId',
      'productExternalId',
    ],
    patterns: [/^title\.[a-z]{2,3}(-[A-Z]{2})?$/, /^description\.[a-z]{2,3}(-[A-Z]{2})?$/, /^option\..+$/],
  },
  price_list: { required: ['sku', 'amount', 'currency'], optional: ['priceList', 'rounding', 'externalId'] },
  stock_snapshot: {
    required: ['sku', 'locationCode', 'onHand'],
    optional: [
      'reserved',
      'available',
      'asOf',
      'locationExternalId',
      ...UNSELLABLE_FIELDS,
      'incoming',
      'negativeStock',
    ],
  },
  stock_delta: { required: ['sku', 'locationCode', 'delta', 'reference'], optional: ['reason', 'locationExternalId'] },
  order_ack: { required: ['reference', 'status'], optional: ['externalId', 'message'] },
}

class Reader {
  readonly errors: RecordError[]
  constructor(
    private f: FieldValues,
    private fields: Record<string, FieldRule>,
  ) {
    this.errors = [...f.errors]
  }
  private failed(name: string): boolean {
    return this.errors.some((e) => e.field === name)
  }
  private bad(name: string, message: string): undefined {
    if (!this.failed(name))
      this.errors.push({
        code: 'VALIDATION_FAILED',
        message: `${name}: ${message} (from ${this.f.sourceOf(name)})`,
        field: name,
      })
    return undefined
  }
  missing(name: string): undefined {
    if (this.failed(name)) return undefined
    const how = this.fields[name] ? `${this.f.sourceOf(name)} is empty or absent` : 'the mapping has no rule for it'
    this.errors.push({ code: 'MAPPING_FIELD_MISSING', message: `${name} is required but ${how}`, field: name })
    return undefined
  }
  has(name: string): boolean {
    return this.f.values.has(name)
  }
  str(name: string, required = false): string | undefined {
    const v = this.f.values.get(name)
    if (v === undefined) return required ? this.missing(name) : undefined
    if (typeof v === 'object') return this.bad(name, 'expected text')
    const s = String(v).trim()
    return s === '' ? (required ? this.missing(name) : undefined) : s
  }
  int(name: string, required = false, min?: number): number | undefined {
    const v = this.f.values.get(name)
    if (v === undefined) return required ? this.missing(name) : undefined
    const d = typeof v === 'number' || typeof v === 'string' ? toDecimalText(v) : undefined
    const n = d === undefined ? undefined : decimalToInteger(d)
    if (n === undefined) return this.bad(name, `"${String(v)}" is not a whole number`)
    if (min !== undefined && n < min) return this.bad(name, `${n} is below ${min}`)
    return n
  }
  num(name: string): number | undefined {
    const v = this.f.values.get(name)
    if (v === undefined) return undefined
    const d = typeof v === 'number' || typeof v === 'string' ? toDecimalText(v) : undefined
    if (d === undefined) return this.bad(name, `"${String(v)}" is not a number`)
    const n = Number(d)
    if (n < 0) return this.bad(name, `${d} is negative`)
    return n
  }
  decimal(name: string, required = false): string | undefined {
    const v = this.f.values.get(name)
    if (v === undefined) return required ? this.missing(name) : undefined
    const d = typeof v === 'number' || typeof v === 'string' ? toDecimalText(v) : undefined
    return d ?? this.bad(name, `"${String(v)}" is not a number`)
  }
  bool(name: string): boolean | undefined {
    const v = this.f.values.get(name)
    if (v === undefined || typeof v === 'boolean') return v
    return this.bad(name, `"${String(v)}" is not true/false; add a boolean transform`)
  }
  oneOf<T extends string>(name: string, allowed: readonly T[]): T | undefined {
    const s = this.str(name)
    if (s === undefined) return undefined
    if (!(allowed as readonly string[]).includes(s))
      return this.bad(name, `"${s}" is not one of ${allowed.join(', ')}; add a lookup transform`)
    return s as T
  }
  /** the unit a field was converted to, when its rule ends in a unit transform */
  unitOf(name: string): string | undefined {
    const ts = this.fields[name]?.transforms ?? []
    for (let i = ts.length - 1; i >= 0; i--) {
      const t = ts[i]!
      if (t.op === 'unit') return t.to
    }
    return undefined
  }
  schemaErrors(errors: { field: string; message: string }[], fieldFor: (pointer: string) => string): void {
    for (const e of errors) {
      const name = fieldFor(e.field)
      this.bad(name, e.message)
    }
  }
  localized(base: string, locale: string): Record<string, string> | undefined {
    const out: Record<string, string> = {}
    const plain = this.str(base)
    if (plain !== undefined) out[locale] = plain
    for (const name of this.f.values.keys()) {
      if (name.startsWith(base + '.')) {
        const s = this.str(name)
        if (s !== undefined) out[name.slice(base.length + 1)] = s
      }
    }
    return Object.keys(out).length > 0 ? out : undefined
  }
  prefixed(prefix: string): Record<string, string> | undefined {
    const out: Record<string, string> = {}
    for (const name of this.f.values.keys()) {
      if (name.startsWith(prefix)) {
        const s = this.str(name)
        if (s !== undefined) out[name.slice(prefix.length)] = s
      }
    }
    return Object.keys(out).length > 0 ? out : undefined
  }
}

function barcodeType(value: string): 'EAN' | 'UPC' | 'GTIN' | 'OTHER' {
  if (!/^\d+$/.test(value)) return 'OTHER'
  if (value.length === 12) return 'UPC'
  if (value.length === 13 || value.length === 8) return 'EAN'
  if (value.length === 14) return 'GTIN'
  return 'OTHER'
}

const VARIANT_POINTER: Record<string, string> = {
  sku: 'sku',
  barcode: 'barcode',
  hsCode: 'hsCode',
  countryOfOrigin: 'countryOfOrigin',
  weight: 'weight',
  dimensions: 'length',
  active: 'active',
  options: 'option',
  title: 'title',
}

function productField(pointer: string): string {
  const parts = pointer.split('/').filter(Boolean)
  if (parts[0] === 'variants') {
    const f = parts[2] ?? 'sku'
    if (f === 'barcode') return parts[3] === 'type' ? 'barcodeType' : 'barcode'
    if (f === 'weight') return parts[3] === 'unit' ? 'weightUnit' : 'weight'
    if (f === 'dimensions') return parts[3] === 'unit' ? 'dimensionUnit' : (parts[3] ?? 'length')
    return VARIANT_POINTER[f] ?? f
  }
  return parts[0] ?? 'record'
}

function buildProduct(r: Reader, locale: string): Omit<BuiltRecord, 'errors'> | undefined {
  const sku = r.str('sku', true)
  const title = r.localized('title', locale) ?? r.missing('title')
  const variant: Variant = { sku: sku ?? '' }
  const barcode = r.str('barcode')
  if (barcode !== undefined) {
    const type = r.oneOf('barcodeType', ['GTIN', 'EAN', 'UPC', 'JAN', 'ISBN', 'OTHER'] as const) ?? barcodeType(barcode)
    variant.barcode = { type, value: barcode }
  }
  const hsCode = r.str('hsCode')
  if (hsCode !== undefined) variant.hsCode = hsCode
  const origin = r.str('countryOfOrigin')
  if (origin !== undefined) variant.countryOfOrigin = origin.toUpperCase()
  const weight = r.num('weight')
  if (weight !== undefined) {
    const unit = r.oneOf('weightUnit', ['g', 'kg', 'lb', 'oz'] as const) ?? r.unitOf('weight')
    if (unit) variant.weight = { value: weight, unit: unit as 'g' }
    else r.missing('weightUnit')
  }
  const dims = ['length', 'width', 'height'].map((d) => r.num(d))
  if (dims.some((d) => d !== undefined)) {
    const unit = r.oneOf('dimensionUnit', ['mm', 'cm', 'm', 'in'] as const) ?? r.unitOf('length')
    const missing = ['length', 'width', 'height'].filter((_, i) => dims[i] === undefined)
    for (const m of missing) r.missing(m)
    if (!unit) r.missing('dimensionUnit')
    else if (missing.length === 0)
      variant.dimensions = { length: dims[0]!, width: dims[1]!, height: dims[2]!, unit: unit as 'cm' }
  }
  const active = r.bool('active')
  if (active !== undefined) variant.active = active
  const options = r.prefixed('option.')
  if (options) variant.options = options
  const status =
    r.oneOf('status', ['active', 'draft', 'archived'] as const) ?? (active === false ? 'archived' : 'active')
  const product: Product = { handle: r.str('handle') ?? sku ?? '', title: title ?? {}, status, variants: [variant] }
  const description = r.localized('description', locale)
  if (description) product.description = description
  const vendor = r.str('vendor')
  if (vendor !== undefined) product.vendor = vendor
  const productType = r.str('productType')
  if (productType !== undefined) product.productType = productType
  if (sku === undefined || title === undefined) return undefined
  const checked = check(ProductSchema, product)
  if (!checked.ok) {
    r.schemaErrors(checked.errors, productField)
    return undefined
  }
  const bindings: BindingHint[] = [
    { entity: 'variant', canonicalKey: sku, externalId: r.str('externalId') ?? sku, externalSku: sku },
  ]
  const productExternalId = r.str('productExternalId')
  if (productExternalId !== undefined)
    bindings.push({ entity: 'product', canonicalKey: product.handle, externalId: productExternalId })
  return { key: sku, records: [{ type: 'product', value: product }], bindings }
}

function buildPrice(r: Reader): Omit<BuiltRecord, 'errors'> | undefined {
  const sku = r.str('sku', true)
  const amount = r.decimal('amount', true)
  const currency = r.str('currency', true)?.toUpperCase()
  const rounding = r.oneOf('rounding', ['exact', 'half-even', 'half-up'] as const) ?? 'exact'
  const priceList = r.str('priceList')
  if (currency !== undefined && !isKnownCurrency(currency))
    r.schemaErrors([{ field: 'currency', message: `unknown currency "${currency}"` }], () => 'currency')
  if (sku === undefined || amount === undefined || currency === undefined || !isKnownCurrency(currency))
    return undefined
  let price
  try {
    price = parseMoney(amount, currency, rounding as Rounding | 'exact')
  } catch (err) {
    if (!(err instanceof MoneyError)) throw err
    r.schemaErrors([{ field: 'amount', message: err.message }], () => 'amount')
    return undefined
  }
  const value = { sku, price, ...(priceList !== undefined ? { priceList } : {}) }
  return {
    key: `${sku}:${currency}${priceList !== undefined ? `:${priceList}` : ''}`,
    records: [{ type: 'price', value }],
    bindings: [],
  }
}

function locationBinding(r: Reader, locationCode: string): BindingHint[] {
  const ext = r.str('locationExternalId')
  return ext === undefined ? [] : [{ entity: 'location', canonicalKey: locationCode, externalId: ext }]
}

/**
 * A stock count. onHand is what the ERP has in the location, unsellable parts included; what it
 * holds for its own documents is `reserved` when those are the hub's orders, `reservedElsewhere`
 * when they are not. A negative onHand is kept (`negativeStock: allow`, the default: ERPs such as
 * SAP B1 and Odoo can allow negative stock, a debt the next receipt covers) or counted as 0
 * (`clamp`), as the mapping says with a constant field.
 */
function buildLevel(r: Reader): Omit<BuiltRecord, 'errors'> | undefined {
  const sku = r.str('sku', true)
  const locationCode = r.str('locationCode', true)
  const counted = r.int('onHand', true)
  const reserved = r.int('reserved', false, 0) ?? 0
  const available = r.int('available')
  const incoming = r.int('incoming', false, 0)
  const policy = r.oneOf('negativeStock', ['allow', 'clamp'] as const) ?? 'allow'
  const unsellable: Unsellable = {}
  for (const name of UNSELLABLE_FIELDS) {
    const n = r.int(name, false, 0)
    if (n) unsellable[name] = n
  }
  const asOf = r.str('asOf')
  if (sku === undefined || locationCode === undefined || counted === undefined || r.errors.length > 0) return undefined
  const onHand = applyNegativePolicy(counted, policy)
  const value = {
    sku,
    locationCode,
    onHand: onHand.count,
    reserved,
    ...(available !== undefined ? { available } : {}),
    ...(Object.keys(unsellable).length ? { unsellable } : {}),
    ...(incoming ? { incoming } : {}),
    ...(onHand.clampedFrom !== undefined ? { clampedFrom: onHand.clampedFrom } : {}),
    ...(asOf !== undefined ? { asOf } : {}),
  }
  const checked = check(InventoryLevelSchema, value)
  if (!checked.ok) {
    r.schemaErrors(checked.errors, (p) => p.split('/').filter(Boolean)[0] ?? 'record')
    return undefined
  }
  return {
    key: `${sku}@${locationCode}`,
    records: [{ type: 'inventory_level', value }],
    bindings: locationBinding(r, locationCode),
  }
}

function buildDelta(r: Reader): Omit<BuiltRecord, 'errors'> | undefined {
  const sku = r.str('sku', true)
  const locationCode = r.str('locationCode', true)
  const delta = r.int('delta', true)
  const reference = r.str('reference', true)
  const reason = r.oneOf('reason', ['receipt', 'adjustment', 'return'] as const) ?? 'adjustment'
  if (delta === 0) r.schemaErrors([{ field: 'delta', message: 'a movement of 0 units' }], () => 'delta')
  if (
    sku === undefined ||
    locationCode === undefined ||
    delta === undefined ||
    reference === undefined ||
    r.errors.length > 0
  )
    return undefined
  return {
    key: `${reference}:${sku}@${locationCode}`,
    records: [{ type: 'inventory_delta', value: { sku, locationCode, delta, reason, reference } }],
    bindings: locationBinding(r, locationCode),
  }
}

function buildAck(r: Reader): Omit<BuiltRecord, 'errors'> | undefined {
  const reference = r.str('reference', true)
  const status = r.str('status', true)
  const externalId = r.str('externalId')
  const message = r.str('message')
  if (reference === undefined || status === undefined) return undefined
  const value = {
    reference,
    status,
    ...(externalId !== undefined ? { externalId } : {}),
    ...(message !== undefined ? { message } : {}),
  }
  const bindings: BindingHint[] =
    externalId !== undefined ? [{ entity: 'order', canonicalKey: reference, externalId }] : []
  return { key: reference, records: [{ type: 'document_status', value }], bindings }
}

/** Build the canonical record for one evaluated record; `fallbackKey` names it when its own key cannot be read. */
export function buildRecord(
  type: DocumentType,
  f: FieldValues,
  fields: Record<string, FieldRule>,
  locale: string,
  fallbackKey: string,
): BuiltRecord {
  const r = new Reader(f, fields)
  let built: Omit<BuiltRecord, 'errors'> | undefined
  switch (type) {
    case 'item_master':
      built = buildProduct(r, locale)
      break
    case 'price_list':
      built = buildPrice(r)
      break
    case 'stock_snapshot':
      built = buildLevel(r)
      break
    case 'stock_delta':
      built = buildDelta(r)
      break
    case 'order_ack':
      built = buildAck(r)
      break
  }
  if (!built || r.errors.length > 0) {
    const key = (f.values.get('sku') ?? f.values.get('reference')) as string | undefined
    return {
      key: typeof key === 'string' && key.trim() !== '' ? key.trim() : fallbackKey,
      records: [],
      bindings: [],
      errors: r.errors,
    }
  }
  return { ...built, errors: [] }
}
