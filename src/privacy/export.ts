// "Give me everything you hold on me": one buyer's orders (with their shipments), and every stored
// payload that mentions them, as one JSON document. Reads only; the caller audits the request.
import type { Knex } from 'knex'
import { payloadRows, type PayloadTable } from '../db/buyer-data.ts'
import { shipmentsOfOrders, shipmentView, type ShipmentView } from '../db/shipments.ts'
import { buyerFootprint, chunks, hashEmail, normalizeEmail } from './footprint.ts'

export interface BuyerExport {
  subject: { email: string; emailHash: string }
  generatedAt: string
  orders: {
    id: string
    connectionId: string
    channel: string
    externalId: string
    externalNumber: string | null
    status: string
    placedAt: Date
    currency: string
    totals: unknown
    lines: unknown
    buyer: unknown
    shippingAddress: unknown
    erasedAt: Date | null
    shipments: ShipmentView[]
  }[]
  webhookPayloads: {
    id: string
    connectionId: string
    kind: string
    topic: string
    receivedAt: Date
    payload: unknown
  }[]
  syncFailures: {
    id: string
    runId: string
    externalId: string
    code: string
    message: string
    createdAt: Date
    payload: unknown
  }[]
  eventDeliveries: { id: string; event: string; createdAt: Date; payload: unknown }[]
}

async function byIds(
  db: Knex,
  table: PayloadTable,
  tenantId: string,
  ids: string[],
  columns: string[],
): Promise<Record<string, any>[]> {
  const out: Record<string, any>[] = []
  for (const part of chunks(ids, 500)) out.push(...(await payloadRows(db, table, tenantId, part, columns)))
  return out
}

export async function exportBuyer(db: Knex, tenantId: string, email: string): Promise<BuyerExport> {
  const fp = await buyerFootprint(db, tenantId, { email })
  const orderIds = fp.orders.map((o) => o.id)
  const shipments: ShipmentView[] = []
  for (const part of chunks(orderIds, 500))
    shipments.push(...(await shipmentsOfOrders(db, tenantId, part)).map(shipmentView))
  const webhooks = await byIds(db, 'webhook_inbox', tenantId, fp.webhookIds, [
    'id',
    'connection_id',
    'kind',
    'topic',
    'received_at',
    'payload',
  ])
  const failures = await byIds(db, 'sync_run_failures', tenantId, fp.failureIds, [
    'id',
    'run_id',
    'external_id',
    'code',
    'message',
    'created_at',
    'payload',
  ])
  const deliveries = await byIds(db, 'event_deliveries', tenantId, fp.deliveryIds, [
    'id',
    'event',
    'created_at',
    'payload',
  ])
  return {
    subject: { email: normalizeEmail(email), emailHash: hashEmail(email) },
    generatedAt: new Date().toISOString(),
    orders: fp.orders.map((o) => ({
      id: o.id,
      connectionId: o.connection_id,
      channel: o.channel,
      externalId: o.external_id,
      externalNumber: o.external_number,
      status: o.status,
      placedAt: o.placed_at,
      currency: o.currency,
      totals: o.totals,
      lines: o.lines,
      buyer: o.buyer,
      shippingAddress: o.shipping_address,
      erasedAt: o.pii_erased_at,
      shipments: shipments.filter((s) => s.orderId === o.id),
    })),
    webhookPayloads: webhooks
      .sort((a, b) => a.received_at - b.received_at)
      .map((w) => ({
        id: w.id,
        connectionId: w.connection_id,
        kind: w.kind,
        topic: w.topic,
        receivedAt: w.received_at,
        payload: w.payload,
      })),
    syncFailures: failures
      .sort((a, b) => a.created_at - b.created_at)
      .map((f) => ({
        id: f.id,
        runId: f.run_id,
        externalId: f.external_id,
        code: f.code,
        message: f.message,
        createdAt: f.created_at,
        payload: f.payload,
      })),
    eventDeliveries: deliveries
      .sort((a, b) => a.created_at - b.created_at)
      .map((d) => ({ id: d.id, event: d.event, createdAt: d.created_at, payload: d.payload })),
  }
}
