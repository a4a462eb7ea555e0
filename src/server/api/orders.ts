// Orders with their routing, splits, allocations, shipments and tracking; shipments list.
import { Type } from 'typebox'
import { CrossdockError } from '../../errors.ts'
import { allocationsOfOrder } from '../../db/allocations.ts'
import { findOrderWithConnection, listOrders, type OrderListRow } from '../../db/orders.ts'
import { sendsOf, sendsOfShipment } from '../../db/sends.ts'
import { findShipment, listShipments, shipmentsOfOrders, shipmentView } from '../../db/shipments.ts'
import { defineRoute, PageQuery, type ApiRoute } from './framework.ts'

const tags = ['orders']
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

function orderSummary(o: OrderListRow) {
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

export const orderRoutes: ApiRoute[] = [
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
      const q = req.query as {
        limit: number
        cursor?: string
        status?: string
        routing?: string
        connectionId?: string
      }
      const page = await listOrders(
        ctx.hub.db,
        ctx.tenantId,
        {
          status: q.status,
          routing: q.routing,
          connectionId:
            q.connectionId === undefined || UUID.test(q.connectionId)
              ? q.connectionId
              : '00000000-0000-0000-0000-000000000000',
        },
        q,
      )
      return { ...page, items: page.items.map(orderSummary) }
    },
  }),
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
      const o = await findOrderWithConnection(db, ctx.tenantId, orderId)
      if (!o) throw new CrossdockError('NOT_FOUND', 'no such order')
      const allocations = await allocationsOfOrder(db, ctx.tenantId, orderId)
      const shipments = await shipmentsOfOrders(db, ctx.tenantId, [orderId])
      const ids = [orderId, ...allocations.map((a) => a.id), ...shipments.map((s) => s.id)]
      const deliveries = await sendsOf(db, ctx.tenantId, ids)
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
        shipments: shipments.map(shipmentView),
        deliveries,
      }
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/shipments',
    role: 'viewer',
    tags,
    summary: 'Shipments with tracking, newest first',
    querystring: Type.Object({ ...PageQuery }),
    handler: async (ctx, req) => {
      const q = req.query as { limit: number; cursor?: string }
      return listShipments(ctx.hub.db, ctx.tenantId, q)
    },
  }),
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
      const s = await findShipment(ctx.hub.db, ctx.tenantId, shipmentId)
      if (!s) throw new CrossdockError('NOT_FOUND', 'no such shipment')
      return { ...s, deliveries: await sendsOfShipment(ctx.hub.db, ctx.tenantId, shipmentId) }
    },
  }),
]
