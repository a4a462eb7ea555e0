// Privacy duties over the API: export everything held on one buyer, erase a buyer, and the
// retention of raw payloads. Erasure and retention are the owner's; export is an admin's.
import { Type } from 'typebox'
import {
  eraseBuyer,
  exportBuyer,
  getRetentionDays,
  hashEmail,
  MAX_RETENTION_DAYS,
  MIN_RETENTION_DAYS,
  setRetentionDays,
} from '../../privacy/index.ts'
import { defineRoute, type ApiContext, type ApiRoute } from './framework.ts'

const tags = ['privacy']
const Email = Type.String({ minLength: 3, maxLength: 320, pattern: '^[^@\\s]+@[^@\\s]+$' })

function actorOf(ctx: ApiContext): string {
  return ctx.principal.userId ? `user:${ctx.principal.userId}` : `token:${ctx.principal.tokenId}`
}

export const privacyRoutes: ApiRoute[] = [
  defineRoute({
    method: 'GET',
    url: '/privacy/buyers/export',
    role: 'admin',
    tags,
    summary: 'Everything held on one buyer: their orders with shipments, and every stored payload that mentions them',
    querystring: Type.Object({ email: Email }),
    handler: async (ctx, req) => {
      const { email } = req.query as { email: string }
      const out = await exportBuyer(ctx.hub.db, ctx.tenantId, email)
      await ctx.audit('privacy.buyer_exported', 'buyer', hashEmail(email), {
        orders: out.orders.length,
        webhookPayloads: out.webhookPayloads.length,
        syncFailures: out.syncFailures.length,
        eventDeliveries: out.eventDeliveries.length,
      })
      return out
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/privacy/buyers/erase',
    role: 'owner',
    tags,
    summary:
      'Erase a buyer: their PII becomes a tombstone in orders and stored payloads; order history and totals stay',
    example: { email: 'erase.me@example.com' },
    body: Type.Object({ email: Email }, { additionalProperties: false }),
    handler: async (ctx, req) => {
      const { email } = req.body as { email: string }
      const r = await eraseBuyer(ctx.hub.db, ctx.tenantId, { email }, actorOf(ctx))
      return { erased: true, emailHash: hashEmail(email), orders: r.orderIds.length, counts: r.counts }
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/privacy/retention',
    role: 'owner',
    tags,
    summary: 'How many days raw payloads are kept (null: for ever)',
    handler: async (ctx) => ({ retentionDays: await getRetentionDays(ctx.hub.db, ctx.tenantId) }),
  }),
  defineRoute({
    method: 'PUT',
    url: '/privacy/retention',
    role: 'owner',
    tags,
    summary: 'Set how many days raw payloads are kept; a daily job purges older ones',
    example: { retentionDays: 90 },
    // not a union with null: the API's ajv coerces types, and would read 0 as null or null as 0
    body: Type.Object(
      {
        retentionDays: Type.Integer({
          minimum: 0,
          maximum: MAX_RETENTION_DAYS,
          description: `days, ${MIN_RETENTION_DAYS}–${MAX_RETENTION_DAYS}; 0 (or null) keeps raw payloads for ever`,
        }),
      },
      { additionalProperties: false },
    ),
    handler: async (ctx, req) => {
      const { retentionDays } = req.body as { retentionDays: number }
      await setRetentionDays(ctx.hub.db, ctx.tenantId, retentionDays === 0 ? null : retentionDays)
      await ctx.audit('privacy.retention_set', 'tenant', ctx.tenantId, { retentionDays })
      return { retentionDays: await getRetentionDays(ctx.hub.db, ctx.tenantId) }
    },
  }),
]
