// Outbound event subscriptions: a URL, the events it wants, and its signing secret sealed with the
// hub's key (bound to the subscription's id, so an envelope copied to another row does not open).
import type { Queryable } from './knex.ts'

export interface SubscriptionRow {
  id: string
  url: string
  events: string[]
  enabled: boolean
  created_at: Date
}

const COLUMNS = ['id', 'url', 'events', 'enabled', 'created_at']

export async function insertSubscription(
  q: Queryable,
  s: { id: string; tenantId: string; url: string; events: string[]; secretEnc: string },
): Promise<SubscriptionRow> {
  const [row] = await q('event_subscriptions')
    .insert({ id: s.id, tenant_id: s.tenantId, url: s.url, events: s.events, secret_enc: s.secretEnc })
    .returning(COLUMNS)
  return row as SubscriptionRow
}

export async function listSubscriptionRows(q: Queryable, tenantId: string): Promise<SubscriptionRow[]> {
  return q('event_subscriptions').where({ tenant_id: tenantId }).orderBy('created_at').select(COLUMNS)
}

export async function findSubscription(
  q: Queryable,
  tenantId: string,
  id: string,
): Promise<SubscriptionRow | undefined> {
  return q('event_subscriptions').where({ tenant_id: tenantId, id }).first(COLUMNS)
}

/** Its deliveries go with it (foreign key cascade). */
export async function deleteSubscriptionRow(q: Queryable, tenantId: string, id: string): Promise<void> {
  await q('event_subscriptions').where({ tenant_id: tenantId, id }).del()
}

/** The enabled subscriptions of a tenant that asked for this event. */
export async function subscribersOf(q: Queryable, tenantId: string, event: string): Promise<string[]> {
  return q('event_subscriptions')
    .where({ tenant_id: tenantId, enabled: true })
    .whereRaw('? = any(events)', [event])
    .pluck('id')
}
