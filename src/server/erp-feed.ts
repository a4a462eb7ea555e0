// What an ERP may ask the hub for, signed like its documents (X-Crossdock-Timestamp and
// X-Crossdock-Signature over "<timestamp>." and the empty body, with the connection's secret):
//   GET /webhooks/erp/:connectionId/receipts/:receiptId  per-record results of a document it sent:
//       applied (created/updated), unchanged, or rejected with the reason and the field, so it can
//       fix and resend just what failed
//   GET /webhooks/erp/:connectionId/feed?cursor=&limit=  orders and shipments since a cursor, for
//       ERPs that prefer to poll rather than receive pushes
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { verifyErpSignature } from '../connectors/erp/auth.ts'
import { findConnectionForWebhook, isUuid, openCredentials, type ConnectionRow } from '../db/connections.ts'
import { CrossdockError } from '../errors.ts'
import type { HubServices } from '../services.ts'
import { changesSince } from '../db/change-feed.ts'
import { findReceipt } from '../db/inbox.ts'
import { orderFromRow } from '../db/orders.ts'
import { shipmentView } from '../db/shipments.ts'

async function authenticate(
  hub: HubServices,
  req: FastifyRequest<{ Params: { connectionId: string } }>,
): Promise<ConnectionRow> {
  const conn = await findConnectionForWebhook(hub.db, 'erp', req.params.connectionId)
  if (!conn) throw new CrossdockError('WEBHOOK_UNKNOWN_CONNECTION')
  const headers: Record<string, string | undefined> = {}
  for (const [k, v] of Object.entries(req.headers)) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v
  const creds = openCredentials<{ inboundSecret?: string; previousInboundSecret?: string }>(hub.box, conn)
  verifyErpSignature({ headers, rawBody: Buffer.alloc(0), receivedAt: new Date() }, [
    creds.inboundSecret,
    creds.previousInboundSecret,
  ])
  return conn
}

type Outcome = { externalId: string; status: string; error?: { code: string; message: string; field?: string } }

export async function erpFeedRoutes(app: FastifyInstance, hub: HubServices): Promise<void> {
  app.get<{ Params: { connectionId: string; receiptId: string } }>(
    '/webhooks/erp/:connectionId/receipts/:receiptId',
    async (req) => {
      const conn = await authenticate(hub, req)
      const row = isUuid(req.params.receiptId)
        ? await findReceipt(hub.db, conn.tenant_id, conn.id, req.params.receiptId)
        : undefined
      if (!row) throw new CrossdockError('NOT_FOUND', 'no such receipt')
      const outcomes: Outcome[] = (row.result as { outcomes?: Outcome[] } | null)?.outcomes ?? []
      const records = outcomes.map((o) => ({
        externalId: o.externalId,
        result: o.status === 'rejected' ? 'rejected' : o.status === 'unchanged' ? 'unchanged' : 'applied',
        ...(o.error
          ? { reason: o.error.message, code: o.error.code, ...(o.error.field ? { field: o.error.field } : {}) }
          : {}),
      }))
      return {
        receiptId: row.id,
        documentId: row.event_id,
        type: row.topic,
        status: row.status === 'received' ? 'processing' : row.status,
        error: row.error,
        receivedAt: row.received_at,
        processedAt: row.processed_at,
        summary: {
          applied: records.filter((r) => r.result === 'applied').length,
          unchanged: records.filter((r) => r.result === 'unchanged').length,
          rejected: records.filter((r) => r.result === 'rejected').length,
        },
        records,
      }
    },
  )

  app.get<{ Params: { connectionId: string }; Querystring: { cursor?: string; limit?: string } }>(
    '/webhooks/erp/:connectionId/feed',
    async (req) => {
      const conn = await authenticate(hub, req)
      const limit = Math.min(500, Math.max(1, Number(req.query.limit ?? 100) || 100))
      const page = await changesSince(hub.db, conn.tenant_id, req.query.cursor, limit)
      return {
        items: page.items.map((c) =>
          c.type === 'order'
            ? { type: 'order', changedAt: c.changedAt, order: orderFromRow(c.row) }
            : { type: 'shipment', changedAt: c.changedAt, shipment: shipmentView(c.row) },
        ),
        nextCursor: page.nextCursor,
        more: page.more,
      }
    },
  )
}
