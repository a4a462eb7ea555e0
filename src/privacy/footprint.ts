// Where one buyer's data lives: their orders (found by the hash of their email, or by order ids a
// channel names), and the stored payloads that mention them: webhook bodies, failed records,
// outbound event bodies, run errors. Export reads this footprint; erasure scrubs it.
//
// A payload belongs to the buyer when it contains their email, or when it is a payload of one of
// their orders (it carries the order's external id, as a whole token, from the same connection).
// A batched payload (an ERP document with several orders) then loses every person in it: the
// raw copy is not the record of the order (the orders table is), so erring on the side of
// erasing is the safe way round.
import { createHash } from 'node:crypto'
import type { Knex } from 'knex'

export interface BuyerSelector {
  email?: string
  /** the hub's order ids */
  orderIds?: string[]
  /** a channel's order ids, on one connection (Shopify customers/redact names them) */
  connectionId?: string
  orderExternalIds?: string[]
}

export interface OrderRow {
  id: string
  connection_id: string
  external_id: string
  external_number: string | null
  channel: string
  status: string
  currency: string
  lines: unknown
  totals: unknown
  buyer: { name?: string; email?: string; phone?: string } | null
  shipping_address: Record<string, unknown> | null
  buyer_email_hash: string | null
  placed_at: Date
  pii_erased_at: Date | null
}

export interface Footprint {
  orders: OrderRow[]
  /** lower-cased emails of the buyer (asked for, and read from the orders before erasure) */
  emails: string[]
  emailHashes: string[]
  /** strings that identify the buyer inside their payloads: emails, names, phones, streets */
  needles: string[]
  webhookIds: string[]
  failureIds: string[]
  deliveryIds: string[]
  runIds: string[]
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
/** shorter external ids ("17") would match unrelated numbers in other payloads */
const MIN_EXTERNAL_ID_LENGTH = 5

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase()
}

/** The same hash orders.buyer_email_hash holds (see emailHash in sync/orders/upsert-order.ts). */
export function hashEmail(email: string): string {
  return createHash('sha256').update(normalizeEmail(email)).digest('hex')
}

export function likePattern(s: string): string {
  return `%${s.replace(/[\\%_]/g, '\\$&')}%`
}

/** A POSIX regex matching any of `ids` as a whole token inside JSON text. */
export function tokenRegex(ids: string[]): string {
  const alt = ids.map((id) => id.replace(/[^A-Za-z0-9]/g, '\\$&')).join('|')
  return `(^|[^A-Za-z0-9_-])(${alt})([^A-Za-z0-9_-]|$)`
}

function chunks<T>(list: T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size))
  return out
}

