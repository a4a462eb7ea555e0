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
import { orderFromRow } from '../sync/orders/documents.ts'
import { decodeCursor, encodeCursor } from '../db/keyset.ts'

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
        ? await hub
            .db('webhook_inbox')
            .where({ connection_id: conn.id, id: req.params.receiptId })
            .first('id', 'event_id', 'topic', 'status', 'error', 'result', 'received_at', 'processed_at')
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
      const after = decodeCursor(req.query.cursor)
      // orders and shipments of the tenant by the time they last changed, oldest first
      const rows = await hub.db.raw(
        `
      select *, updated_at::text as at_exact from (
        select 'order' as kind, id, updated_at from orders where tenant_id = ?
        union all
        select 'shipment' as kind, id, updated_at from shipments where tenant_id = ?
      ) changes
      where (?::timestamptz is null or (updated_at, id::text) > (?::timestamptz, ?))
      order by updated_at, id limit ?`,
        [conn.tenant_id, conn.tenant_id, after?.[0] ?? null, after?.[0] ?? null, String(after?.[1] ?? ''), limit],
      )
      const items = []
      for (const r of rows.rows as { kind: string; id: string; updated_at: Date }[]) {
        if (r.kind === 'order') {
          const o = await hub.db('orders').where({ tenant_id: conn.tenant_id, id: r.id }).first()
          items.push({ type: 'order', changedAt: r.updated_at, order: orderFromRow(o) })
        } else {
          const s = await hub.db('shipments').where({ tenant_id: conn.tenant_id, id: r.id }).first()
          items.push({
            type: 'shipment',
            changedAt: r.updated_at,
            shipment: {
              id: s.id,
              orderId: s.order_id,
              carrier: s.carrier,
              service: s.service,
              trackingNumber: s.tracking_number,
              trackingUrl: s.tracking_url,
              shippedAt: s.shipped_at,
              lines: s.lines,
            },
          })
        }
      }
      // the cursor keeps Postgres's microseconds: a JavaScript Date would round them away and repeat rows
      const last = rows.rows[rows.rows.length - 1] as { id: string; at_exact: string } | undefined
      return {
        items,
        nextCursor: last ? encodeCursor(last.at_exact, last.id) : (req.query.cursor ?? null),
        more: rows.rows.length === limit,
      }
    },
  )
}
