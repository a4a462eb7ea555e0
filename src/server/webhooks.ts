// One intake path for every connector's webhooks:
//   POST /webhooks/:kind/:connectionId
//   → the connector verifies the signature over the raw body (bad: 401, nothing stored)
//   → it splits the body into events
//   → inbox rows unique by (connection, event id), and a processing job per new row, enqueued
//     in the same transaction (pg-boss's knex adapter), so a row never exists without its job
//   → ack at once (200, or the connector's own status, e.g. 202 with a receipt).
// A duplicate delivery answers the same way and enqueues nothing. Routes a connector declares
// beside its webhooks (receipts, a polling feed) are mounted here too (remote-routes.ts).
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { RawWebhook } from '../connectors/types.ts'
import { findConnectionForWebhook, openCredentials } from '../db/connections.ts'
import { insertInboxEvents } from '../db/inbox.ts'
import { CrossdockError } from '../errors.ts'
import { enqueue } from '../queue/boss.ts'
import { SYNC_QUEUES, type WebhookJob } from '../sync/queues.ts'
import { remoteRoutes } from './remote-routes.ts'
import type { HubServices } from '../services.ts'

function rawWebhook(req: FastifyRequest): RawWebhook {
  const headers: Record<string, string | undefined> = {}
  for (const [k, v] of Object.entries(req.headers)) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v
  const body = req.body
  return {
    headers,
    rawBody: Buffer.isBuffer(body) ? body : Buffer.alloc(0),
    contentType: String(req.headers['content-type'] ?? ''),
    receivedAt: new Date(),
  }
}

export async function webhookRoutes(app: FastifyInstance, hub: HubServices): Promise<void> {
  await remoteRoutes(app, hub)
  // Signatures are computed over the exact bytes sent: keep the body raw, whatever its type.
  app.removeAllContentTypeParsers()
  app.addContentTypeParser(
    '*',
    { parseAs: 'buffer', bodyLimit: hub.config.webhookBodyLimitBytes },
    (_req, body, done) => done(null, body),
  )

  app.post<{ Params: { kind: string; connectionId: string } }>('/webhooks/:kind/:connectionId', async (req, reply) => {
    const { kind, connectionId } = req.params
    if (!hub.connectors.has(kind))
      throw new CrossdockError('WEBHOOK_UNKNOWN_CONNECTION', `no connector of kind "${kind}"`)
    const connector = hub.connectors.get(kind)
    const spec = connector.webhooks
    const conn = await findConnectionForWebhook(hub.db, kind, connectionId)
    if (!spec || !conn) throw new CrossdockError('WEBHOOK_UNKNOWN_CONNECTION')

    const raw = rawWebhook(req)
    spec.verify(raw, { settings: conn.settings, credentials: openCredentials(hub.box, conn) })
    const events = spec.parse(raw, { settings: conn.settings })

    const inserted = await hub.db.transaction(async (trx) => {
      const rows = await insertInboxEvents(trx, conn, raw.contentType, events)
      for (const row of rows) {
        const job: WebhookJob = { tenantId: conn.tenant_id, inboxId: row.id }
        await enqueue(hub.boss, trx, SYNC_QUEUES.webhookProcess, job, { singletonKey: row.id })
      }
      return rows
    })
    req.log.info(
      {
        kind,
        connectionId,
        events: events.length,
        new: inserted.length,
        topics: [...new Set(events.map((e) => e.topic))],
      },
      'webhook accepted',
    )

    const receipts = inserted.map((r) => ({ id: r.id, eventId: r.eventId }))
    void reply.status(spec.ackStatus ?? 200)
    return {
      accepted: events.length,
      duplicates: events.length - inserted.length,
      receipts,
      ...(receipts.length === 1 ? { receiptId: receipts[0]!.id } : {}),
    }
  })
}
