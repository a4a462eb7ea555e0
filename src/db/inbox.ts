// The webhook inbox: every verified event, stored once per (connection, event id), then
// processed by a job. A row is the replayable record of what a remote system told us.
import type { Knex } from 'knex'
import { keysetPage, type Page, type PageRequest } from './keyset.ts'
import type { Db, Queryable } from './knex.ts'

export interface InboxRow {
  id: string
  tenant_id: string
  connection_id: string
  kind: string
  event_id: string
  topic: string
  content_type: string | null
  payload: unknown
  status: 'received' | 'processed' | 'failed' | 'discarded'
  attempts: number
  error: string | null
  result: unknown
  received_at: Date
  processed_at: Date | null
}

/** Insert events; returns the ids of the rows that were new (duplicates are skipped silently). */
export async function insertInboxEvents(
  trx: Knex.Transaction | Db,
  conn: { id: string; tenant_id: string; kind: string },
  contentType: string,
  events: { eventId: string; topic: string; payload: unknown }[],
): Promise<{ id: string; eventId: string }[]> {
  if (events.length === 0) return []
  const rows = events.map((e) => ({
    tenant_id: conn.tenant_id,
    connection_id: conn.id,
    kind: conn.kind,
    event_id: e.eventId,
    topic: e.topic,
    content_type: contentType,
    payload: JSON.stringify(e.payload ?? null),
  }))
  const inserted = await trx('webhook_inbox')
    .insert(rows)
    .onConflict(['connection_id', 'event_id'])
    .ignore()
    .returning(['id', 'event_id'])
  return inserted.map((r: { id: string; event_id: string }) => ({ id: r.id, eventId: r.event_id }))
}

export async function getInboxRow(db: Queryable, tenantId: string, id: string): Promise<InboxRow | undefined> {
  return (await db('webhook_inbox').where({ tenant_id: tenantId, id }).first()) as InboxRow | undefined
}

export async function findInboxByEvent(db: Db, connectionId: string, eventId: string): Promise<InboxRow | undefined> {
  return (await db('webhook_inbox').where({ connection_id: connectionId, event_id: eventId }).first()) as
    InboxRow | undefined
}

/** An event of one connection by its receipt id (what the remote system was told when we took it). */
export async function findReceipt(
  q: Queryable,
  tenantId: string,
  connectionId: string,
  id: string,
): Promise<InboxRow | undefined> {
  return (await q('webhook_inbox').where({ tenant_id: tenantId, connection_id: connectionId, id }).first()) as
    InboxRow | undefined
}

export async function countInboxAttempt(q: Queryable, tenantId: string, id: string): Promise<void> {
  await q('webhook_inbox').where({ tenant_id: tenantId, id }).increment('attempts', 1)
}

export async function markInboxProcessed(q: Queryable, tenantId: string, id: string, result: unknown): Promise<void> {
  await q('webhook_inbox')
    .where({ tenant_id: tenantId, id })
    .update({ status: 'processed', processed_at: q.fn.now(), error: null, result: JSON.stringify(result) })
}

export async function markInboxFailed(q: Queryable, tenantId: string, id: string, error: string): Promise<void> {
  await q('webhook_inbox').where({ tenant_id: tenantId, id }).update({ status: 'failed', error })
}

/** Back to received, to be processed again; false when the tenant has no such event. */
export async function reopenInboxEvent(q: Queryable, tenantId: string, id: string): Promise<boolean> {
  return (await q('webhook_inbox').where({ tenant_id: tenantId, id }).update({ status: 'received', error: null })) > 0
}

export async function discardInboxEvent(q: Queryable, tenantId: string, id: string, reason: string): Promise<boolean> {
  return (
    (await q('webhook_inbox')
      .where({ tenant_id: tenantId, id })
      .update({ status: 'discarded', error: `discarded: ${reason}` })) > 0
  )
}

/** Events newest first (without their payloads). */
export async function listInbox(
  q: Queryable,
  tenantId: string,
  filter: { status?: string | undefined; connectionId?: string | undefined },
  page: PageRequest,
): Promise<Page<Record<string, unknown>>> {
  const query = q('webhook_inbox')
    .where({ tenant_id: tenantId })
    .select(
      'id',
      'connection_id',
      'kind',
      'event_id',
      'topic',
      'status',
      'attempts',
      'error',
      'received_at',
      'processed_at',
    )
  if (filter.status) query.andWhere('status', filter.status)
  if (filter.connectionId) query.andWhere('connection_id', filter.connectionId)
  return keysetPage(query, { key: 'received_at', id: 'id', ...page })
}
