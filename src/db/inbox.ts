// The webhook inbox: every verified event, stored once per (connection, event id), then
// processed by a job. A row is the replayable record of what a remote system told us.
import type { Knex } from 'knex'
import type { Db } from './knex.ts'

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

export async function getInboxRow(db: Db, tenantId: string, id: string): Promise<InboxRow | undefined> {
  return (await db('webhook_inbox').where({ tenant_id: tenantId, id }).first()) as InboxRow | undefined
}

export async function findInboxByEvent(db: Db, connectionId: string, eventId: string): Promise<InboxRow | undefined> {
  return (await db('webhook_inbox').where({ connection_id: connectionId, event_id: eventId }).first()) as
    InboxRow | undefined
}
