// Routes a remote system calls beside its webhooks, declared by its connector (hooks.remoteRoutes:
// an ERP reading the receipts of its documents, or polling orders and shipments):
//   GET /webhooks/<kind>/:connectionId<path>
// The connection in the URL names the tenant; the connector authenticates the caller; what it may
// read of the hub (HubReader) is scoped to that connection and tenant.
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { HubReader, Receipt } from '../connectors/types.ts'
import { changesSince } from '../db/change-feed.ts'
import { findConnectionForWebhook, openCredentials, type ConnectionRow } from '../db/connections.ts'
import { findReceipt } from '../db/inbox.ts'
import { orderFromRow } from '../db/orders.ts'
import { shipmentFromRow } from '../db/shipments.ts'
import { CrossdockError } from '../errors.ts'
import type { HubServices } from '../services.ts'

function hubReader(hub: HubServices, conn: ConnectionRow): HubReader {
  return {
    async receipt(id) {
      const row = await findReceipt(hub.db, conn.tenant_id, conn.id, id)
      if (!row) return undefined
      return {
        id: row.id,
        eventId: row.event_id,
        topic: row.topic,
        status: row.status,
        error: row.error,
        outcomes: (row.result as { outcomes?: Receipt['outcomes'] } | null)?.outcomes ?? [],
        receivedAt: row.received_at,
        processedAt: row.processed_at,
      }
    },
    async changes(cursor, limit) {
      const page = await changesSince(hub.db, conn.tenant_id, cursor, limit)
      return {
        ...page,
        items: page.items.map((c) =>
          c.type === 'order'
            ? { type: 'order', changedAt: c.changedAt, order: orderFromRow(c.row) }
            : { type: 'shipment', changedAt: c.changedAt, shipment: shipmentFromRow(c.row) },
        ),
      }
    },
  }
}

function headersOf(req: FastifyRequest): Record<string, string | undefined> {
  const headers: Record<string, string | undefined> = {}
  for (const [k, v] of Object.entries(req.headers)) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v
  return headers
}

export async function remoteRoutes(app: FastifyInstance, hub: HubServices): Promise<void> {
  for (const connector of hub.connectors.list()) {
    const kind = connector.description.kind
    for (const route of connector.hooks?.remoteRoutes ?? []) {
      app.get<{ Params: Record<string, string>; Querystring: Record<string, string | undefined> }>(
        `/webhooks/${kind}/:connectionId${route.path}`,
        { schema: { hide: true } },
        async (req) => {
          const conn = await findConnectionForWebhook(hub.db, kind, req.params.connectionId ?? '')
          if (!conn) throw new CrossdockError('WEBHOOK_UNKNOWN_CONNECTION')
          return route.handle(
            { params: req.params, query: req.query, headers: headersOf(req), receivedAt: new Date() },
            { settings: conn.settings, credentials: openCredentials(hub.box, conn) },
            hubReader(hub, conn),
          )
        },
      )
    }
  }
}