export async function findBuyerOrders(
  q: Knex | Knex.Transaction,
  tenantId: string,
  sel: BuyerSelector,
  opts: { forUpdate?: boolean } = {},
): Promise<OrderRow[]> {
  const orderIds = (sel.orderIds ?? []).filter((id) => UUID.test(id))
  const externalIds = sel.connectionId && UUID.test(sel.connectionId) ? (sel.orderExternalIds ?? []) : []
  if (!sel.email && orderIds.length === 0 && externalIds.length === 0) return []
  const query = q('orders')
    .where({ tenant_id: tenantId })
    .andWhere((w) => {
      if (sel.email) w.orWhere('buyer_email_hash', hashEmail(sel.email))
      if (orderIds.length) w.orWhereIn('id', orderIds)
      if (externalIds.length)
        w.orWhere((x) => x.where('connection_id', sel.connectionId!).whereIn('external_id', externalIds))
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
  return (await query) as OrderRow[]
}

function needlesOf(emails: string[], orders: OrderRow[]): string[] {
  const out = new Set(emails)
  for (const o of orders) {
    for (const v of [
      o.buyer?.name,
      o.buyer?.phone,
      o.shipping_address?.name,
      o.shipping_address?.line1,
      o.shipping_address?.line2,
      o.shipping_address?.phone,
      o.shipping_address?.company,
    ]) {
      if (typeof v === 'string' && v.trim().length >= 4 && v !== '[erased]') out.add(v.trim().toLowerCase())
    }
  }
  return [...out]
}

/** Everything held on one buyer, as ids (and the orders themselves). Reads only. */
export async function buyerFootprint(
  q: Knex | Knex.Transaction,
  tenantId: string,
  sel: BuyerSelector,
  opts: { forUpdate?: boolean } = {},
): Promise<Footprint> {
  const orders = await findBuyerOrders(q, tenantId, sel, opts)
  const emails = [
    ...new Set([
      ...(sel.email ? [normalizeEmail(sel.email)] : []),
      ...orders
        .map((o) => o.buyer?.email)
        .filter((e): e is string => typeof e === 'string' && e.includes('@'))
        .map(normalizeEmail),
    ]),
  ]
  const emailLikes = emails.map(likePattern)
  const byConnection = new Map<string, string[]>()
  for (const o of orders) {
    if (o.external_id.length < MIN_EXTERNAL_ID_LENGTH) continue
    byConnection.set(o.connection_id, [...(byConnection.get(o.connection_id) ?? []), o.external_id])
  }

  const webhookIds = new Set<string>()
  if (emailLikes.length) {
    const rows = await q('webhook_inbox')
      .where({ tenant_id: tenantId })
      .andWhere((w) =>
        w
          .whereRaw('payload::text ilike any(?::text[])', [emailLikes])
          .orWhereRaw('result::text ilike any(?::text[])', [emailLikes])
          .orWhereRaw('error ilike any(?::text[])', [emailLikes]),
      )
      .pluck('id')
    for (const id of rows) webhookIds.add(id)
  }
  for (const [connectionId, ids] of byConnection) {
    for (const part of chunks(ids, 100)) {
      const rows = await q('webhook_inbox')
        .where({ tenant_id: tenantId, connection_id: connectionId })
        .whereRaw('payload::text ~ ?', [tokenRegex(part)])
        .pluck('id')
      for (const id of rows) webhookIds.add(id)
    }
  }

  const failureIds = new Set<string>()
  if (emailLikes.length) {
    const rows = await q('sync_run_failures')
      .where({ tenant_id: tenantId })
      .andWhere((w) =>
        w
          .whereRaw('payload::text ilike any(?::text[])', [emailLikes])
          .orWhereRaw('message ilike any(?::text[])', [emailLikes]),
      )
      .pluck('id')
    for (const id of rows) failureIds.add(id)
  }
  for (const [connectionId, ids] of byConnection) {
    for (const part of chunks(ids, 500)) {
      const rows = await q('sync_run_failures')
        .where({ tenant_id: tenantId })
        .whereIn('external_id', part)
        .whereIn('run_id', q('sync_runs').select('id').where({ tenant_id: tenantId, connection_id: connectionId }))
        .pluck('id')
      for (const id of rows) failureIds.add(id)
    }
  }

  const deliveryIds = new Set<string>()
  const orderLikes = orders.map((o) => likePattern(o.id))
  for (const part of chunks([...emailLikes, ...orderLikes], 200)) {
    const rows = await q('event_deliveries')
      .where({ tenant_id: tenantId })
      .whereRaw('payload::text ilike any(?::text[])', [part])
      .pluck('id')
    for (const id of rows) deliveryIds.add(id)
  }

  const runIds = emailLikes.length
    ? await q('sync_runs')
        .where({ tenant_id: tenantId })
        .whereRaw('error ilike any(?::text[])', [emailLikes])
        .pluck('id')
    : []

  return {
    orders,
    emails,
    emailHashes: emails.map(hashEmail),
    needles: needlesOf(emails, orders),
    webhookIds: [...webhookIds],
    failureIds: [...failureIds],
    deliveryIds: [...deliveryIds],
    runIds,
  }
}

export { chunks }
