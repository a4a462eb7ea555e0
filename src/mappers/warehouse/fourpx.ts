// 4PX (递四方) FOP open-platform warehouse shapes ↔ crossdock canonical records. Pure. Field names
// follow the unofficial FOP Java SDK (EalenXie/sdk-all, fop-sdk/.../fulfillment/*.java) as
// summarised in /work/shared/specs/erp-3pl.md §A3: outbound (出库委托) create/list/cancel,
// inventory rows per warehouse and batch, and com.basis.warehouse.getlist.
import type { OrderPushItem, PulledItem, RecordError } from '../../model/records.ts'
import {
  applyNegativePolicy,
  check,
  InventoryLevelSchema,
  LocationSchema,
  ShipmentSchema,
  type InventoryLevel,
  type NegativeCountPolicy,
  type Shipment,
  type Unsellable,
} from '../../model/index.ts'
import { canonicalCarrier, trackingUrlFor } from './carriers.ts'
import { facilityFor, facilityIdForCode, toLocation, unmappedFacilityMessage, type FacilityMap } from './facilities.ts'
import type { AllocationStatusValue } from './shipbob.ts'

/** N draft, S outbound in progress, P picked, C shipped out, X cancelled, D deleted, E exception */
export type FpxStatus = 'N' | 'S' | 'P' | 'C' | 'X' | 'D' | 'E'

export interface FpxOutboundCreate {
  ref_no: string
  from_warehouse_code: string
  /** S standard outbound */
  consignment_type: 'S'
  logistics_service_info: { logistics_product_code: string; signature_service?: 'Y' | 'N' }
  sales_no?: string
  remark?: string
  oconsignment_desc: {
    country: string
    state?: string
    city?: string
    post_code?: string
    street: string
    house_number?: string
    company?: string
    first_name: string
    last_name?: string
    phone: string
    email?: string
  }
  /** at most 100 SKUs */
  oconsignment_sku: { sku_code: string; qty: number; stock_quality: 'G' }[]
}

export interface FpxOutbound {
  consignment_no: string
  ref_no?: string | null
  '4px_tracking_no'?: string | null
  /** the last-mile carrier's number */
  shipping_no?: string | null
  carrier_code?: string | null
  logistics_product_code?: string | null
  from_warehouse_code?: string | null
  status?: FpxStatus
  /** the SDK's comments swap sub_status and consignment_type; read as the exception sub-status G/B/R/S */
  sub_status?: string | null
  /** epoch milliseconds */
  create_time?: number | null
  update_time?: number | null
  complete_time?: number | null
  error_message_origin?: string | null
  outboundlist_sku?: { sku_code?: string | null; qty?: number | null; stock_quality?: string | null }[] | null
}

export interface FpxInventoryRow {
  warehouse_code: string
  sku_code: string
  sku_id?: string | null
  batch_no?: string | null
  /** numbers often come back as strings ("10335"), specs/erp-3pl.md §A2 */
  available_stock?: number | string | null
  /** 待出库存: waiting to go out (reserved) */
  pending_stock?: number | string | null
  onway_stock?: number | string | null
  /** G good, B damaged, C contraband, W wet, M mould, E exception */
  stock_quality?: string | null
}

export interface FpxWarehouse {
  warehouse_code: string
  warehouse_name_cn?: string | null
  warehouse_name_en?: string | null
  country?: string | null
  service_code?: string | null
}

const MAX_SKUS = 100

function ms(t: number | null | undefined): string | undefined {
  return typeof t === 'number' && Number.isFinite(t) && t > 0 ? new Date(t).toISOString() : undefined
}

