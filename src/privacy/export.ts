// "Give me everything you hold on me": one buyer's orders (with their shipments), and every stored
// payload that mentions them, as one JSON document. Reads only; the caller audits the request.
import type { Knex } from 'knex'
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
    shipments: {
      id: string
      carrier: string
      service: string | null
      trackingNumber: string
      trackingUrl: string | null
      shippedAt: Date
      lines: unknown
    }[]
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

async function byIds<T>(db: Knex, table: string, tenantId: string, ids: string[], columns: string[]): Promise<T[]> {
  const out: T[] = []
  for (const part of chunks(ids, 500))
    out.push(...((await db(table).where({ tenant_id: tenantId }).whereIn('id', part).select(columns)) as T[]))
  return out
}

export async function exportBuyer(db: Knex, tenantId: string, email: string): Promise<BuyerExport> {
  const fp = await buyerFootprint(db, tenantId, { email })
  const orderIds = fp.orders.map((o) => o.id)
  const shipments: any[] = []
  for (const part of chunks(orderIds, 500)) {
    shipments.push(
      ...(await db('shipments')
        .where({ tenant_id: tenantId })
        .whereIn('order_id', part)
        .orderBy('shipped_at')
        .select('id', 'order_id', 'carrier', 'service', 'tracking_number', 'tracking_url', 'shipped_at', 'lines')),
    )
  }
  const webhooks = await byIds<any>(db, 'webhook_inbox', tenantId, fp.webhookIds, [
    'id',
    'connection_id',
    'kind',
    'topic',
    'received_at',
    'payload',
  ])
  const failures = await byIds<any>(db, 'sync_run_failures', tenantId, fp.failureIds, [
    'id',
    'run_id',
    'external_id',
    'code',
    'message',
    'created_at',
    'payload',
  ])
  const deliveries = await byIds<any>(db, 'event_deliveries', tenantId, fp.deliveryIds, [
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
      shipments: shipments
        .filter((s) => s.order_id === o.id)
        .map((s) => ({
          id: s.id,
          carrier: s.carrier,
          service: s.service,
          trackingNumber: s.tracking_number,
          trackingUrl: s.tracking_url,
          shippedAt: s.shipped_at,
          lines: s.lines,
        })),
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
