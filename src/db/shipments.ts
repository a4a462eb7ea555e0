// Shipments as reported by a warehouse (or a channel): one row per (connection, external id),
// with the tracking and the lines that left, linked to our allocation and order when known.
// The one JSON shape a shipment has outside the engine is `shipmentView`.
import type { Knex } from 'knex'
import type { Shipment } from '../model/index.ts'
import { keysetPage, type Page, type PageRequest } from './keyset.ts'
import type { Queryable } from './knex.ts'

export interface ShipmentRow {
  id: string
  tenant_id: string
  order_id: string | null
  allocation_id: string | null
  connection_id: string
  external_id: string
  carrier: string
  service: string | null
  tracking_number: string
  tracking_url: string | null
  shipped_at: Date
  lines: { sku: string; quantity: number }[]
  events: unknown[]
  created_at: Date
  updated_at: Date
}

export function shipmentFromRow(r: ShipmentRow): Shipment {
  return {
    id: r.id,
    ...(r.order_id ? { orderId: r.order_id } : {}),
    ...(r.allocation_id ? { allocationId: r.allocation_id } : {}),
    externalId: r.external_id,
    carrier: r.carrier,
    ...(r.service ? { service: r.service } : {}),
    trackingNumber: r.tracking_number,
    ...(r.tracking_url ? { trackingUrl: r.tracking_url } : {}),
    shippedAt: new Date(r.shipped_at).toISOString(),
    lines: r.lines,
    events: r.events as Shipment['events'],
  }
}

/** What the API, the ERP feed and a buyer's export show of a shipment. */
export function shipmentView(r: ShipmentRow) {
  return {
    id: r.id,
    orderId: r.order_id,
    allocationId: r.allocation_id,
    carrier: r.carrier,
    service: r.service,
    trackingNumber: r.tracking_number,
    trackingUrl: r.tracking_url,
    shippedAt: r.shipped_at,
    lines: r.lines,
  }
}

export type ShipmentView = ReturnType<typeof shipmentView>

export async function findShipmentByExternalId(
  q: Queryable,
  tenantId: string,
  connectionId: string,
  externalId: string,
): Promise<Pick<ShipmentRow, 'id' | 'tracking_number' | 'events'> | undefined> {
  return q('shipments')
    .where({ tenant_id: tenantId, connection_id: connectionId, external_id: externalId })
    .first('id', 'tracking_number', 'events')
}

export async function updateTracking(
  q: Queryable,
  tenantId: string,
  id: string,
  s: Pick<Shipment, 'trackingNumber' | 'trackingUrl' | 'events'>,
): Promise<void> {
  await q('shipments')
    .where({ tenant_id: tenantId, id })
    .update({
      tracking_number: s.trackingNumber,
      tracking_url: s.trackingUrl ?? null,
      events: JSON.stringify(s.events ?? []),
      updated_at: q.fn.now(),
    })
}

export async function insertShipment(
  trx: Knex.Transaction,
  tenantId: string,
  connectionId: string,
  s: Shipment,
  links: { orderId: string | null; allocationId: string | null },
): Promise<string> {
  const [row] = await trx('shipments')
    .insert({
      tenant_id: tenantId,
      order_id: links.orderId,
      allocation_id: links.allocationId,
      connection_id: connectionId,
      external_id: s.externalId,
      carrier: s.carrier,
      service: s.service ?? null,
      tracking_number: s.trackingNumber,
      tracking_url: s.trackingUrl ?? null,
      shipped_at: s.shippedAt,
      lines: JSON.stringify(s.lines),
      events: JSON.stringify(s.events ?? []),
    })
    .returning('id')
  return row.id as string
}

/** The lines of every shipment of an allocation (what left so far), one shipment aside. */
export async function shippedLinesOfAllocation(
  q: Queryable,
  tenantId: string,
  allocationId: string,
  exceptShipmentId?: string,
): Promise<{ lines: { sku: string; quantity: number }[] }[]> {
  const query = q('shipments').where({ tenant_id: tenantId, allocation_id: allocationId })
  if (exceptShipmentId) query.whereNot({ id: exceptShipmentId })
  return query.select('lines')
}

export async function findShipment(q: Queryable, tenantId: string, id: string): Promise<ShipmentRow | undefined> {
  return (await q('shipments').where({ tenant_id: tenantId, id }).first()) as ShipmentRow | undefined
}

export async function shipmentsOfOrders(q: Queryable, tenantId: string, orderIds: string[]): Promise<ShipmentRow[]> {
  if (orderIds.length === 0) return []
  return (await q('shipments')
    .where({ tenant_id: tenantId })
    .whereIn('order_id', orderIds)
    .orderBy('shipped_at')) as ShipmentRow[]
}

export async function shipmentIdsOfOrders(q: Queryable, tenantId: string, orderIds: string[]): Promise<string[]> {
  if (orderIds.length === 0) return []
  return q('shipments').where({ tenant_id: tenantId }).whereIn('order_id', orderIds).pluck('id')
}

export async function shipmentsByIds(q: Queryable, tenantId: string, ids: string[]): Promise<ShipmentRow[]> {
  if (ids.length === 0) return []
  return (await q('shipments').where({ tenant_id: tenantId }).whereIn('id', ids)) as ShipmentRow[]
}

/** Shipments newest first. */
export async function listShipments(
  q: Queryable,
  tenantId: string,
  page: PageRequest,
): Promise<Page<Record<string, unknown>>> {
  const query = q('shipments')
    .where({ tenant_id: tenantId })
    .select('id', 'order_id', 'carrier', 'service', 'tracking_number', 'tracking_url', 'shipped_at', 'lines')
  return keysetPage(query, { key: 'shipped_at', id: 'id', ...page })
}