export function toFourPxOutbound(
  item: OrderPushItem,
  o: { logisticsProductCode?: string; facilities: FacilityMap },
): { ok: true; body: FpxOutboundCreate } | { ok: false; errors: RecordError[] } {
  const { order } = item
  const a = order.shippingAddress
  const name = a?.name?.trim() || order.buyer?.name?.trim()
  const phone = a?.phone?.trim() || order.buyer?.phone?.trim()
  const code = item.allocation?.locationCode
  const warehouse = item.locationExternalId ?? (code ? facilityIdForCode(o.facilities, code) : undefined)
  const errors: RecordError[] = []
  if (!a)
    errors.push({
      code: 'MAPPING_FIELD_MISSING',
      field: 'order.shippingAddress',
      message: 'a 3PL order needs a shipping address',
    })
  if (a && !name)
    errors.push({
      code: 'MAPPING_FIELD_MISSING',
      field: 'order.shippingAddress.name',
      message: 'the recipient has no name',
    })
  if (a && !a.line1?.trim())
    errors.push({
      code: 'MAPPING_FIELD_MISSING',
      field: 'order.shippingAddress.line1',
      message: 'the address has no street',
    })
  // 4PX requires the consignee's phone (oconsignment_desc.phone*)
  if (a && !phone)
    errors.push({
      code: 'MAPPING_FIELD_MISSING',
      field: 'order.shippingAddress.phone',
      message: '4PX needs the recipient phone number',
    })
  if (!warehouse)
    errors.push({
      code: 'MAPPING_FIELD_MISSING',
      field: 'allocation.locationCode',
      message: `location ${code ?? '(none)'} has no 4PX warehouse code in the facility map`,
    })
  if (!o.logisticsProductCode)
    errors.push({
      code: 'MAPPING_FIELD_MISSING',
      field: 'settings.shippingMethod',
      message: 'set the 4PX logistics product code in settings.shippingMethod',
    })
  if (item.lines.length === 0 || item.lines.length > MAX_SKUS)
    errors.push({
      code: 'MAPPING_INVALID',
      field: 'lines',
      message: `4PX takes 1 to ${MAX_SKUS} SKUs per outbound order`,
    })
  if (errors.length > 0 || !a || !name || !phone || !warehouse || !o.logisticsProductCode) return { ok: false, errors }
  const street = [a.line1!.trim(), a.line2?.trim()].filter(Boolean).join(', ')
  const body: FpxOutboundCreate = {
    ref_no: item.key,
    from_warehouse_code: warehouse,
    consignment_type: 'S',
    logistics_service_info: { logistics_product_code: o.logisticsProductCode, signature_service: 'N' },
    sales_no: order.externalNumber ?? order.externalId,
    oconsignment_desc: {
      country: a.country,
      street,
      first_name: name,
      phone,
      ...(a.region ? { state: a.region } : {}),
      ...(a.city ? { city: a.city } : {}),
      ...(a.postalCode ? { post_code: a.postalCode } : {}),
      ...(a.company ? { company: a.company } : {}),
      ...(order.buyer?.email ? { email: order.buyer.email } : {}),
    },
    oconsignment_sku: item.lines.map((l) => ({
      sku_code: l.externalSku ?? l.sku,
      qty: l.quantity,
      stock_quality: 'G',
    })),
  }
  return { ok: true, body }
}

/** A shipped-out (C) consignment with a number → a shipment record for our allocation (ref_no). */
export function fourPxShipmentItem(o: FpxOutbound): PulledItem | null {
  const number = (o.shipping_no || o['4px_tracking_no'] || '').trim()
  if (o.status !== 'C' || !number) return null
  const externalId = o.consignment_no
  const carrier = o.carrier_code?.trim() ? canonicalCarrier(o.carrier_code) : '4PX'
  const url = trackingUrlFor(carrier, number)
  const bySku = new Map<string, number>()
  for (const s of o.outboundlist_sku ?? [])
    if (s.sku_code && s.qty) bySku.set(s.sku_code, (bySku.get(s.sku_code) ?? 0) + s.qty)
  const value: Shipment = {
    externalId,
    carrier,
    trackingNumber: number,
    shippedAt: ms(o.complete_time) ?? ms(o.update_time) ?? '',
    lines: [...bySku].map(([sku, quantity]) => ({ sku, quantity })),
    ...(o.logistics_product_code ? { service: o.logistics_product_code } : {}),
    ...(url ? { trackingUrl: url } : {}),
  }
  const checked = check(ShipmentSchema, value)
  if (!checked.ok) {
    const e = checked.errors[0]!
    return {
      externalId,
      raw: o,
      error: {
        code: 'MAPPING_INVALID',
        field: `shipment${e.field}`,
        message: checked.errors.map((x) => `${x.field} ${x.message}`).join('; '),
      },
    }
  }
  return {
    externalId,
    raw: o,
    records: [{ type: 'shipment', value: checked.value, reference: o.ref_no ? { allocationId: o.ref_no } : {} }],
    bindings: [{ entity: 'shipment', canonicalKey: externalId, externalId }],
  }
}

const SUB_STATUS: Record<string, string> = {
  G: 'in arrears',
  B: 'billing error',
  R: 'review failed',
  S: 'out of stock',
}

export function fourPxAllocationStatus(o: Pick<FpxOutbound, 'status' | 'sub_status'>): AllocationStatusValue {
  switch (o.status) {
    case 'C':
      return 'shipped'
    case 'X':
    case 'D':
      return 'cancelled'
    case 'E':
      return o.sub_status === 'S' ? 'backordered' : 'rejected'
    default:
      return 'accepted'
  }
}

export function fourPxStatusItem(o: FpxOutbound): PulledItem {
  const externalId = o.consignment_no
  if (!o.ref_no)
    return {
      externalId,
      raw: o,
      error: {
        code: 'MAPPING_FIELD_MISSING',
        field: 'ref_no',
        message: 'the consignment has no ref_no, so it is not one crossdock sent',
      },
    }
  const detail = o.status === 'E' ? (SUB_STATUS[o.sub_status ?? ''] ?? o.error_message_origin ?? undefined) : undefined
  const message = [o.status ?? 'unknown', detail].filter(Boolean).join(': ')
  return {
    externalId,
    raw: o,
    records: [
      {
        type: 'document_status',
        value: { reference: o.ref_no, status: fourPxAllocationStatus(o), externalId, message },
      },
    ],
  }
}

