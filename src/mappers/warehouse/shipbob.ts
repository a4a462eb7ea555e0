// ShipBob 2026-01 shapes ↔ crossdock canonical records. Pure: no I/O, no clock (callers pass
// `asOf`), no logging. Every function returns what a pull or a webhook hands to the hub —
// PulledItems with the raw payload, the canonical records and the binding hints — so a shipment
// that arrives by webhook and the same shipment found by a pull produce identical records.
import type { BindingHint, CanonicalRecord, OrderPushItem, PulledItem, RecordError } from '../../model/records.ts'
import type { Static } from 'typebox'
import {
  AllocationStatus,
  applyNegativePolicy,
  check,
  InventoryLevelSchema,
  isHttpUrl,
  LocationSchema,
  ShipmentSchema,
  toDecimalString,
  toUtcIso,
  type InventoryLevel,
  type NegativeCountPolicy,
  type Shipment,
} from '../../model/index.ts'
import { canonicalCarrier, trackingUrlFor } from './carriers.ts'
import { facilityFor, facilityIdForCode, toLocation, unmappedFacilityMessage, type FacilityMap } from './facilities.ts'
import type {
  SbCreateOrder,
  SbFcQuantity,
  SbFulfillmentCenter,
  SbInventoryByFc,
  SbOrder,
  SbOrderStatus,
  SbShipment,
} from './shipbob-types.ts'

export type AllocationStatusValue = Static<typeof AllocationStatus>

/**
 * ShipBob timestamps carry `Z` in its examples; where one arrives without an offset it is read as
 * UTC, which is what ShipBob documents for its dates (requested_delivery_date "in UTC").
 */
export function shipBobTime(text: string | null | undefined): string | undefined {
  if (!text) return undefined
  const t = text.trim()
  if (/^\d{4}-\d{2}-\d{2}$/.test(t)) return `${t}T00:00:00.000Z`
  try {
    return toUtcIso(/(Z|[+-]\d{2}:?\d{2})$/i.test(t) ? t : `${t}Z`)
  } catch {
    return undefined
  }
}

function fieldErrors(errors: { field: string; message: string }[], prefix: string): RecordError {
  const first = errors[0]
  return {
    code: 'MAPPING_INVALID',
    message: errors.map((e) => `${prefix}${e.field} ${e.message}`).join('; '),
    field: `${prefix}${first?.field ?? ''}`,
  }
}

// ---- outbound orders ----------------------------------------------------------------------

export interface ShipBobOrderOptions {
  /** the merchant's Ship Option mapping name; ShipBob defaults unknown names to Standard */
  shippingMethod: string
  facilities: FacilityMap
}

