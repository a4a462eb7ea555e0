// Where a buyer's personal data is stored, and the statements privacy duties run on it: finding a
// buyer's orders and the stored payloads that mention them (webhook bodies, failed records' raw
// copies, outbound event bodies, run errors), replacing their PII with a tombstone, and purging
// raw payloads past a tenant's retention. The privacy module decides what to scrub; this file
// only reads and writes rows, always within one tenant.
import type { Knex } from 'knex'
import type { Queryable } from './knex.ts'
import type { OrderRow } from './orders.ts'

/** What privacy reads of an order (never the engine's routing columns). */
export type BuyerOrderRow = Pick<
  OrderRow,
  | 'id'
  | 'connection_id'
  | 'external_id'
  | 'external_number'
  | 'channel'
  | 'status'
  | 'currency'
  | 'lines'
  | 'totals'
  | 'buyer'
  | 'shipping_address'
  | 'buyer_email_hash'
  | 'placed_at'
  | 'pii_erased_at'
>

/** Tables that keep raw payloads or free text that may quote a buyer. */
export type PayloadTable = 'webhook_inbox' | 'sync_run_failures' | 'event_deliveries' | 'sync_runs' | 'shipments'

/** A buyer's orders: by their email's hash, by our ids, or by a channel's ids on one connection. */
export async function findBuyerOrders(
  q: Queryable,
  tenantId: string,
  sel: { emailHash?: string; orderIds: string[]; connectionId?: string; externalIds: string[] },
  opts: { forUpdate?: boolean } = {},
): Promise<BuyerOrderRow[]> {
  const query = q('orders')
    .where({ tenant_id: tenantId })
    .andWhere((w) => {
      if (sel.emailHash) w.orWhere('buyer_email_hash', sel.emailHash)
      if (sel.orderIds.length) w.orWhereIn('id', sel.orderIds)
      if (sel.connectionId && sel.externalIds.length)
        w.orWhere((x) => x.where('connection_id', sel.connectionId!).whereIn('external_id', sel.externalIds))
    })
    .orderBy('placed_at')
    .select(
      'id',
      'connection_id',
      'external_id',
      'external_number',
      'channel',
      'status',
      'currency',
      'lines',
      'totals',
      'buyer',
      'shipping_address',
      'buyer_email_hash',
      'placed_at',
      'pii_erased_at',
    )
  if (opts.forUpdate) query.forUpdate()
  return (await query) as BuyerOrderRow[]
}

/** Inbox events whose payload, result or error matches any of these ILIKE patterns. */
export async function inboxIdsMatching(q: Queryable, tenantId: string, likes: string[]): Promise<string[]> {
  if (likes.length === 0) return []
  return q('webhook_inbox')
    .where({ tenant_id: tenantId })
    .andWhere((w) =>
      w
        .whereRaw('payload::text ilike any(?::text[])', [likes])
        .orWhereRaw('result::text ilike any(?::text[])', [likes])
        .orWhereRaw('error ilike any(?::text[])', [likes]),
    )
    .pluck('id')
}

/** Inbox events of one connection whose payload matches a POSIX regex (an order's id as a token). */
export async function inboxIdsWithToken(
  q: Queryable,
  tenantId: string,
  connectionId: string,
  regex: string,
): Promise<string[]> {
  return q('webhook_inbox')
    .where({ tenant_id: tenantId, connection_id: connectionId })
    .whereRaw('payload::text ~ ?', [regex])
    .pluck('id')
}

export async function failureIdsMatching(q: Queryable, tenantId: string, likes: string[]): Promise<string[]> {
  if (likes.length === 0) return []
  return q('sync_run_failures')
    .where({ tenant_id: tenantId })
    .andWhere((w) =>
      w.whereRaw('payload::text ilike any(?::text[])', [likes]).orWhereRaw('message ilike any(?::text[])', [likes]),
    )
    .pluck('id')
}

/** Failed records of one connection with these external ids. */
export async function failureIdsOfRecords(
  q: Queryable,
  tenantId: string,
  connectionId: string,
  externalIds: string[],
): Promise<string[]> {
  if (externalIds.length === 0) return []
  return q('sync_run_failures')
    .where({ tenant_id: tenantId })
    .whereIn('external_id', externalIds)
    .whereIn('run_id', q('sync_runs').select('id').where({ tenant_id: tenantId, connection_id: connectionId }))
    .pluck('id')
}

export async function eventDeliveryIdsMatching(q: Queryable, tenantId: string, likes: string[]): Promise<string[]> {
  if (likes.length === 0) return []
  return q('event_deliveries')
    .where({ tenant_id: tenantId })
    .whereRaw('payload::text ilike any(?::text[])', [likes])
    .pluck('id')
}

export async function runIdsMatching(q: Queryable, tenantId: string, likes: string[]): Promise<string[]> {
  if (likes.length === 0) return []
  return q('sync_runs').where({ tenant_id: tenantId }).whereRaw('error ilike any(?::text[])', [likes]).pluck('id')
}

