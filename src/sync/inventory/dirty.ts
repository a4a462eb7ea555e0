// Coalescing: a stock change marks (channel connection, SKU) dirty for every channel whose
// locations include the changed one; the push job drains the dirty set in large batches.
import type { Knex } from 'knex'

/** Mark SKUs dirty for every channel connection served by any of these locations. Returns the connections touched. */
export async function markDirty(trx: Knex.Transaction, tenantId: string, skus: string[], locationIds: string[]): Promise<string[]> {
  if (skus.length === 0 || locationIds.length === 0) return []
  const conns = await trx('channel_locations').where({ tenant_id: tenantId }).whereIn('location_id', locationIds).distinct('connection_id')
  const ids = conns.map((c: { connection_id: string }) => c.connection_id)
  if (ids.length === 0) return []
  const rows = ids.flatMap((connection_id: string) => skus.map((sku) => ({ tenant_id: tenantId, connection_id, sku })))
  for (let i = 0; i < rows.length; i += 5000) {
    await trx('inventory_dirty').insert(rows.slice(i, i + 5000)).onConflict(['connection_id', 'sku']).merge({ changed_at: trx.fn.now() })
  }
  return ids
}