/** A warehouse counts what is on its shelves: a negative count is its error, not a debt. */
export const FOURPX_NEGATIVE_POLICY: NegativeCountPolicy = 'clamp'

/** Which unsellable bucket a non-good stock quality goes to: B damaged, W wet, M mould, E exception, C contraband… */
function unsellableKind(quality: string): keyof Unsellable {
  if (quality === 'B' || quality === 'W' || quality === 'M') return 'damaged'
  if (quality === 'E') return 'exception'
  return 'quarantine'
}

const count = (n: number | string | null | undefined): number => {
  const v = Number(n ?? 0)
  return Number.isFinite(v) ? Math.trunc(v) : 0
}

/**
 * One warehouse × SKU from its rows (per batch and quality). Good-quality (G) units: available
 * (可用) and awaiting outbound (待出, orders the hub sent: `reserved`, not subtracted). Units of any
 * other quality are on the shelf but unsellable, by kind. onway (在途) is inbound, not on hand.
 */
export function fourPxLevel(sku: string, locationCode: string, rows: FpxInventoryRow[], asOf: string): InventoryLevel {
  let available = 0
  let reserved = 0
  let incoming = 0
  const unsellable: Unsellable = {}
  for (const r of rows) {
    incoming += Math.max(0, count(r.onway_stock))
    const quality = r.stock_quality ?? 'G'
    if (quality === 'G') {
      available += count(r.available_stock)
      reserved += Math.max(0, count(r.pending_stock))
      continue
    }
    const units = Math.max(0, count(r.available_stock)) + Math.max(0, count(r.pending_stock))
    const kind = unsellableKind(quality)
    if (units > 0) unsellable[kind] = (unsellable[kind] ?? 0) + units
  }
  const bad = Object.values(unsellable).reduce((s, n) => s + n, 0)
  const onHand = applyNegativePolicy(available + reserved + bad, FOURPX_NEGATIVE_POLICY)
  return {
    sku,
    locationCode,
    onHand: onHand.count,
    reserved,
    available,
    ...(bad > 0 ? { unsellable } : {}),
    ...(incoming > 0 ? { incoming } : {}),
    ...(onHand.clampedFrom !== undefined ? { clampedFrom: onHand.clampedFrom } : {}),
    asOf,
  }
}

/** Inventory rows → one level per warehouse and SKU (good and unsellable stock together). */
export function fourPxInventoryItems(rows: FpxInventoryRow[], facilities: FacilityMap, asOf: string): PulledItem[] {
  const groups = new Map<string, FpxInventoryRow[]>()
  for (const r of rows) {
    const k = `${r.sku_code}@${r.warehouse_code}`
    groups.set(k, [...(groups.get(k) ?? []), r])
  }
  return [...groups].map(([externalId, rs]) => {
    const { sku_code: sku, warehouse_code: wh } = rs[0]!
    const f = facilityFor(facilities, wh)
    if (!f)
      return {
        externalId,
        raw: rs,
        error: { code: 'MAPPING_FIELD_MISSING', field: 'warehouse_code', message: unmappedFacilityMessage(wh) },
      }
    const checked = check(InventoryLevelSchema, fourPxLevel(sku, f.code, rs, asOf))
    if (!checked.ok)
      return {
        externalId,
        raw: rs,
        error: { code: 'MAPPING_INVALID', message: checked.errors.map((e) => `${e.field} ${e.message}`).join('; ') },
      }
    return {
      externalId,
      raw: rs,
      records: [{ type: 'inventory_level', value: checked.value }],
      bindings: [{ entity: 'variant', canonicalKey: sku, externalId: rs[0]!.sku_id ?? sku, externalSku: sku }],
    }
  })
}

export function fourPxFacilityItem(w: FpxWarehouse, facilities: FacilityMap): PulledItem {
  const f = facilityFor(facilities, w.warehouse_code)
  const name = w.warehouse_name_en ?? w.warehouse_name_cn
  if (!f)
    return {
      externalId: w.warehouse_code,
      raw: w,
      error: {
        code: 'MAPPING_FIELD_MISSING',
        field: 'warehouse_code',
        message: unmappedFacilityMessage(w.warehouse_code, name),
      },
    }
  const checked = check(LocationSchema, toLocation(f, name))
  if (!checked.ok)
    return {
      externalId: w.warehouse_code,
      raw: w,
      error: { code: 'MAPPING_INVALID', message: checked.errors.map((e) => `${e.field} ${e.message}`).join('; ') },
    }
  return {
    externalId: w.warehouse_code,
    raw: w,
    records: [{ type: 'location', value: checked.value }],
    bindings: [{ entity: 'location', canonicalKey: f.code, externalId: w.warehouse_code }],
  }
}
