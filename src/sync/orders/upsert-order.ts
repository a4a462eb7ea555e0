// Orders are imported once per (connection, external id), whatever mix of webhooks, retries,
// replays and pulls brought them: re-import updates the row, never duplicates it, and an
// unchanged order is a no-op. Returns what happened so the lifecycle can react.
import type { Knex } from 'knex'
import { appendAudit } from '../../db/audit.ts'
import { contentHash } from '../../db/content-hash.ts'
import type { UpsertStatus } from '../../db/knex.ts'
import { insertOrder, lockOrderByExternalId, orderColumns, updateOrder } from '../../db/orders.ts'
import type { Order } from '../../model/index.ts'

export interface OrderUpsert {
  id: string
  status: UpsertStatus
  previousStatus: string | undefined
}

/** A channel may report an older state than we hold (out-of-order webhooks): never go back. */
function isStale(existingRemoteUpdatedAt: Date | null, incoming: string | undefined): boolean {
  if (!existingRemoteUpdatedAt || !incoming) return false
  return new Date(incoming).getTime() < existingRemoteUpdatedAt.getTime()
}

export async function upsertOrder(
  trx: Knex.Transaction,
  tenantId: string,
  connectionId: string,
  o: Order,
): Promise<OrderUpsert> {
  const { id: _ignored, ...content } = o
  const hash = contentHash(content)
  const existing = await lockOrderByExternalId(trx, tenantId, connectionId, o.externalId)
  if (existing && (existing.content_hash === hash || isStale(existing.remote_updated_at, o.updatedAt))) {
    return { id: existing.id, status: 'unchanged', previousStatus: existing.status }
  }
  const row = orderColumns(tenantId, connectionId, o, hash)
  if (existing) {
    // a cancelled order stays cancelled even if a late "open" update arrives
    const status = existing.status === 'cancelled' ? 'cancelled' : row.status
    // an erased buyer stays erased when the channel sends the order again
    const { buyer: _b, shipping_address: _s, buyer_email_hash: _h, ...kept } = row
    await updateOrder(trx, tenantId, existing.id, { ...(existing.pii_erased_at ? kept : row), status })
    if (status !== existing.status) {
      await appendAudit(trx, tenantId, [
        {
          actor: `connection:${connectionId}`,
          action: 'order.status',
          entity: 'order',
          entityId: existing.id,
          data: { from: existing.status, to: status },
        },
      ])
    }
    return { id: existing.id, status: 'updated', previousStatus: existing.status }
  }
  const id = await insertOrder(trx, row)
  await appendAudit(trx, tenantId, [
    {
      actor: `connection:${connectionId}`,
      action: 'order.imported',
      entity: 'order',
      entityId: id,
      data: { externalId: o.externalId, status: o.status, total: o.totals.total },
    },
  ])
  return { id, status: 'created', previousStatus: undefined }
}
