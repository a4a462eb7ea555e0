// Lines as another system knows them: a shipment's canonical lines mapped back onto the channel
// order's own lines (their ids and the channel's SKUs).
import type { Knex } from 'knex'
import { variantIdForExternalSku } from '../../db/bindings.ts'
import type { Order } from '../../model/index.ts'

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
