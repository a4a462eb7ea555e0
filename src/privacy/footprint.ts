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
import {
  eventDeliveryIdsMatching,
  failureIdsMatching,
  failureIdsOfRecords,
  findBuyerOrders as findOrders,
  inboxIdsMatching,
  inboxIdsWithToken,
  runIdsMatching,
  type BuyerOrderRow,
} from '../db/buyer-data.ts'

export interface BuyerSelector {
  email?: string
  /** the hub's order ids */
  orderIds?: string[]
  /** a channel's order ids, on one connection (Shopify customers/redact names them) */
  connectionId?: string
  orderExternalIds?: string[]
}

export type OrderRow = BuyerOrderRow

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

/** The same hash orders.buyer_email_hash holds (see emailHash in db/orders.ts). */
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
  const connectionId = sel.connectionId && UUID.test(sel.connectionId) ? sel.connectionId : undefined
  const externalIds = connectionId ? (sel.orderExternalIds ?? []) : []
  if (!sel.email && orderIds.length === 0 && externalIds.length === 0) return []
  return findOrders(
    q,
    tenantId,
    {
      ...(sel.email ? { emailHash: hashEmail(sel.email) } : {}),
      orderIds,
      ...(connectionId ? { connectionId } : {}),
      externalIds,
    },
    opts,
  )
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

  const webhookIds = new Set<string>(await inboxIdsMatching(q, tenantId, emailLikes))
  for (const [connectionId, ids] of byConnection) {
    for (const part of chunks(ids, 100))
      for (const id of await inboxIdsWithToken(q, tenantId, connectionId, tokenRegex(part))) webhookIds.add(id)
  }

  const failureIds = new Set<string>(await failureIdsMatching(q, tenantId, emailLikes))
  for (const [connectionId, ids] of byConnection) {
    for (const part of chunks(ids, 500))
      for (const id of await failureIdsOfRecords(q, tenantId, connectionId, part)) failureIds.add(id)
  }

  const deliveryIds = new Set<string>()
  const orderLikes = orders.map((o) => likePattern(o.id))
  for (const part of chunks([...emailLikes, ...orderLikes], 200))
    for (const id of await eventDeliveryIdsMatching(q, tenantId, part)) deliveryIds.add(id)

  const runIds = await runIdsMatching(q, tenantId, emailLikes)

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