/** An allocation as a ShipBob order, or the fields that stop it from being one. */
export function toShipBobOrder(
  item: OrderPushItem,
  o: ShipBobOrderOptions,
): { ok: true; body: SbCreateOrder } | { ok: false; errors: RecordError[] } {
  const { order } = item
  const a = order.shippingAddress
  const errors: RecordError[] = []
  const name = a?.name?.trim() || order.buyer?.name?.trim()
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
      message: 'the address has no first line',
    })
  if (a && !a.city?.trim())
    errors.push({
      code: 'MAPPING_FIELD_MISSING',
      field: 'order.shippingAddress.city',
      message: 'the address has no city',
    })
  if (item.lines.length === 0)
    errors.push({ code: 'MAPPING_FIELD_MISSING', field: 'lines', message: 'nothing to ship' })
  item.lines.forEach((l, i) => {
    if (!Number.isInteger(l.quantity) || l.quantity < 1)
      errors.push({
        code: 'MAPPING_INVALID',
        field: `lines/${i}/quantity`,
        message: 'quantity must be a positive integer',
      })
  })
  if (errors.length > 0 || !a || !name) return { ok: false, errors }

  const locationCode = item.allocation?.locationCode
  const facilityId =
    item.locationExternalId ?? (locationCode ? facilityIdForCode(o.facilities, locationCode) : undefined)
  if (locationCode && facilityId === undefined) {
    return {
      ok: false,
      errors: [
        {
          code: 'MAPPING_FIELD_MISSING',
          field: 'allocation.locationCode',
          message: `location ${locationCode} has no facility in this connection's facility map`,
        },
      ],
    }
  }
  const titles = new Map(order.lines.map((l) => [l.sku, l.title]))
  const body: SbCreateOrder = {
    reference_id: item.key,
    order_number: order.externalNumber ?? order.externalId,
    shipping_method: o.shippingMethod,
    type: 'DTC',
    recipient: {
      name,
      address: {
        address1: a.line1!.trim(),
        address2: a.line2 ?? null,
        city: a.city!.trim(),
        state: a.region ?? null,
        zip_code: a.postalCode ?? null,
        country: a.country,
        company_name: a.company ?? null,
      },
      email: order.buyer?.email ?? null,
      phone_number: a.phone ?? order.buyer?.phone ?? null,
    },
    products: item.lines.map((l) => ({
      reference_id: l.externalSku ?? l.sku,
      sku: l.externalSku ?? l.sku,
      name: titles.get(l.sku) ?? l.externalSku ?? l.sku,
      quantity: l.quantity,
      // ShipBob prices have no currency field and its financials are documented in USD, so a
      // price is sent only when it is in USD rather than declaring euro cents as dollars.
      ...(l.unitPrice?.currency === 'USD' ? { unit_price: Number(toDecimalString(l.unitPrice)) } : {}),
    })),
    purchase_date: order.placedAt,
    tags: [
      { name: 'crossdock_order', value: order.externalId },
      { name: 'crossdock_channel', value: order.channel },
    ],
    ...(facilityId === undefined ? {} : { location_id: Number(facilityId) }),
  }
  return { ok: true, body }
}

// ---- shipments ----------------------------------------------------------------------------

function shipmentLines(s: SbShipment): { sku: string; quantity: number }[] {
  const bySku = new Map<string, number>()
  for (const p of s.products ?? []) {
    const sku = p.sku ?? p.reference_id
    if (!sku) continue
    const qty = (p.inventory_items ?? []).reduce((n, i) => n + (i.quantity ?? 0), 0)
    if (qty > 0) bySku.set(sku, (bySku.get(sku) ?? 0) + qty)
  }
  return [...bySku].map(([sku, quantity]) => ({ sku, quantity }))
}

/** Has the warehouse handed this shipment to a carrier with a number we can pass on? */
export function hasTracking(s: SbShipment): boolean {
  return Boolean(s.tracking?.tracking_number?.trim()) && s.status !== 'Cancelled'
}

/**
 * A ShipBob shipment with tracking → one PulledItem with a `shipment` record whose reference is
 * our allocation id (the order's reference_id). Returns null while there is no tracking yet.
 */
export function shipmentItem(s: SbShipment): PulledItem | null {
  if (!hasTracking(s)) return null
  const t = s.tracking!
  const externalId = String(s.id)
  const number = t.tracking_number!.trim()
  const carrier = canonicalCarrier(t.carrier?.trim() || 'unknown')
  // a remote URL that is not http(s) (javascript:…) is dropped, not the shipment with it
  const given = t.tracking_url?.trim()
  const url = (given && isHttpUrl(given) ? given : undefined) ?? trackingUrlFor(carrier, number)
  const shippedAt =
    shipBobTime(t.shipping_date) ?? shipBobTime(s.actual_fulfillment_date) ?? shipBobTime(s.last_tracking_update_at)
  const delivered = shipBobTime(s.delivery_date)
  const value: Shipment = {
    externalId,
    carrier,
    trackingNumber: number,
    shippedAt: shippedAt ?? '',
    lines: shipmentLines(s),
    ...(t.carrier_service || s.ship_option ? { service: (t.carrier_service || s.ship_option)! } : {}),
    ...(url ? { trackingUrl: url } : {}),
    ...(delivered ? { events: [{ at: delivered, status: 'delivered' }] } : {}),
  }
  const checked = check(ShipmentSchema, value)
  if (!checked.ok) return { externalId, raw: s, error: fieldErrors(checked.errors, 'shipment') }
  const reference = s.reference_id ? { allocationId: s.reference_id } : {}
  return {
    externalId,
    raw: s,
    records: [{ type: 'shipment', value: checked.value, reference }],
    bindings: [{ entity: 'shipment', canonicalKey: externalId, externalId }],
  }
}

