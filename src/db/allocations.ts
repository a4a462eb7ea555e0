// Allocations: the part of an order one warehouse ships (planned → sent → accepted → shipped, or
// rejected, cancelling → cancelled / cancel_refused), and backorders: what no warehouse could
// take yet (backordered → superseded when routed again). Every write to the table is here.
import type { Knex } from 'knex'
import type { Queryable } from './knex.ts'

export interface AllocationLine {
  sku: string
  quantity: number
}

export interface AllocationRow {
  id: string
  tenant_id: string
  order_id: string
  location_id: string | null
  status: string
  lines: AllocationLine[]
  external_id: string | null
  connection_id: string | null
  ship_by: Date | null
  error: string | null
  created_at: Date
  updated_at: Date
}

/** Allocations that hold a reservation and may still ship. */
export const LIVE_ALLOCATION_STATUSES = ['planned', 'sent', 'accepted']
/** Allocations an order still waits on. */
const OPEN_ALLOCATION_STATUSES = ['planned', 'sent', 'accepted', 'partially_shipped', 'backordered']

export async function insertPlannedAllocation(
  trx: Knex.Transaction,
  tenantId: string,
  a: { orderId: string; locationId: string; connectionId: string | null; lines: AllocationLine[]; shipBy: Date },
): Promise<string> {
  const [row] = await trx('allocations')
    .insert({
      tenant_id: tenantId,
      order_id: a.orderId,
      location_id: a.locationId,
      status: 'planned',
      lines: JSON.stringify(a.lines),
      connection_id: a.connectionId,
      ship_by: a.shipBy,
    })
    .returning('id')
  return row.id as string
}

export async function insertBackorder(
  trx: Knex.Transaction,
  tenantId: string,
  orderId: string,
  lines: AllocationLine[],
  reason: string,
): Promise<void> {
  await trx('allocations').insert({
    tenant_id: tenantId,
    order_id: orderId,
    location_id: null,
    status: 'backordered',
    lines: JSON.stringify(lines),
    error: reason,
  })
}

