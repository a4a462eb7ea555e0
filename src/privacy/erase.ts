// Erasing a buyer: their orders keep id, lines, totals, status and country (history, tax and the
// ledger need them) while name, email, phone and address become the tombstone "[erased]"; every
// stored payload that mentions them is scrubbed the same way; the erasure is audited with the
// hash of the email, never the email. One transaction: all of it, or none of it.
//
// A shop-wide erasure (Shopify shop/redact, 48 h after uninstall) does the same for every order
// and every stored payload of one connection.
import type { Knex } from 'knex'
import { appendAudit, lockTenantAudit } from '../db/audit.ts'
import { buyerFootprint, chunks, hashEmail, type BuyerSelector } from './footprint.ts'
import { ERASED, scrubPii, scrubText, type ScrubOptions } from './pii.ts'

export interface ErasureCounts {
  orders: number
  webhookPayloads: number
  syncFailures: number
  eventDeliveries: number
  runErrors: number
  deliveryErrors: number
  shipments: number
}

const TOMBSTONE_SQL = `
  buyer = case when jsonb_typeof(buyer) = 'object'
    then (select coalesce(jsonb_object_agg(k, '"${ERASED}"'::jsonb), '{}'::jsonb) from jsonb_each(buyer) as e(k, v)) else null end,
  shipping_address = case when jsonb_typeof(shipping_address) = 'object'
    then (select coalesce(jsonb_object_agg(k, case when k = 'country' then v else '"${ERASED}"'::jsonb end), '{}'::jsonb) from jsonb_each(shipping_address) as e(k, v)) else null end,
  buyer_email_hash = null, pii_erased_at = now(), updated_at = now()`

async function tombstoneOrders(trx: Knex.Transaction, tenantId: string, orderIds: string[]): Promise<number> {
  let n = 0
  for (const part of chunks(orderIds, 1000)) {
    n +=
      (
        await trx.raw(`update orders set ${TOMBSTONE_SQL} where tenant_id = ? and id = any(?::uuid[])`, [
          tenantId,
          part,
        ])
      ).rowCount ?? 0
  }
  return n
}

type Column = { name: string; kind: 'json' | 'text' }

/** Scrub `columns` of the rows `ids` of `table`; returns how many rows changed. */
async function scrubRows(
  trx: Knex.Transaction,
  table: string,
  tenantId: string,
  ids: string[],
  columns: Column[],
  opts: ScrubOptions,
): Promise<number> {
  let changedRows = 0
  for (const part of chunks(ids, 200)) {
    const rows = await trx(table)
      .where({ tenant_id: tenantId })
      .whereIn('id', part)
      .select(['id', ...columns.map((c) => c.name)])
    for (const row of rows) {
      const update: Record<string, unknown> = {}
      for (const c of columns) {
        if (c.kind === 'json') {
          const r = scrubPii(row[c.name], opts)
          if (r.changed) update[c.name] = JSON.stringify(r.value)
        } else {
          const r = scrubText(row[c.name], opts)
          if (r.changed) update[c.name] = r.value
        }
      }
      if (Object.keys(update).length) {
        await trx(table).where({ tenant_id: tenantId, id: row.id }).update(update)
        changedRows++
      }
    }
  }
  return changedRows
}

/** Error texts of what the hub sent for these orders (a 3PL may echo the address back). */
async function scrubDeliveryErrors(
  trx: Knex.Transaction,
  tenantId: string,
  orderIds: string[],
  opts: ScrubOptions,
): Promise<{ deliveryErrors: number; shipments: number }> {
  let deliveryErrors = 0
  let shipments = 0
  for (const part of chunks(orderIds, 500)) {
    const allocationIds = await trx('allocations').where({ tenant_id: tenantId }).whereIn('order_id', part).pluck('id')
    const shipmentIds = await trx('shipments').where({ tenant_id: tenantId }).whereIn('order_id', part).pluck('id')
    const entityIds = [...part, ...allocationIds, ...shipmentIds]
    const rows = await trx('deliveries')
      .where({ tenant_id: tenantId })
      .whereIn('entity_id', entityIds)
      .whereNotNull('error')
      .select('connection_id', 'entity', 'entity_id', 'error')
    for (const r of rows) {
      const s = scrubText(r.error, opts)
      if (!s.changed) continue
      await trx('deliveries')
        .where({ connection_id: r.connection_id, entity: r.entity, entity_id: r.entity_id })
        .update({ error: s.value })
      deliveryErrors++
    }
    shipments += await scrubRows(trx, 'shipments', tenantId, shipmentIds, [{ name: 'events', kind: 'json' }], opts)
  }
  return { deliveryErrors, shipments }
}

export interface ErasureResult {
  emailHashes: string[]
  orderIds: string[]
  counts: ErasureCounts
}

