// Coalescing: a stock change marks (channel connection, SKU) dirty for every channel whose
// locations include the changed one; the push job drains the dirty set in large batches.
import type { Knex } from 'knex'
import type { PgBoss } from 'pg-boss'
import { enqueue, SYNC_QUEUES } from '../queues.ts'

/** Mark SKUs dirty for every channel connection served by any of these locations. Returns the connections touched. */
export async function markDirty(
  trx: Knex.Transaction,
  tenantId: string,
  skus: string[],
  locationIds: string[],
): Promise<string[]> {
  if (skus.length === 0 || locationIds.length === 0) return []
  const conns = await trx('channel_locations')
    .where({ tenant_id: tenantId })
    .whereIn('location_id', locationIds)
    .distinct('connection_id')
  const ids = conns.map((c: { connection_id: string }) => c.connection_id)
  if (ids.length === 0) return []
  const unique = [...new Set(skus)]
  const rows = ids.flatMap((connection_id: string) =>
    unique.map((sku) => ({ tenant_id: tenantId, connection_id, sku })),
  )
  for (let i = 0; i < rows.length; i += 5000) {
    await trx('inventory_dirty')
      .insert(rows.slice(i, i + 5000))
      .onConflict(['connection_id', 'sku'])
      .merge({ changed_at: trx.fn.now() })
  }
  return ids
}

/** Ask for a push of each connection's dirty SKUs (coalesced: one waiting job per connection). */
export async function requestPush(
  boss: PgBoss,
  trx: Knex.Transaction | undefined,
  tenantId: string,
  connectionIds: string[],
): Promise<void> {
  for (const connectionId of new Set(connectionIds)) {
    await enqueue(
      boss,
      trx,
      SYNC_QUEUES.inventoryPush,
      { tenantId, connectionId },
      { singletonKey: `push:${connectionId}` },
    )
  }
}

/** Mark every SKU of the tenant dirty for these connections (a rule or a location changed). */
export async function markAllDirty(
  trx: Knex.Transaction,
  tenantId: string,
  connectionIds: string[],
  skus?: string[],
): Promise<void> {
  const all: string[] = [...new Set(skus ?? (await trx('variants').where({ tenant_id: tenantId }).pluck('sku')))]
  for (const connection_id of new Set(connectionIds)) {
    for (let i = 0; i < all.length; i += 5000) {
      await trx('inventory_dirty')
        .insert(all.slice(i, i + 5000).map((sku) => ({ tenant_id: tenantId, connection_id, sku })))
        .onConflict(['connection_id', 'sku'])
        .merge({ changed_at: trx.fn.now() })
    }
  }
}

/** Stock moved at these locations: mark the channels that sell from them, and ask for their push. */
export async function stockMoved(
  trx: Knex.Transaction,
  boss: PgBoss,
  tenantId: string,
  skus: string[],
  locationIds: string[],
): Promise<string[]> {
  const conns = await markDirty(trx, tenantId, skus, locationIds)
  await requestPush(boss, trx, tenantId, conns)
  return conns
}
