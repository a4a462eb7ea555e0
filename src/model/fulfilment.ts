// What an order still needs from the warehouses, and what a shipment carries, derived from the
// canonical records alone (pure): the engine reserves, releases and propagates from these.
import type { Order, Shipment, Tracking } from './order.ts'

export interface ReservedUnits {
  externalLineId: string
  /** the line's SKU as the channel knows it (resolved to canonical by binding) */
  sku: string
  quantity: number
}

/**
 * Units each line needs reserved before its shipments: ordered, less the units refunded before
 * they shipped. A refund with restock type `return` gave back units that had shipped, whose
 * reservation the shipment already consumed, so it releases nothing; `cancel`, `no_restock` and
 * `legacy_restock` release their units (no_restock does not say whether the units had shipped:
 * they are taken as unshipped, and the engine never releases more than a line still holds
 * unshipped). A cancelled order and lines the channel fulfils itself (FBA) need nothing.
 * The engine holds, per line, this less the units already shipped.
 */
export function unitsStillReserved(order: Pick<Order, 'status' | 'lines' | 'refunds'>): ReservedUnits[] {
  const refunded = new Map<string, number>()
  for (const r of order.refunds ?? []) {
    if (r.restockType === 'return') continue
    refunded.set(r.externalLineId, (refunded.get(r.externalLineId) ?? 0) + r.quantity)
  }
  return order.lines.map((l) => {
    const none = order.status === 'cancelled' || l.fulfilledByChannel === true
    // without orderedQuantity the line's quantity is all we know, and refunds are already out of it
    const ordered = l.orderedQuantity ?? l.quantity
    const gone = l.orderedQuantity === undefined ? 0 : (refunded.get(l.externalLineId) ?? 0)
    return { externalLineId: l.externalLineId, sku: l.sku, quantity: none ? 0 : Math.max(0, ordered - gone) }
  })
}

/** Every parcel of a shipment; a shipment from before multi-parcel tracking has its single number. */
export function shipmentTracking(
  s: Pick<Shipment, 'tracking' | 'trackingNumber' | 'carrier' | 'trackingUrl'>,
): Tracking[] {
  if (s.tracking?.length) return s.tracking
  return [{ number: s.trackingNumber, carrier: s.carrier, ...(s.trackingUrl ? { url: s.trackingUrl } : {}) }]
}
