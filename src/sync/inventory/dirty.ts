// Coalescing: a stock change marks (channel connection, SKU) dirty for every channel whose
// locations include the changed one, and asks for one push per channel; the push job drains the
// dirty set in large batches.
import type { Knex } from 'knex'
import type { PgBoss } from 'pg-boss'
import { markCatalogDirty, markDirty } from '../../db/inventory.ts'
import { connectionsServing } from '../../db/locations.ts'
import { enqueue } from '../../queue/boss.ts'
import { SYNC_QUEUES } from '../queues.ts'

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

/** These channels must push these SKUs again (every SKU when none are named): a rule or a location changed. */
export async function markAllDirty(
  trx: Knex.Transaction,
  tenantId: string,
  connectionIds: string[],
  skus?: string[],
): Promise<void> {
  if (skus) await markDirty(trx, tenantId, connectionIds, skus)
  else await markCatalogDirty(trx, tenantId, connectionIds)
}

/** Stock moved at these locations: mark the channels that sell from them, and ask for their push. */
export async function stockMoved(
  trx: Knex.Transaction,
  boss: PgBoss,
  tenantId: string,
  skus: string[],
  locationIds: string[],
): Promise<string[]> {
  if (skus.length === 0 || locationIds.length === 0) return []
  const conns = await connectionsServing(trx, tenantId, locationIds)
  if (conns.length === 0) return []
  await markDirty(trx, tenantId, conns, skus)
  await requestPush(boss, trx, tenantId, conns)
  return conns
}
