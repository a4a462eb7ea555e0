// Orders with their routing, splits, allocations, shipments and tracking; shipments list.
import { Type } from 'typebox'
import { CrossdockError } from '../../errors.ts'
import { keysetPage } from '../../db/keyset.ts'
import { defineRoute, PageQuery } from './framework.ts'

const tags = ['orders']
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

function orderSummary(o: any) {
  return {
    id: o.id,
    connectionId: o.connection_id,
    connection: o.connection_name,
    externalId: o.external_id,
    number: o.external_number,
    channel: o.channel,
    status: o.status,
    routing: o.routing_status,
    total: { amount: Number(o.total_amount), currency: o.currency },
    placedAt: o.placed_at,
    placedTimeZone: o.placed_time_zone,
    shipBy: o.ship_by,
    fulfilledByChannel: o.fulfilled_by_channel,
    country: o.shipping_address?.country ?? null,
  }
}

defineRoute({
  method: 'GET',
  url: '/orders',
  role: 'viewer',
  tags,
  summary: 'Orders, newest first',
  querystring: Type.Object({
    ...PageQuery,
    status: Type.Optional(Type.String()),
    routing: Type.Optional(Type.String()),
    connectionId: Type.Optional(Type.String()),
  }),
  handler: async (ctx, req) => {
    const q = req.query as { limit: number; cursor?: string; status?: string; routing?: string; connectionId?: string }
    const query = ctx.hub
      .db('orders as o')
      .join('connections as c', 'c.id', 'o.connection_id')
      .where('o.tenant_id', ctx.tenantId)
      .select('o.*', 'c.name as connection_name')
    if (q.status) query.andWhere('o.status', q.status)
    if (q.routing) query.andWhere('o.routing_status', q.routing)
    if (q.connectionId)
      query.andWhere(
        'o.connection_id',
        UUID.test(q.connectionId) ? q.connectionId : '00000000-0000-0000-0000-000000000000',
      )
    return keysetPage(query, { key: 'o.placed_at', id: 'o.id', limit: q.limit, cursor: q.cursor, map: orderSummary })
  },
})

defineRoute({
  method: 'GET',
  url: '/orders/:orderId',
  role: 'viewer',
  tags,
  params: { orderId: 'order' },
  summary: 'One order: lines, totals, allocations (splits), shipments with tracking, deliveries',
  handler: async (ctx, req) => {
    const { orderId } = req.params as { orderId: string }
    if (!UUID.test(orderId)) throw new CrossdockError('NOT_FOUND', 'no such order')
    const db = ctx.hub.db
    const o = await db('orders as o')
      .join('connections as c', 'c.id', 'o.connection_id')
      .where({ 'o.tenant_id': ctx.tenantId, 'o.id': orderId })
      .first('o.*', 'c.name as connection_name')
    if (!o) throw new CrossdockError('NOT_FOUND', 'no such order')
    const allocations = await db('allocations as a')
      .leftJoin('locations as x', 'x.id', 'a.location_id')
      .where({ 'a.tenant_id': ctx.tenantId, 'a.order_id': orderId })
      .orderBy('a.created_at')
      .select('a.id', 'x.code as location', 'a.status', 'a.lines', 'a.external_id', 'a.ship_by', 'a.error')
    const shipments = await db('shipments').where({ tenant_id: ctx.tenantId, order_id: orderId }).orderBy('shipped_at')
    const ids = [orderId, ...allocations.map((a) => a.id), ...shipments.map((s) => s.id)]
    const deliveries = await db('deliveries as d')
      .join('connections as c', 'c.id', 'd.connection_id')
      .where('d.tenant_id', ctx.tenantId)
      .whereIn('d.entity_id', ids)
      .select(
        'd.entity',
        'd.entity_id',
        'c.name as connection',
        'd.status',
        'd.external_id',
        'd.error',
        'd.attempts',
        'd.updated_at',
      )
    return {
      ...orderSummary(o),
      lines: o.lines,
      totals: o.totals,
      base: o.base,
      buyer: o.buyer,
      shippingAddress: o.shipping_address,
      allocations: allocations.map((a) => ({
        id: a.id,
        location: a.location,
        status: a.status,
        lines: a.lines,
        externalId: a.external_id,
        shipBy: a.ship_by,
        error: a.error,
      })),
      shipments: shipments.map((s) => ({
        id: s.id,
        allocationId: s.allocation_id,
        carrier: s.carrier,
        service: s.service,
        trackingNumber: s.tracking_number,
        trackingUrl: s.tracking_url,
        shippedAt: s.shipped_at,
        lines: s.lines,
      })),
      deliveries,
    }
  },
})

defineRoute({
  method: 'GET',
  url: '/shipments',
  role: 'viewer',
  tags,
  summary: 'Shipments with tracking, newest first',
  querystring: Type.Object({ ...PageQuery }),
  handler: async (ctx, req) => {
    const q = req.query as { limit: number; cursor?: string }
    const query = ctx.hub
      .db('shipments')
      .where({ tenant_id: ctx.tenantId })
      .select('id', 'order_id', 'carrier', 'service', 'tracking_number', 'tracking_url', 'shipped_at', 'lines')
    return keysetPage(query, { key: 'shipped_at', id: 'id', limit: q.limit, cursor: q.cursor })
  },
})

defineRoute({
  method: 'GET',
  url: '/shipments/:shipmentId',
  role: 'viewer',
  tags,
  params: { shipmentId: 'shipment' },
  summary: 'One shipment and where its tracking was delivered',
  handler: async (ctx, req) => {
    const { shipmentId } = req.params as { shipmentId: string }
    if (!UUID.test(shipmentId)) throw new CrossdockError('NOT_FOUND', 'no such shipment')
    const s = await ctx.hub.db('shipments').where({ tenant_id: ctx.tenantId, id: shipmentId }).first()
    if (!s) throw new CrossdockError('NOT_FOUND', 'no such shipment')
    const deliveries = await ctx.hub
      .db('deliveries')
      .where({ tenant_id: ctx.tenantId, entity: 'shipment', entity_id: shipmentId })
    return { ...s, deliveries }
  },
})
