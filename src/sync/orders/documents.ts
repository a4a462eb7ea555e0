// Builds what connectors receive for an order: the canonical order as stored, and lines with
// the SKU each destination knows (its binding), for allocations, ERP documents and shipments.
import type { Knex } from 'knex'
import { variantIdForExternalSku } from '../../db/bindings.ts'
import type { Order } from '../../model/index.ts'

export function orderFromRow(r: Record<string, any>): Order {
  const iso = (d: unknown) => (d instanceof Date ? d.toISOString() : d ? String(d) : undefined)
  return {
    id: r.id,
    connectionId: r.connection_id,
    externalId: r.external_id,
    ...(r.external_number ? { externalNumber: r.external_number } : {}),
    channel: r.channel,
    status: r.status,
    currency: r.currency,
    ...(r.presentment_currency ? { presentmentCurrency: r.presentment_currency } : {}),
    lines: r.lines,
    totals: r.totals,
    ...(r.buyer ? { buyer: r.buyer } : {}),
    ...(r.shipping_address ? { shippingAddress: r.shipping_address } : {}),
    placedAt: iso(r.placed_at)!,
    ...(r.placed_time_zone ? { placedTimeZone: r.placed_time_zone } : {}),
    ...(r.remote_updated_at ? { updatedAt: iso(r.remote_updated_at) } : {}),
    ...(r.cancelled_at ? { cancelledAt: iso(r.cancelled_at) } : {}),
    fulfilledByChannel: r.fulfilled_by_channel,
    ...(r.base ? { base: r.base } : {}),
    ...(r.ship_by ? { shipBy: iso(r.ship_by) } : {}),
  }
}

/** Map canonical shipment lines back to the channel order's lines (ids and channel SKUs). */
export async function channelLinesFor(
  db: Knex,
  tenantId: string,
  order: Order,
  canonicalLines: { sku: string; quantity: number }[],
): Promise<{ externalLineId?: string; sku: string; externalSku?: string; quantity: number }[]> {
  const canonicalOfLine = new Map<string, string>()
  for (const l of order.lines) {
    const v = await variantIdForExternalSku(db, tenantId, order.connectionId, l.sku)
    canonicalOfLine.set(l.externalLineId, v?.sku ?? l.sku)
  }
  const out: { externalLineId?: string; sku: string; externalSku?: string; quantity: number }[] = []
  for (const c of canonicalLines) {
    let left = c.quantity
    for (const l of order.lines) {
      if (left <= 0) break
      if (canonicalOfLine.get(l.externalLineId) !== c.sku) continue
      const n = Math.min(left, l.quantity)
      out.push({ externalLineId: l.externalLineId, sku: c.sku, externalSku: l.sku, quantity: n })
      left -= n
    }
    if (left > 0) out.push({ sku: c.sku, quantity: left })
  }
  return out
}