// ---- one connection's whole footprint (a shop that asked for its data gone) ---------------------

export async function lockOrderIdsOfConnection(
  trx: Knex.Transaction,
  tenantId: string,
  connectionId: string,
): Promise<string[]> {
  return trx('orders').where({ tenant_id: tenantId, connection_id: connectionId }).orderBy('id').forUpdate().pluck('id')
}

export async function buyerEmailsOfConnection(q: Queryable, tenantId: string, connectionId: string): Promise<string[]> {
  const rows: { email: string }[] = await q('orders')
    .where({ tenant_id: tenantId, connection_id: connectionId })
    .whereRaw(`buyer->>'email' like '%@%'`)
    .distinct(q.raw(`lower(buyer->>'email') as email`))
  return rows.map((r) => r.email)
}

export async function inboxIdsOfConnection(q: Queryable, tenantId: string, connectionId: string): Promise<string[]> {
  return q('webhook_inbox').where({ tenant_id: tenantId, connection_id: connectionId }).pluck('id')
}

export async function failureIdsOfConnection(q: Queryable, tenantId: string, connectionId: string): Promise<string[]> {
  return q('sync_run_failures')
    .where({ tenant_id: tenantId })
    .whereIn('run_id', q('sync_runs').select('id').where({ tenant_id: tenantId, connection_id: connectionId }))
    .pluck('id')
}

export async function failedRunIdsOfConnection(
  q: Queryable,
  tenantId: string,
  connectionId: string,
): Promise<string[]> {
  return q('sync_runs').where({ tenant_id: tenantId, connection_id: connectionId }).whereNotNull('error').pluck('id')
}

/** Event bodies that name the connection or one of these orders. */
export async function eventDeliveryIdsNaming(
  q: Queryable,
  tenantId: string,
  connectionId: string,
  orderIds: string[],
): Promise<string[]> {
  return q('event_deliveries')
    .where({ tenant_id: tenantId })
    .andWhere((w) =>
      w
        .whereRaw(`payload->>'connectionId' = ?`, [connectionId])
        .orWhereRaw(`payload->>'orderId' = any(?::text[])`, [orderIds]),
    )
    .pluck('id')
}

// ---- reading and scrubbing ----------------------------------------------------------------------

export async function payloadRows(
  q: Queryable,
  table: PayloadTable,
  tenantId: string,
  ids: string[],
  columns: string[],
): Promise<Record<string, any>[]> {
  if (ids.length === 0) return []
  return q(table).where({ tenant_id: tenantId }).whereIn('id', ids).select(columns)
}

export async function updatePayloadRow(
  q: Queryable,
  table: PayloadTable,
  tenantId: string,
  id: string,
  columns: Record<string, unknown>,
): Promise<void> {
  await q(table).where({ tenant_id: tenantId, id }).update(columns)
}

/**
 * Replace the buyer and every address field but the country with `tombstone`, forget the email's
 * hash and stamp the erasure; order history, lines and totals stay.
 */
export async function tombstoneOrders(
  trx: Knex.Transaction,
  tenantId: string,
  orderIds: string[],
  tombstone: string,
): Promise<number> {
  if (orderIds.length === 0) return 0
  const r = await trx.raw(
    `update orders set
      buyer = case when jsonb_typeof(buyer) = 'object'
        then (select coalesce(jsonb_object_agg(k, to_jsonb(?::text)), '{}'::jsonb) from jsonb_each(buyer) as e(k, v))
        else null end,
      shipping_address = case when jsonb_typeof(shipping_address) = 'object'
        then (select coalesce(jsonb_object_agg(k, case when k = 'country' then v else to_jsonb(?::text) end), '{}'::jsonb)
              from jsonb_each(shipping_address) as e(k, v))
        else null end,
      buyer_email_hash = null, pii_erased_at = now(), updated_at = now()
    where tenant_id = ? and id = any(?::uuid[])`,
    [tombstone, tombstone, tenantId, orderIds],
  )
  return r.rowCount ?? 0
}

// ---- retention ------------------------------------------------------------------------------------

/**
 * Null out up to `batch` raw payloads older than `days` (inbox events still waiting to be
 * processed keep theirs); returns how many went.
 */
export async function purgeInboxPayloads(q: Queryable, tenantId: string, days: number, batch: number): Promise<number> {
  const r = await q.raw(
    `update webhook_inbox set payload = null where id in (
      select id from webhook_inbox where tenant_id = ? and received_at < now() - make_interval(days => ?)
        and payload is not null and status <> 'received' limit ?)`,
    [tenantId, days, batch],
  )
  return r.rowCount ?? 0
}

export async function purgeFailurePayloads(
  q: Queryable,
  tenantId: string,
  days: number,
  batch: number,
): Promise<number> {
  const r = await q.raw(
    `update sync_run_failures set payload = null where id in (
      select id from sync_run_failures where tenant_id = ? and created_at < now() - make_interval(days => ?)
        and payload is not null limit ?)`,
    [tenantId, days, batch],
  )
  return r.rowCount ?? 0
}