export async function findAllocation(
  q: Queryable,
  tenantId: string,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<AllocationRow | undefined> {
  const query = q('allocations').where({ tenant_id: tenantId, id })
  if (opts.forUpdate) query.forUpdate()
  return (await query.first()) as AllocationRow | undefined
}

/** How many of an order's allocations are in these states. */
export async function countOrderAllocations(
  q: Queryable,
  tenantId: string,
  orderId: string,
  statuses: string[],
): Promise<number> {
  const [row] = await q('allocations')
    .where({ tenant_id: tenantId, order_id: orderId })
    .whereIn('status', statuses)
    .count<{ n: string }[]>('* as n')
  return Number(row?.n ?? 0)
}

/** An order still has allocations to ship (or backordered lines to route). */
export async function orderHasOpenAllocations(q: Queryable, tenantId: string, orderId: string): Promise<boolean> {
  return (await countOrderAllocations(q, tenantId, orderId, OPEN_ALLOCATION_STATUSES)) > 0
}

/** Lock what a cancellation must undo: live allocations and backorders. */
export async function lockCancellableAllocations(
  trx: Knex.Transaction,
  tenantId: string,
  orderId: string,
): Promise<AllocationRow[]> {
  return (await trx('allocations')
    .where({ tenant_id: tenantId, order_id: orderId })
    .whereIn('status', [...LIVE_ALLOCATION_STATUSES, 'backordered'])
    .forUpdate()) as AllocationRow[]
}

/** Lock an order's backorders worth routing again (an unknown SKU will not route better now). */
export async function lockRetryableBackorders(
  trx: Knex.Transaction,
  tenantId: string,
  orderId: string,
): Promise<AllocationRow[]> {
  return (await trx('allocations')
    .where({ tenant_id: tenantId, order_id: orderId, status: 'backordered' })
    .andWhere((w) => w.whereNull('error').orWhere('error', 'not like', 'unknown SKU%'))
    .forUpdate()) as AllocationRow[]
}

export async function plannedAllocationIds(q: Queryable, tenantId: string, orderId: string): Promise<string[]> {
  return q('allocations').where({ tenant_id: tenantId, order_id: orderId, status: 'planned' }).pluck('id')
}

/** The tenant waits on stock somewhere (most tenants have no backorder: then no retry job). */
export async function anyBackorder(q: Queryable, tenantId: string): Promise<boolean> {
  return Boolean(await q('allocations').where({ tenant_id: tenantId, status: 'backordered' }).first('id'))
}

/** Orders with backordered lines of these SKUs, oldest first. */
export async function ordersBackorderedOn(
  q: Queryable,
  tenantId: string,
  skus: string[],
  limit: number,
): Promise<string[]> {
  const rows: { id: string }[] = await q('allocations as a')
    .join('orders as o', 'o.id', 'a.order_id')
    .where({ 'a.tenant_id': tenantId, 'a.status': 'backordered' })
    .whereRaw(`exists (select 1 from jsonb_array_elements(a.lines) l where l->>'sku' = any(?))`, [skus])
    .orderBy('o.placed_at')
    .distinct('o.id', 'o.placed_at')
    .limit(limit)
  return rows.map((r) => r.id)
}

/** The remote took a planned allocation: it is sent (a retry that finds it sent changes nothing). */
export async function markAllocationSent(
  q: Queryable,
  tenantId: string,
  id: string,
  externalId: string | null,
): Promise<void> {
  await q('allocations')
    .where({ tenant_id: tenantId, id, status: 'planned' })
    .update({ status: 'sent', external_id: externalId, error: null, updated_at: q.fn.now() })
}

export async function markAllocationRejected(q: Queryable, tenantId: string, id: string, error: string): Promise<void> {
  await q('allocations')
    .where({ tenant_id: tenantId, id })
    .update({ status: 'rejected', error, updated_at: q.fn.now() })
}

export async function markAllocationCancelling(q: Queryable, tenantId: string, id: string): Promise<void> {
  await q('allocations').where({ tenant_id: tenantId, id }).update({ status: 'cancelling', updated_at: q.fn.now() })
}

export async function markAllocationCancelled(q: Queryable, tenantId: string, id: string): Promise<void> {
  await q('allocations')
    .where({ tenant_id: tenantId, id })
    .update({ status: 'cancelled', error: null, updated_at: q.fn.now() })
}

/** A warehouse that already shipped refuses a cancellation: the refusal stays visible. */
export async function markCancelRefused(q: Queryable, tenantId: string, id: string, error: string): Promise<void> {
  await q('allocations')
    .where({ tenant_id: tenantId, id })
    .update({ status: 'cancel_refused', error, updated_at: q.fn.now() })
}

/** A problem with an allocation that changes nothing of its state (no 3PL connection). */
export async function noteAllocationProblem(q: Queryable, tenantId: string, id: string, error: string): Promise<void> {
  await q('allocations').where({ tenant_id: tenantId, id }).update({ error })
}

export async function markAllocationShipped(
  q: Queryable,
  tenantId: string,
  id: string,
  complete: boolean,
): Promise<void> {
  await q('allocations')
    .where({ tenant_id: tenantId, id })
    .update({ status: complete ? 'shipped' : 'partially_shipped', updated_at: q.fn.now() })
}

/** Backorders routed again are replaced by what the new routing makes of them. */
export async function supersedeAllocations(q: Queryable, tenantId: string, ids: string[]): Promise<void> {
  if (ids.length === 0) return
  await q('allocations')
    .where({ tenant_id: tenantId })
    .whereIn('id', ids)
    .update({ status: 'superseded', updated_at: q.fn.now() })
}

/** The allocation a remote's document status names: by its id there, or by ours (the reference). */
export async function lockAllocationForDocument(
  trx: Knex.Transaction,
  tenantId: string,
  reference: string,
  externalId: string | undefined,
): Promise<Pick<AllocationRow, 'id' | 'status' | 'external_id'> | undefined> {
  return trx('allocations')
    .where({ tenant_id: tenantId })
    .andWhere((w) => {
      w.where('external_id', externalId ?? '\u0000')
      if (/^[0-9a-f-]{36}$/i.test(reference)) w.orWhere('id', reference)
    })
    .forUpdate()
    .first('id', 'status', 'external_id')
}

/** The remote's word on an allocation: a new state, its id there, the reason it refused. */
export async function applyAllocationDocument(
  q: Queryable,
  tenantId: string,
  id: string,
  change: { status?: string; externalId?: string; error?: string },
): Promise<void> {
  await q('allocations')
    .where({ tenant_id: tenantId, id })
    .update({
      ...(change.status ? { status: change.status } : {}),
      ...(change.externalId ? { external_id: change.externalId } : {}),
      ...(change.error ? { error: change.error } : {}),
      updated_at: q.fn.now(),
    })
}

/** An order's allocations with their warehouse's code, oldest first (the order page). */
export async function allocationsOfOrder(
  q: Queryable,
  tenantId: string,
  orderId: string,
): Promise<(AllocationRow & { location: string | null })[]> {
  return q('allocations as a')
    .leftJoin('locations as x', 'x.id', 'a.location_id')
    .where({ 'a.tenant_id': tenantId, 'a.order_id': orderId })
    .orderBy('a.created_at')
    .select('a.*', 'x.code as location')
}

export async function allocationIdsOfOrders(q: Queryable, tenantId: string, orderIds: string[]): Promise<string[]> {
  if (orderIds.length === 0) return []
  return q('allocations').where({ tenant_id: tenantId }).whereIn('order_id', orderIds).pluck('id')
}