export async function eraseBuyer(
  db: Knex,
  tenantId: string,
  sel: BuyerSelector,
  actor: string,
): Promise<ErasureResult> {
  return db.transaction(async (trx) => {
    // the audit lock first: writers that audit always lock in the order audit → rows
    await lockTenantAudit(trx, tenantId)
    const fp = await buyerFootprint(trx, tenantId, sel, { forUpdate: true })
    const opts: ScrubOptions = { needles: fp.needles }
    const orderIds = fp.orders.map((o) => o.id)
    const counts: ErasureCounts = {
      orders: await tombstoneOrders(trx, tenantId, orderIds),
      webhookPayloads: await scrubRows(
        trx,
        'webhook_inbox',
        tenantId,
        fp.webhookIds,
        [
          { name: 'payload', kind: 'json' },
          { name: 'result', kind: 'json' },
          { name: 'error', kind: 'text' },
        ],
        opts,
      ),
      syncFailures: await scrubRows(
        trx,
        'sync_run_failures',
        tenantId,
        fp.failureIds,
        [
          { name: 'payload', kind: 'json' },
          { name: 'message', kind: 'text' },
        ],
        opts,
      ),
      eventDeliveries: await scrubRows(
        trx,
        'event_deliveries',
        tenantId,
        fp.deliveryIds,
        [{ name: 'payload', kind: 'json' }],
        opts,
      ),
      runErrors: await scrubRows(trx, 'sync_runs', tenantId, fp.runIds, [{ name: 'error', kind: 'text' }], opts),
      ...(await scrubDeliveryErrors(trx, tenantId, orderIds, opts)),
    }
    await appendAudit(trx, tenantId, [
      {
        actor,
        action: 'privacy.buyer_erased',
        entity: 'buyer',
        ...(fp.emailHashes[0] ? { entityId: fp.emailHashes[0] } : {}),
        data: { emailHashes: fp.emailHashes, orderIds, counts },
      },
    ])
    return { emailHashes: fp.emailHashes, orderIds, counts }
  })
}

/** Every buyer of one connection (a shop that uninstalled the app and asked for its data gone). */
export async function eraseConnectionBuyers(
  db: Knex,
  tenantId: string,
  connectionId: string,
  actor: string,
): Promise<ErasureResult> {
  return db.transaction(async (trx) => {
    await lockTenantAudit(trx, tenantId)
    const orderIds: string[] = await trx('orders')
      .where({ tenant_id: tenantId, connection_id: connectionId })
      .orderBy('id')
      .forUpdate()
      .pluck('id')
    const emails: string[] = (
      await trx('orders')
        .where({ tenant_id: tenantId, connection_id: connectionId })
        .whereRaw(`buyer->>'email' like '%@%'`)
        .distinct(trx.raw(`lower(buyer->>'email') as email`))
    ).map((r: { email: string }) => r.email)
    // every payload of the connection is a payload of one of its buyers: scrub by keys, and any
    // string that looks like an email
    const opts: ScrubOptions = { anyEmail: true }
    const webhookIds = await trx('webhook_inbox')
      .where({ tenant_id: tenantId, connection_id: connectionId })
      .pluck('id')
    const failureIds = await trx('sync_run_failures')
      .where({ tenant_id: tenantId })
      .whereIn('run_id', trx('sync_runs').select('id').where({ tenant_id: tenantId, connection_id: connectionId }))
      .pluck('id')
    const runIds = await trx('sync_runs')
      .where({ tenant_id: tenantId, connection_id: connectionId })
      .whereNotNull('error')
      .pluck('id')
    // event bodies name the order (or the connection); look for either
    const deliveryIds = await trx('event_deliveries')
      .where({ tenant_id: tenantId })
      .andWhere((w) =>
        w
          .whereRaw(`payload->>'connectionId' = ?`, [connectionId])
          .orWhereRaw(`payload->>'orderId' = any(?::text[])`, [orderIds]),
      )
      .pluck('id')
    const counts: ErasureCounts = {
      orders: await tombstoneOrders(trx, tenantId, orderIds),
      webhookPayloads: await scrubRows(
        trx,
        'webhook_inbox',
        tenantId,
        webhookIds,
        [
          { name: 'payload', kind: 'json' },
          { name: 'result', kind: 'json' },
          { name: 'error', kind: 'text' },
        ],
        opts,
      ),
      syncFailures: await scrubRows(
        trx,
        'sync_run_failures',
        tenantId,
        failureIds,
        [
          { name: 'payload', kind: 'json' },
          { name: 'message', kind: 'text' },
        ],
        opts,
      ),
      eventDeliveries: await scrubRows(
        trx,
        'event_deliveries',
        tenantId,
        deliveryIds,
        [{ name: 'payload', kind: 'json' }],
        opts,
      ),
      runErrors: await scrubRows(trx, 'sync_runs', tenantId, runIds, [{ name: 'error', kind: 'text' }], opts),
      ...(await scrubDeliveryErrors(trx, tenantId, orderIds, opts)),
    }
    await appendAudit(trx, tenantId, [
      {
        actor,
        action: 'privacy.shop_erased',
        entity: 'connection',
        entityId: connectionId,
        data: { buyers: emails.length, counts },
      },
    ])
    return { emailHashes: emails.map(hashEmail), orderIds, counts }
  })
}
