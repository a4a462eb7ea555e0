// Outbound event subscriptions: list, create (the signing secret is shown in that answer only),
// delete, the deliveries of one subscription with every attempt, and redeliver.
import { Type } from 'typebox'
import {
  createSubscription,
  deleteSubscription,
  EVENT_TYPES,
  getSubscription,
  listSubscriptions,
  redeliver,
} from '../../sync/outbound/index.ts'
import { listDeliveries } from '../../db/event-deliveries.ts'
import { defineRoute, PageQuery, type ApiRoute } from './framework.ts'

const tags = ['events']
// enum, not a union of consts: the OpenAPI document is 3.0, which has no `const`
const EventName = Type.Enum([...EVENT_TYPES])

export const eventRoutes: ApiRoute[] = [
  defineRoute({
    method: 'GET',
    url: '/subscriptions',
    role: 'admin',
    tags,
    summary: 'Event subscriptions (never their secrets)',
    handler: async (ctx) => ({ items: await listSubscriptions(ctx.hub.db, ctx.tenantId) }),
  }),
  defineRoute({
    method: 'POST',
    url: '/subscriptions',
    role: 'admin',
    tags,
    status: 201,
    summary: 'Subscribe a URL to events; the signing secret is shown in this answer only',
    example: { url: 'https://apps.example.com/crossdock/events', events: ['order.imported', 'shipment.created'] },
    body: Type.Object(
      {
        url: Type.String({
          minLength: 8,
          maxLength: 2000,
          description: 'https (http only for 127.0.0.1 or localhost)',
        }),
        events: Type.Array(EventName, { minItems: 1, maxItems: EVENT_TYPES.length, uniqueItems: true }),
      },
      { additionalProperties: false },
    ),
    handler: async (ctx, req) => {
      const body = req.body as { url: string; events: string[] }
      const sub = await createSubscription(ctx.hub.db, ctx.hub.box, ctx.tenantId, body)
      const u = new URL(sub.url)
      // the query string may carry the subscriber's own routing keys: keep it out of the audit trail
      await ctx.audit('subscription.created', 'subscription', sub.id, {
        url: `${u.origin}${u.pathname}`,
        events: sub.events,
      })
      return sub
    },
  }),
  defineRoute({
    method: 'DELETE',
    url: '/subscriptions/:subscriptionId',
    role: 'admin',
    tags,
    params: { subscriptionId: 'subscription' },
    summary: 'Delete a subscription and its delivery history',
    handler: async (ctx, req) => {
      const sub = await deleteSubscription(
        ctx.hub.db,
        ctx.tenantId,
        (req.params as { subscriptionId: string }).subscriptionId,
      )
      await ctx.audit('subscription.deleted', 'subscription', sub.id, { events: sub.events })
      return { deleted: true }
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/subscriptions/:subscriptionId/deliveries',
    role: 'ops',
    tags,
    params: { subscriptionId: 'subscription' },
    summary: 'Deliveries of one subscription, newest first, with every attempt (time, HTTP status, duration, error)',
    querystring: Type.Object({ ...PageQuery, status: Type.Optional(Type.Enum(['pending', 'delivered', 'failed'])) }),
    handler: async (ctx, req) => {
      const sub = await getSubscription(
        ctx.hub.db,
        ctx.tenantId,
        (req.params as { subscriptionId: string }).subscriptionId,
      )
      const q = req.query as { limit: number; cursor?: string; status?: string }
      return listDeliveries(ctx.hub.db, ctx.tenantId, sub.id, { status: q.status }, q)
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/subscriptions/:subscriptionId/deliveries/:deliveryId/redeliver',
    role: 'ops',
    tags,
    status: 202,
    params: { subscriptionId: 'subscription', deliveryId: 'delivery' },
    summary: 'Send a delivery again (its attempts are appended to the same delivery)',
    handler: async (ctx, req) => {
      const { subscriptionId, deliveryId } = req.params as { subscriptionId: string; deliveryId: string }
      const r = await redeliver(ctx.hub.db, ctx.hub.boss, ctx.tenantId, subscriptionId, deliveryId)
      await ctx.audit('delivery.redelivered', 'delivery', r.id, { subscriptionId })
      return r
    },
  }),
]
