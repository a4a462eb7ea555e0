// What an order's arrival or change does to stock and fulfilment, inside the import transaction:
//   new and routable  → route across warehouses and reserve at once (allocations), backorder the rest
//   pending → open    → the planned allocations may now go to the warehouses
//   → cancelled       → release every unshipped reservation and cancel what was sent
// FBA/AFN orders and orders the channel already fulfilled are recorded but never routed.
import type { Knex } from 'knex'
import type { PgBoss } from 'pg-boss'
import {
  countOrderAllocations,
  insertBackorder,
  insertPlannedAllocation,
  LIVE_ALLOCATION_STATUSES,
  lockCancellableAllocations,
  lockRetryableBackorders,
  markAllocationCancelled,
  markAllocationCancelling,
  plannedAllocationIds,
  supersedeAllocations,
} from '../../db/allocations.ts'
import { variantIdForExternalSku } from '../../db/bindings.ts'
import { lockLevels, recordMovement } from '../../db/inventory.ts'
import { locationsByCodes, warehouseCodes } from '../../db/locations.ts'
import { findOrder, setRoutingStatus, type OrderRow } from '../../db/orders.ts'
import { getRoutingRules } from '../../db/rules.ts'
import { stockMoved } from '../inventory/dirty.ts'
import { emitEvent } from '../outbound/index.ts'
import { enqueue } from '../../queue/boss.ts'
import { SYNC_QUEUES } from '../queues.ts'
import { candidatesFor, mergeLines, planRoute, type RouteLine, type RoutingRules } from './route.ts'
import { shipBy } from './ship-by.ts'

const ROUTABLE = new Set(['pending', 'open', 'on_hold'])

export async function routingRules(q: Knex | Knex.Transaction, tenantId: string): Promise<RoutingRules> {
  // no rules yet: every warehouse of the tenant, in code order
  return (await getRoutingRules(q, tenantId)) ?? { routes: { '*': await warehouseCodes(q, tenantId) } }
}

/** Channel SKUs → canonical SKUs; unknown ones are reported, not guessed. */
async function canonicalLines(trx: Knex.Transaction, o: OrderRow): Promise<{ lines: RouteLine[]; unknown: string[] }> {
  const lines: RouteLine[] = []
  const unknown: string[] = []
  for (const l of o.lines) {
    if (l.fulfilledByChannel || l.quantity <= 0) continue
    const v = await variantIdForExternalSku(trx, o.tenant_id, o.connection_id, l.sku)
    if (v) lines.push({ sku: v.sku, quantity: l.quantity })
    else unknown.push(l.sku)
  }
  return { lines: mergeLines(lines), unknown }
}

async function reserveAndRoute(
  trx: Knex.Transaction,
  boss: PgBoss,
  o: OrderRow,
  onlyLines?: RouteLine[],
): Promise<void> {
  const { lines, unknown } = onlyLines ? { lines: onlyLines, unknown: [] } : await canonicalLines(trx, o)
  const rules = await routingRules(trx, o.tenant_id)
  const codes = candidatesFor(rules, o.shipping_address?.country)
  const locations = await locationsByCodes(trx, o.tenant_id, codes)
  const byCode = new Map(locations.map((l) => [l.code, l]))
  const candidates = codes.filter((c) => byCode.has(c))

  // lock every (sku, location) level we might take from, in one global order: two orders
  // racing for the last unit serialize here, so one reserves it and the other is backordered
  const skus = [...new Set(lines.map((l) => l.sku))].sort()
  const locIds = candidates.map((c) => byCode.get(c)!.id)
  const availability: Record<string, Record<string, number>> = {}
  const codeById = new Map(locations.map((l) => [l.id, l.code]))
  for (const lv of await lockLevels(trx, o.tenant_id, skus, locIds)) {
    const code = codeById.get(lv.location_id)!
    ;(availability[code] ??= {})[lv.sku] = lv.on_hand - lv.reserved
  }
  const plan = planRoute(lines, candidates, availability)

  for (const a of plan.allocations) {
    const loc = byCode.get(a.locationCode)!
    const cal = {
      timeZone: loc.time_zone,
      cutoffHour: loc.cutoff_hour ?? 14,
      workingDays: loc.working_days ?? [1, 2, 3, 4, 5],
    }
    const allocationId = await insertPlannedAllocation(trx, o.tenant_id, {
      orderId: o.id,
      locationId: loc.id,
      connectionId: loc.connection_id,
      lines: a.lines,
      shipBy: shipBy(o.placed_at, cal),
    })
    for (const l of a.lines) {
      await recordMovement(trx, o.tenant_id, {
        sku: l.sku,
        locationId: loc.id,
        onHandDelta: 0,
        reservedDelta: l.quantity,
        reason: 'reserve',
        source: `order:${o.id}`,
        idempotencyKey: `reserve:${allocationId}:${l.sku}`,
      })
    }
    await stockMoved(
      trx,
      boss,
      o.tenant_id,
      a.lines.map((l) => l.sku),
      [loc.id],
    )
    if (o.status === 'open')
      await enqueue(
        boss,
        trx,
        SYNC_QUEUES.allocationSend,
        { tenantId: o.tenant_id, allocationId },
        { singletonKey: allocationId },
      )
  }
  const backorder = [
    ...plan.backorder,
    ...unknown.map((sku) => ({
      sku,
      quantity: o.lines.filter((l) => l.sku === sku).reduce((s, l) => s + l.quantity, 0),
    })),
  ]
  if (backorder.length) {
    await insertBackorder(
      trx,
      o.tenant_id,
      o.id,
      backorder,
      unknown.length
        ? `unknown SKU: ${unknown.join(', ')}`
        : 'not enough stock in the warehouses serving this destination',
    )
  }
  const anyAllocated = (await countOrderAllocations(trx, o.tenant_id, o.id, LIVE_ALLOCATION_STATUSES)) > 0
  const anyBackordered = (await countOrderAllocations(trx, o.tenant_id, o.id, ['backordered'])) > 0
  const routing = anyBackordered
    ? anyAllocated
      ? 'partially_backordered'
      : 'backordered'
    : anyAllocated
      ? 'routed'
      : 'nothing_to_route'
  await setRoutingStatus(trx, o.tenant_id, o.id, routing)
  await emitEvent(trx, boss, o.tenant_id, 'order.routed', {
    orderId: o.id,
    connectionId: o.connection_id,
    routingStatus: routing,
    allocations: plan.allocations.map((a) => ({ locationCode: a.locationCode, lines: a.lines })),
    backordered: backorder,
  })
  if (o.status === 'open' && !onlyLines)
    await enqueue(
      boss,
      trx,
      SYNC_QUEUES.erpOrderPost,
      { tenantId: o.tenant_id, orderId: o.id },
      { singletonKey: `erp:${o.id}` },
    )
}