/** order.shipped webhooks and order pulls carry an OrderViewModel with its shipments inside. */
export function orderShipmentItems(o: SbOrder): PulledItem[] {
  const out: PulledItem[] = []
  for (const s of o.shipments ?? []) {
    const item = shipmentItem({
      ...s,
      reference_id: s.reference_id ?? o.reference_id ?? null,
      order_id: s.order_id ?? o.id,
    })
    if (item) out.push(item)
  }
  return out
}

// ---- order status -------------------------------------------------------------------------

function outOfStock(s: SbShipment): boolean {
  return (s.status_details ?? []).some((d) => /stock|inventory/i.test(`${d.name ?? ''} ${d.description ?? ''}`))
}

function detailText(shipments: SbShipment[]): string | undefined {
  const texts = shipments.flatMap((s) => (s.status_details ?? []).map((d) => d.description || d.name)).filter(Boolean)
  return texts.length ? texts.join('; ') : undefined
}

/**
 * ShipBob order status → the allocation status the hub keeps (AllocationStatus values), with
 * the remote status and its details as the message. An Exception that is about stock is a
 * backorder (ShipBob holds it until stock arrives); any other Exception needs a person.
 */
export function allocationStatusFor(status: SbOrderStatus | undefined, shipments: SbShipment[]): AllocationStatusValue {
  switch (status) {
    case 'Fulfilled':
      return 'shipped'
    case 'Cancelled':
      return 'cancelled'
    case 'Exception':
      return shipments.some(outOfStock) ? 'backordered' : 'rejected'
    default:
      return 'accepted'
  }
}

export function orderStatusItem(o: SbOrder): PulledItem {
  const externalId = String(o.id)
  if (!o.reference_id) {
    return {
      externalId,
      raw: o,
      error: {
        code: 'MAPPING_FIELD_MISSING',
        field: 'reference_id',
        message: 'the order has no reference_id, so it is not one crossdock sent',
      },
    }
  }
  const shipments = o.shipments ?? []
  const detail = detailText(shipments)
  const message = [o.status ?? 'unknown', detail].filter(Boolean).join(': ')
  const record: CanonicalRecord = {
    type: 'document_status',
    value: { reference: o.reference_id, status: allocationStatusFor(o.status, shipments), externalId, message },
  }
  return { externalId, raw: o, records: [record] }
}

/** shipment.* webhooks carry one shipment: its status as a document_status for its order. */
export function shipmentStatusRecord(s: SbShipment): CanonicalRecord | null {
  if (!s.reference_id) return null
  const orderStatus: SbOrderStatus | undefined =
    s.status === 'Cancelled'
      ? 'Cancelled'
      : s.status === 'Exception'
        ? 'Exception'
        : s.status === 'Completed'
          ? 'Fulfilled'
          : 'Processing'
  const message = [s.status ?? 'unknown', detailText([s])].filter(Boolean).join(': ')
  return {
    type: 'document_status',
    value: {
      reference: s.reference_id,
      status: allocationStatusFor(orderStatus, [s]),
      externalId: String(s.order_id),
      message,
    },
  }
}

// ---- inventory and facilities -------------------------------------------------------------

/** A warehouse counts what is on its shelves: a negative count is its error, not a debt. */
export const SHIPBOB_NEGATIVE_POLICY: NegativeCountPolicy = 'clamp'

