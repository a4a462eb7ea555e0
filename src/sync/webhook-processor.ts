// The processing side of the webhook inbox: one job per stored event. The connector turns the
// event into effects with the same mappers a pull uses; effects are applied idempotently, so a
// job that runs twice (retry, replay, a crash after commit) ends in the same state.
import type { Job } from 'pg-boss'
import { getConnection } from '../db/connections.ts'
import { countInboxAttempt, getInboxRow, markInboxFailed, markInboxProcessed } from '../db/inbox.ts'
import { CrossdockError } from '../errors.ts'
import type { HubServices } from '../services.ts'
import type { WebhookJob } from './queues.ts'
import { applyEffects } from './effects.ts'
import { connectorContext } from './context.ts'

export async function processWebhookJob(hub: HubServices, job: Job<WebhookJob>): Promise<void> {
  const { tenantId, inboxId } = job.data
  const row = await getInboxRow(hub.db, tenantId, inboxId)
  // the tenant in the job must own the row: a forged or stale job touches nothing
  if (!row) throw new CrossdockError('NOT_FOUND', `inbox row ${inboxId} not found for tenant ${tenantId}`)
  if (row.status === 'processed' || row.status === 'discarded') return
  const conn = await getConnection(hub.db, tenantId, row.connection_id)
  const { connector, ctx } = connectorContext(hub, conn)
  if (!connector.webhooks)
    throw new CrossdockError('WEBHOOK_UNKNOWN_CONNECTION', `connector ${conn.kind} takes no webhooks`)
  await countInboxAttempt(hub.db, tenantId, row.id)
  try {
    const effects = await connector.webhooks.process(ctx, {
      eventId: row.event_id,
      topic: row.topic,
      payload: row.payload,
    })
    const result = await applyEffects(hub, conn, effects, { source: `webhook:${row.id}`, trigger: 'webhook' })
    await markInboxProcessed(hub.db, tenantId, row.id, result)
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err)
    await markInboxFailed(hub.db, tenantId, row.id, message)
    ctx.log.warn({ inboxId: row.id, topic: row.topic, err }, 'webhook event failed')
    // a permanent problem (the document cannot be read or mapped) will not get better by retrying:
    // it stays failed and visible in the inbox, replayable once the mapping or data is fixed
    if (err instanceof CrossdockError && !err.retryable) return
    throw err
  }
}
