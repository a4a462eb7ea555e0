// Orders are imported once per (connection, external id), whatever mix of webhooks, retries,
// replays and pulls brought them: re-import updates the row, never duplicates it, and an
// unchanged order is a no-op. Returns what happened so the lifecycle can react.
import { createHash } from 'node:crypto'
import type { Knex } from 'knex'
import type { Order } from '../../model/index.ts'
import { contentHash } from '../../db/content-hash.ts'
import type { UpsertStatus } from '../../db/knex.ts'
import { appendAudit } from '../../db/audit.ts'

export interface OrderUpsert {
  id: string
  status: UpsertStatus
  previousStatus: string | undefined
}

export function emailHash(email: string | undefined): string | null {
  return email ? createHash('sha256').update(email.trim().toLowerCase()).digest('hex') : null
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
  const existing = await trx('orders')
    .where({ connection_id: connectionId, external_id: o.externalId })
    .forUpdate()
    .first('id', 'tenant_id', 'content_hash', 'status', 'remote_updated_at', 'pii_erased_at')
  if (existing && existing.tenant_id !== tenantId) throw new Error('order belongs to another tenant')
  if (existing && (existing.content_hash === hash || isStale(existing.remote_updated_at, o.updatedAt))) {
    return { id: existing.id, status: 'unchanged', previousStatus: existing.status }
  }
  const row = {
    tenant_id: tenantId,
    connection_id: connectionId,
    external_id: o.externalId,
    external_number: o.externalNumber ?? null,
    channel: o.channel,
    status: o.status,
    currency: o.currency,
    presentment_currency: o.presentmentCurrency ?? null,
    lines: JSON.stringify(o.lines),
    totals: JSON.stringify(o.totals),
    total_amount: o.totals.total.amount,
    buyer: o.buyer ? JSON.stringify(o.buyer) : null,
    shipping_address: o.shippingAddress ? JSON.stringify(o.shippingAddress) : null,
    buyer_email_hash: emailHash(o.buyer?.email),
    placed_at: o.placedAt,
    placed_time_zone: o.placedTimeZone ?? null,
    remote_updated_at: o.updatedAt ?? null,
    cancelled_at: o.cancelledAt ?? null,
    fulfilled_by_channel: o.fulfilledByChannel ?? o.lines.every((l) => l.fulfilledByChannel === true),
    base: o.base ? JSON.stringify(o.base) : null,
    content_hash: hash,
  }
  if (existing) {
    // a cancelled order stays cancelled even if a late "open" update arrives
    const status = existing.status === 'cancelled' ? 'cancelled' : row.status
    // an erased buyer stays erased when the channel sends the order again
    const { buyer: _b, shipping_address: _s, buyer_email_hash: _h, ...kept } = row
    await trx('orders')
      .where({ id: existing.id })
      .update({ ...(existing.pii_erased_at ? kept : row), status, updated_at: trx.fn.now() })
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
  const [inserted] = await trx('orders').insert(row).returning('id')
  await appendAudit(trx, tenantId, [
    {
      actor: `connection:${connectionId}`,
      action: 'order.imported',
      entity: 'order',
      entityId: inserted.id,
      data: { externalId: o.externalId, status: o.status, total: o.totals.total },
    },
  ])
  return { id: inserted.id, status: 'created', previousStatus: undefined }
}
