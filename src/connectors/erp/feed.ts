// What an ERP may ask the hub for, signed like its documents (X-Crossdock-Timestamp and
// X-Crossdock-Signature over "<timestamp>." and the empty body, with the connection's secret):
//   GET /webhooks/erp/:connectionId/receipts/:receiptId  per-record results of a document it sent:
//       applied (created/updated), unchanged, or rejected with the reason and the field, so it can
//       fix and resend just what failed
//   GET /webhooks/erp/:connectionId/feed?cursor=&limit=  orders and shipments since a cursor, for
//       ERPs that prefer to poll rather than receive pushes
// The server mounts these for the ERP connector because it declares them (hooks in index.ts).
import { CrossdockError } from '../../errors.ts'
import type { Shipment } from '../../model/index.ts'
import type { RemoteRequest, RemoteRoute } from '../types.ts'
import { verifyErpSignature } from './auth.ts'
import type { ErpCredentials, ErpSettings } from './settings.ts'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

function authenticate(req: RemoteRequest, credentials: ErpCredentials): void {
  verifyErpSignature({ headers: req.headers, rawBody: Buffer.alloc(0), receivedAt: req.receivedAt }, [
    credentials.inboundSecret,
    credentials.previousInboundSecret,
  ])
}

/** A shipment as the feed documents it. */
function feedShipment(s: Shipment) {
  return {
    id: s.id,
    orderId: s.orderId ?? null,
    carrier: s.carrier,
    service: s.service ?? null,
    trackingNumber: s.trackingNumber,
    trackingUrl: s.trackingUrl ?? null,
    shippedAt: s.shippedAt,
    lines: s.lines,
  }
}

export const erpRemoteRoutes: RemoteRoute<ErpSettings, ErpCredentials>[] = [
  {
    method: 'GET',
    path: '/receipts/:receiptId',
    handle: async (req, conn, hub) => {
      authenticate(req, conn.credentials)
      const id = req.params.receiptId ?? ''
      const row = UUID.test(id) ? await hub.receipt(id) : undefined
      if (!row) throw new CrossdockError('NOT_FOUND', 'no such receipt')
      const records = row.outcomes.map((o) => ({
        externalId: o.externalId,
        result: o.status === 'rejected' ? 'rejected' : o.status === 'unchanged' ? 'unchanged' : 'applied',
        ...(o.error
          ? { reason: o.error.message, code: o.error.code, ...(o.error.field ? { field: o.error.field } : {}) }
          : {}),
      }))
      return {
        receiptId: row.id,
        documentId: row.eventId,
        type: row.topic,
        status: row.status === 'received' ? 'processing' : row.status,
        error: row.error,
        receivedAt: row.receivedAt,
        processedAt: row.processedAt,
        summary: {
          applied: records.filter((r) => r.result === 'applied').length,
          unchanged: records.filter((r) => r.result === 'unchanged').length,
          rejected: records.filter((r) => r.result === 'rejected').length,
        },
        records,
      }
    },
  },
  {
    method: 'GET',
    path: '/feed',
    handle: async (req, conn, hub) => {
      authenticate(req, conn.credentials)
      const limit = Math.min(500, Math.max(1, Number(req.query.limit ?? 100) || 100))
      const page = await hub.changes(req.query.cursor, limit)
      return {
        items: page.items.map((c) =>
          c.type === 'order'
            ? { type: 'order', changedAt: c.changedAt, order: c.order }
            : { type: 'shipment', changedAt: c.changedAt, shipment: feedShipment(c.shipment) },
        ),
        nextCursor: page.nextCursor,
        more: page.more,
      }
    },
  },
]