/**
 * One location's quantities [SB-OAS Inventory.FulfillmentCenterResponse]: on_hand is physically
 * present; committed is held for existing orders, which are the orders the hub sent (reserved in
 * its own ledger, so kept as `reserved` and not subtracted); fulfillable is what ShipBob would
 * ship for a new order (on hand − committed when nothing is wrong). On-hand units that are neither
 * committed nor fulfillable are ShipBob's exception stock (damaged, lost, under investigation:
 * total_exception_quantity is only given network-wide), hence unsellable. awaiting is inbound,
 * not on hand. internal_transfer ("in transit to or from this location") is left out: its
 * direction is unknown, and units leaving are already outside fulfillable.
 */
export function shipBobLevel(sku: string, locationCode: string, loc: SbFcQuantity, asOf: string): InventoryLevel {
  const onHand = applyNegativePolicy(loc.on_hand_quantity ?? 0, SHIPBOB_NEGATIVE_POLICY)
  const committed = Math.max(0, loc.committed_quantity ?? 0)
  const fulfillable = Math.max(0, loc.fulfillable_quantity ?? onHand.count - committed)
  const exception = Math.max(0, onHand.count - committed - fulfillable)
  const awaiting = Math.max(0, loc.awaiting_quantity ?? 0)
  return {
    sku,
    locationCode,
    onHand: onHand.count,
    reserved: committed,
    available: fulfillable,
    ...(exception > 0 ? { unsellable: { exception } } : {}),
    ...(awaiting > 0 ? { incoming: awaiting } : {}),
    ...(onHand.clampedFrom !== undefined ? { clampedFrom: onHand.clampedFrom } : {}),
    asOf,
  }
}

export function inventoryItems(inv: SbInventoryByFc, facilities: FacilityMap, asOf: string): PulledItem[] {
  const sku = inv.sku?.trim()
  return (inv.locations ?? []).map((loc) => {
    const externalId = `${inv.inventory_id}@${loc.location_id}`
    const raw = { inventory_id: inv.inventory_id, sku: inv.sku, name: inv.name, location: loc }
    if (!sku)
      return {
        externalId,
        raw,
        error: { code: 'MAPPING_FIELD_MISSING', field: 'sku', message: `inventory ${inv.inventory_id} has no SKU` },
      }
    const f = facilityFor(facilities, loc.location_id)
    if (!f)
      return {
        externalId,
        raw,
        error: {
          code: 'MAPPING_FIELD_MISSING',
          field: 'locations/location_id',
          message: unmappedFacilityMessage(loc.location_id, loc.name),
        },
      }
    const checked = check(InventoryLevelSchema, shipBobLevel(sku, f.code, loc, asOf))
    if (!checked.ok) return { externalId, raw, error: fieldErrors(checked.errors, 'inventory') }
    const bindings: BindingHint[] = [
      { entity: 'variant', canonicalKey: sku, externalId: String(inv.inventory_id), externalSku: sku },
    ]
    return { externalId, raw, records: [{ type: 'inventory_level', value: checked.value }], bindings }
  })
}

export function facilityItem(fc: SbFulfillmentCenter, facilities: FacilityMap): PulledItem {
  const externalId = String(fc.id)
  const f = facilityFor(facilities, fc.id)
  if (!f)
    return {
      externalId,
      raw: fc,
      error: { code: 'MAPPING_FIELD_MISSING', field: 'id', message: unmappedFacilityMessage(fc.id, fc.name) },
    }
  const checked = check(LocationSchema, toLocation(f, fc.name))
  if (!checked.ok) return { externalId, raw: fc, error: fieldErrors(checked.errors, 'location') }
  return {
    externalId,
    raw: fc,
    records: [{ type: 'location', value: checked.value }],
    bindings: [{ entity: 'location', canonicalKey: f.code, externalId }],
  }
}
