// Erasing a buyer: their orders keep id, lines, totals, status and country (history, tax and the
// ledger need them) while name, email, phone and address become the tombstone "[erased]"; every
// stored payload that mentions them is scrubbed the same way; the erasure is audited with the
// hash of the email, never the email. One transaction: all of it, or none of it.
//
// A shop-wide erasure (Shopify shop/redact, 48 h after uninstall) does the same for every order
// and every stored payload of one connection.
import type { Knex } from 'knex'
import { allocationIdsOfOrders } from '../db/allocations.ts'
import { appendAudit, lockTenantAudit } from '../db/audit.ts'
import {
  buyerEmailsOfConnection,
  eventDeliveryIdsNaming,
  failedRunIdsOfConnection,
  failureIdsOfConnection,
  inboxIdsOfConnection,
  lockOrderIdsOfConnection,
  payloadRows,
  tombstoneOrders as tombstone,
  updatePayloadRow,
  type PayloadTable,
} from '../db/buyer-data.ts'
import { failedSendsOf, setSendError } from '../db/sends.ts'
import { shipmentIdsOfOrders } from '../db/shipments.ts'
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

async function tombstoneOrders(trx: Knex.Transaction, tenantId: string, orderIds: string[]): Promise<number> {
  let n = 0
  for (const part of chunks(orderIds, 1000)) n += await tombstone(trx, tenantId, part, ERASED)
  return n
}

type Column = { name: string; kind: 'json' | 'text' }

/** Scrub `columns` of the rows `ids` of `table`; returns how many rows changed. */
async function scrubRows(
  trx: Knex.Transaction,
  table: PayloadTable,
  tenantId: string,
  ids: string[],
  columns: Column[],
  opts: ScrubOptions,
): Promise<number> {
  let changedRows = 0
  for (const part of chunks(ids, 200)) {
    const rows = await payloadRows(trx, table, tenantId, part, ['id', ...columns.map((c) => c.name)])
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
        await updatePayloadRow(trx, table, tenantId, row.id, update)
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
    const allocationIds = await allocationIdsOfOrders(trx, tenantId, part)
    const shipmentIds = await shipmentIdsOfOrders(trx, tenantId, part)
    for (const r of await failedSendsOf(trx, tenantId, [...part, ...allocationIds, ...shipmentIds])) {
      const s = scrubText(r.error, opts)
      if (!s.changed) continue
      await setSendError(trx, tenantId, r, s.value!)
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
    const orderIds = await lockOrderIdsOfConnection(trx, tenantId, connectionId)
    const emails = await buyerEmailsOfConnection(trx, tenantId, connectionId)
    // every payload of the connection is a payload of one of its buyers: scrub by keys, and any
    // string that looks like an email
    const opts: ScrubOptions = { anyEmail: true }
    const webhookIds = await inboxIdsOfConnection(trx, tenantId, connectionId)
    const failureIds = await failureIdsOfConnection(trx, tenantId, connectionId)
    const runIds = await failedRunIdsOfConnection(trx, tenantId, connectionId)
    // event bodies name the order (or the connection); look for either
    const deliveryIds = await eventDeliveryIdsNaming(trx, tenantId, connectionId, orderIds)
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