async function releaseAndCancel(trx: Knex.Transaction, boss: PgBoss, o: OrderRow): Promise<void> {
  for (const a of await lockCancellableAllocations(trx, o.tenant_id, o.id)) {
    if (a.status !== 'backordered' && a.location_id) {
      for (const l of a.lines) {
        await recordMovement(trx, o.tenant_id, {
          sku: l.sku,
          locationId: a.location_id,
          onHandDelta: 0,
          reservedDelta: -l.quantity,
          reason: 'release',
          source: `order:${o.id}`,
          idempotencyKey: `release:${a.id}:${l.sku}`,
        })
      }
      await stockMoved(
        trx,
        boss,
        o.tenant_id,
        a.lines.map((l) => l.sku),
        [a.location_id],
      )
    }
    if (a.external_id || a.status === 'sent') {
      await enqueue(
        boss,
        trx,
        SYNC_QUEUES.allocationCancel,
        { tenantId: o.tenant_id, allocationId: a.id },
        { singletonKey: `cancel:${a.id}` },
      )
      await markAllocationCancelling(trx, o.tenant_id, a.id)
    } else {
      await markAllocationCancelled(trx, o.tenant_id, a.id)
    }
  }
  await setRoutingStatus(trx, o.tenant_id, o.id, 'cancelled')
}

export async function afterOrderUpsert(
  trx: Knex.Transaction,
  boss: PgBoss,
  tenantId: string,
  orderId: string,
  previousStatus: string | undefined,
): Promise<void> {
  const o = (await findOrder(trx, tenantId, orderId))!
  if (o.fulfilled_by_channel) {
    if (o.routing_status === 'new')
      await setRoutingStatus(trx, tenantId, o.id, 'fulfilled_by_channel', { touch: false })
    return
  }
  if (o.status === 'cancelled' && previousStatus !== 'cancelled' && previousStatus !== undefined) {
    await releaseAndCancel(trx, boss, o)
    return
  }
  if (o.routing_status === 'new' && ROUTABLE.has(o.status)) {
    await reserveAndRoute(trx, boss, o)
    return
  }
  if (previousStatus === 'pending' && o.status === 'open') {
    for (const id of await plannedAllocationIds(trx, tenantId, o.id))
      await enqueue(
        boss,
        trx,
        SYNC_QUEUES.allocationSend,
        { tenantId: o.tenant_id, allocationId: id },
        { singletonKey: id },
      )
    await enqueue(
      boss,
      trx,
      SYNC_QUEUES.erpOrderPost,
      { tenantId: o.tenant_id, orderId: o.id },
      { singletonKey: `erp:${o.id}` },
    )
  }
}

/** Try backordered lines of an order again (stock arrived). */
export async function retryBackorder(
  trx: Knex.Transaction,
  boss: PgBoss,
  tenantId: string,
  orderId: string,
): Promise<boolean> {
  const o = await findOrder(trx, tenantId, orderId, { forUpdate: true })
  if (!o || !ROUTABLE.has(o.status)) return false
  const back = await lockRetryableBackorders(trx, tenantId, o.id)
  if (back.length === 0) return false
  const lines = mergeLines(back.flatMap((a) => a.lines))
  await supersedeAllocations(
    trx,
    tenantId,
    back.map((a) => a.id),
  )
  await reserveAndRoute(trx, boss, o, lines)
  return true
}
