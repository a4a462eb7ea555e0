// The change feed a polling system reads: a tenant's orders and shipments by the time they last
// changed, oldest first, after a cursor. Three statements per page whatever its size: the page
// of (kind, id, time), then its orders and its shipments in one read each.
import { decodeCursor, encodeCursor } from './keyset.ts'
import type { Queryable } from './knex.ts'
import { ordersByIds, type OrderRow } from './orders.ts'
import { shipmentsByIds, type ShipmentRow } from './shipments.ts'

export type Change =
  { type: 'order'; changedAt: Date; row: OrderRow } | { type: 'shipment'; changedAt: Date; row: ShipmentRow }

export async function changesSince(
  q: Queryable,
  tenantId: string,
  cursor: string | undefined,
  limit: number,
): Promise<{ items: Change[]; nextCursor: string | null; more: boolean }> {
  const after = decodeCursor(cursor)
  const rows: { kind: 'order' | 'shipment'; id: string; updated_at: Date; at_exact: string }[] = (
    await q.raw(
      `
      select *, updated_at::text as at_exact from (
        select 'order' as kind, id, updated_at from orders where tenant_id = ?
        union all
        select 'shipment' as kind, id, updated_at from shipments where tenant_id = ?
      ) changes
      where (?::timestamptz is null or (updated_at, id::text) > (?::timestamptz, ?))
      order by updated_at, id limit ?`,
      [tenantId, tenantId, after?.[0] ?? null, after?.[0] ?? null, String(after?.[1] ?? ''), limit],
    )
  ).rows
  const ids = (kind: string) => rows.filter((r) => r.kind === kind).map((r) => r.id)
  const orders = new Map((await ordersByIds(q, tenantId, ids('order'))).map((o) => [o.id, o]))
  const shipments = new Map((await shipmentsByIds(q, tenantId, ids('shipment'))).map((s) => [s.id, s]))
  const items: Change[] = []
  for (const r of rows) {
    const order = r.kind === 'order' ? orders.get(r.id) : undefined
    const shipment = r.kind === 'shipment' ? shipments.get(r.id) : undefined
    if (order) items.push({ type: 'order', changedAt: r.updated_at, row: order })
    if (shipment) items.push({ type: 'shipment', changedAt: r.updated_at, row: shipment })
  }
  // the cursor keeps Postgres's microseconds: a JavaScript Date would round them away and repeat rows
  const last = rows[rows.length - 1]
  return {
    items,
    nextCursor: last ? encodeCursor(last.at_exact, last.id) : (cursor ?? null),
    more: rows.length === limit,
  }
}
