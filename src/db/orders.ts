// Orders as imported from every channel: one row per (connection, external id), the canonical
// order's columns (money in minor units, times in UTC with the zone beside them), the routing
// status the engine keeps, and the hash of the buyer's email (to find a buyer after erasure).
import { createHash } from 'node:crypto'
import type { Knex } from 'knex'
import type { Order } from '../model/index.ts'
import { keysetPage, type Page, type PageRequest } from './keyset.ts'
import type { Queryable } from './knex.ts'

export interface OrderRow {
  id: string
  tenant_id: string
  connection_id: string
  external_id: string
  external_number: string | null
  channel: string
  status: string
  currency: string
  presentment_currency: string | null
  lines: { externalLineId: string; sku: string; quantity: number; fulfilledByChannel?: boolean; [k: string]: unknown }[]
  totals: Order['totals']
  total_amount: number
  buyer: Order['buyer'] | null
  shipping_address: Order['shippingAddress'] | null
  buyer_email_hash: string | null
  placed_at: Date
  placed_time_zone: string | null
  remote_updated_at: Date | null
  cancelled_at: Date | null
  fulfilled_by_channel: boolean
  base: unknown
  ship_by: Date | null
  routing_status: string
  content_hash: string
  pii_erased_at: Date | null
  created_at: Date
  updated_at: Date
}

export function emailHash(email: string | undefined): string | null {
  return email ? createHash('sha256').update(email.trim().toLowerCase()).digest('hex') : null
}

/** The columns of a canonical order (without the engine's own: routing status, ship-by). */
export function orderColumns(tenantId: string, connectionId: string, o: Order, contentHash: string) {
  return {
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
    content_hash: contentHash,
  }
}

export type OrderColumns = ReturnType<typeof orderColumns>

export function orderFromRow(r: OrderRow): Order {
  const iso = (d: unknown) => (d instanceof Date ? d.toISOString() : d ? String(d) : undefined)
  return {
    id: r.id,
    connectionId: r.connection_id,
    externalId: r.external_id,
    ...(r.external_number ? { externalNumber: r.external_number } : {}),
    channel: r.channel,
    status: r.status as Order['status'],
    currency: r.currency,
    ...(r.presentment_currency ? { presentmentCurrency: r.presentment_currency } : {}),
    lines: r.lines as Order['lines'],
    totals: r.totals,
    ...(r.buyer ? { buyer: r.buyer } : {}),
    ...(r.shipping_address ? { shippingAddress: r.shipping_address } : {}),
    placedAt: iso(r.placed_at)!,
    ...(r.placed_time_zone ? { placedTimeZone: r.placed_time_zone } : {}),
    ...(r.remote_updated_at ? { updatedAt: iso(r.remote_updated_at) } : {}),
    ...(r.cancelled_at ? { cancelledAt: iso(r.cancelled_at) } : {}),
    fulfilledByChannel: r.fulfilled_by_channel,
    ...(r.base ? { base: r.base as Order['base'] } : {}),
    ...(r.ship_by ? { shipBy: iso(r.ship_by) } : {}),
  }
}

/** Lock the order a channel knows by this id (import: create, update, or leave it). */
export async function lockOrderByExternalId(
  trx: Knex.Transaction,
  tenantId: string,
  connectionId: string,
  externalId: string,
): Promise<
  Pick<OrderRow, 'id' | 'tenant_id' | 'content_hash' | 'status' | 'remote_updated_at' | 'pii_erased_at'> | undefined
> {
  return trx('orders')
    .where({ tenant_id: tenantId, connection_id: connectionId, external_id: externalId })
    .forUpdate()
    .first('id', 'tenant_id', 'content_hash', 'status', 'remote_updated_at', 'pii_erased_at')
}

export async function insertOrder(q: Queryable, row: OrderColumns): Promise<string> {
  const [inserted] = await q('orders').insert(row).returning('id')
  return inserted.id as string
}

export async function updateOrder(
  q: Queryable,
  tenantId: string,
  id: string,
  columns: Partial<OrderColumns>,
): Promise<void> {
  await q('orders')
    .where({ tenant_id: tenantId, id })
    .update({ ...columns, updated_at: q.fn.now() })
}

export async function findOrder(
  q: Queryable,
  tenantId: string,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<OrderRow | undefined> {
  const query = q('orders').where({ tenant_id: tenantId, id })
  if (opts.forUpdate) query.forUpdate()
  return (await query.first()) as OrderRow | undefined
}

export async function orderIdByExternalId(
  q: Queryable,
  tenantId: string,
  connectionId: string,
  externalId: string,
): Promise<string | undefined> {
  const row = await q('orders')
    .where({ tenant_id: tenantId, connection_id: connectionId, external_id: externalId })
    .first('id')
  return row?.id as string | undefined
}

/** Where routing left the order; an FBA order is marked without touching its change time. */
export async function setRoutingStatus(
  q: Queryable,
  tenantId: string,
  id: string,
  routingStatus: string,
  opts: { touch?: boolean } = {},
): Promise<void> {
  await q('orders')
    .where({ tenant_id: tenantId, id })
    .update({ routing_status: routingStatus, ...(opts.touch === false ? {} : { updated_at: q.fn.now() }) })
}

/** Shipped or partially shipped, unless the order was cancelled meanwhile. */
export async function setShippingStatus(
  q: Queryable,
  tenantId: string,
  id: string,
  status: 'shipped' | 'partially_shipped',
): Promise<void> {
  await q('orders')
    .where({ tenant_id: tenantId, id })
    .whereNot({ status: 'cancelled' })
    .update({ status, updated_at: q.fn.now() })
}

export type OrderListRow = OrderRow & { connection_name: string }

/** Orders newest first, with their connection's name. */
export async function listOrders(
  q: Queryable,
  tenantId: string,
  filter: { status?: string | undefined; routing?: string | undefined; connectionId?: string | undefined },
  page: PageRequest,
): Promise<Page<OrderListRow>> {
  const query = q('orders as o')
    .join('connections as c', 'c.id', 'o.connection_id')
    .where('o.tenant_id', tenantId)
    .select('o.*', 'c.name as connection_name')
  if (filter.status) query.andWhere('o.status', filter.status)
  if (filter.routing) query.andWhere('o.routing_status', filter.routing)
  if (filter.connectionId) query.andWhere('o.connection_id', filter.connectionId)
  return keysetPage<OrderListRow>(query, { key: 'o.placed_at', id: 'o.id', ...page })
}

export async function findOrderWithConnection(
  q: Queryable,
  tenantId: string,
  id: string,
): Promise<OrderListRow | undefined> {
  return (await q('orders as o')
    .join('connections as c', 'c.id', 'o.connection_id')
    .where({ 'o.tenant_id': tenantId, 'o.id': id })
    .first('o.*', 'c.name as connection_name')) as OrderListRow | undefined
}

export async function ordersByIds(q: Queryable, tenantId: string, ids: string[]): Promise<OrderRow[]> {
  if (ids.length === 0) return []
  return (await q('orders').where({ tenant_id: tenantId }).whereIn('id', ids)) as OrderRow[]
}
