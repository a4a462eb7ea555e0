// Event deliveries: one row per (event, subscription), with the payload (so erasure and retention
// reach it; jobs carry only ids) and every attempt (time, HTTP status, duration, error).
import { keysetPage, type Page, type PageRequest } from './keyset.ts'
import type { Queryable } from './knex.ts'

export interface Attempt {
  at: string
  status: number | null
  ms: number
  error: string | null
}

/** A delivery with what sending it needs from its subscription. */
export interface DeliveryToSend {
  id: string
  tenant_id: string
  subscription_id: string
  event: string
  payload: unknown
  status: string
  created_at: Date
  url: string
  secret_enc: string
  enabled: boolean
}

/** One delivery per subscription; returns their ids. */
export async function insertDeliveries(
  q: Queryable,
  tenantId: string,
  subscriptionIds: string[],
  event: string,
  payload: object,
): Promise<string[]> {
  if (subscriptionIds.length === 0) return []
  const body = JSON.stringify(payload)
  const rows: { id: string }[] = await q('event_deliveries')
    .insert(subscriptionIds.map((id) => ({ tenant_id: tenantId, subscription_id: id, event, payload: body })))
    .returning('id')
  return rows.map((r) => r.id)
}

/** The delivery, only when the tenant owns both it and its subscription. */
export async function deliveryToSend(
  q: Queryable,
  tenantId: string,
  deliveryId: string,
): Promise<DeliveryToSend | undefined> {
  return q('event_deliveries as d')
    .join('event_subscriptions as s', 's.id', 'd.subscription_id')
    .where({ 'd.id': deliveryId, 'd.tenant_id': tenantId, 's.tenant_id': tenantId })
    .first(
      'd.id',
      'd.tenant_id',
      'd.subscription_id',
      'd.event',
      'd.payload',
      'd.status',
      'd.created_at',
      's.url',
      's.secret_enc',
      's.enabled',
    )
}

export async function appendAttempt(
  q: Queryable,
  tenantId: string,
  deliveryId: string,
  attempt: Attempt,
  status: 'pending' | 'delivered' | 'failed',
): Promise<void> {
  await q('event_deliveries')
    .where({ tenant_id: tenantId, id: deliveryId })
    .update({
      attempts: q.raw('attempts || ?::jsonb', [JSON.stringify([attempt])]),
      status,
      ...(status === 'delivered' ? { delivered_at: q.fn.now() } : {}),
    })
}

export async function findDeliveryOf(
  q: Queryable,
  tenantId: string,
  subscriptionId: string,
  deliveryId: string,
): Promise<string | undefined> {
  const row = await q('event_deliveries')
    .where({ tenant_id: tenantId, subscription_id: subscriptionId, id: deliveryId })
    .first('id')
  return row?.id as string | undefined
}

/** Pending again (its attempts stay): a redelivery appends to the same row. */
export async function reopenDelivery(q: Queryable, tenantId: string, deliveryId: string): Promise<void> {
  await q('event_deliveries')
    .where({ tenant_id: tenantId, id: deliveryId })
    .update({ status: 'pending', delivered_at: null })
}

/** A subscription's deliveries newest first, with every attempt. */
export async function listDeliveries(
  q: Queryable,
  tenantId: string,
  subscriptionId: string,
  filter: { status?: string | undefined },
  page: PageRequest,
): Promise<Page<Record<string, unknown>>> {
  // the cursor carries milliseconds (a JS Date); compare on the same precision, or rows sharing
  // a microsecond timestamp with the page's last row would be skipped
  const inner = q('event_deliveries')
    .where({ tenant_id: tenantId, subscription_id: subscriptionId })
    .select(
      'id',
      'event',
      'payload',
      'status',
      'attempts',
      'created_at',
      'delivered_at',
      q.raw(`date_trunc('milliseconds', created_at) as created_ms`),
    )
  if (filter.status) inner.andWhere('status', filter.status)
  return keysetPage(q.from(inner.as('d')).select('*'), {
    key: 'created_ms',
    id: 'id',
    ...page,
    map: (r) => ({
      id: r.id,
      event: r.event,
      status: r.status,
      payload: r.payload,
      attempts: r.attempts,
      createdAt: r.created_at,
      deliveredAt: r.delivered_at,
    }),
  })
}
