// A shipment reported by a warehouse (or a channel) is recorded once per (connection, external
// id). A warehouse shipment for one of our allocations consumes the reservation and the on-hand
// units it carried, marks the allocation and order shipped (partially, when it is), and queues
// the tracking for the order's channel and the ERP.
import type { Knex } from 'knex'
import type { PgBoss } from 'pg-boss'
import { findAllocation, markAllocationShipped, orderHasOpenAllocations } from '../../db/allocations.ts'
import { isUuid } from '../../db/connections.ts'
import { orderIdByExternalId, setShippingStatus } from '../../db/orders.ts'
import {
  findShipmentByExternalId,
  insertShipment,
  shippedLinesOfAllocation,
  updateTracking,
} from '../../db/shipments.ts'
import type { Shipment } from '../../model/index.ts'
import type { UpsertStatus } from '../../db/knex.ts'
import { stockMoved } from '../inventory/dirty.ts'
import { recordMovement } from '../../db/inventory.ts'
import { emitEvent } from '../outbound/index.ts'
import { enqueue } from '../../queue/boss.ts'
import { SYNC_QUEUES } from '../queues.ts'

type Line = { sku: string; quantity: number }

function shippedSoFar(shipments: { lines: Line[] }[]): Map<string, number> {
  const m = new Map<string, number>()
  for (const s of shipments) for (const l of s.lines) m.set(l.sku, (m.get(l.sku) ?? 0) + l.quantity)
  return m
}

export async function recordShipment(
  trx: Knex.Transaction,
  boss: PgBoss,
  tenantId: string,
  connectionId: string,
  s: Shipment,
  ref: { allocationId?: string; orderExternalId?: string },
): Promise<{ id: string; status: UpsertStatus }> {
  const existing = await findShipmentByExternalId(trx, tenantId, connectionId, s.externalId)
  if (existing) {
    if (
      existing.tracking_number === s.trackingNumber &&
      JSON.stringify(existing.events) === JSON.stringify(s.events ?? [])
    )
      return { id: existing.id, status: 'unchanged' }
    await updateTracking(trx, tenantId, existing.id, s)
    return { id: existing.id, status: 'updated' }
  }

  const alloc =
    ref.allocationId && isUuid(ref.allocationId)
      ? await findAllocation(trx, tenantId, ref.allocationId, { forUpdate: true })
      : undefined
  let orderId: string | undefined = alloc?.order_id
  if (!orderId && ref.orderExternalId)
    orderId = await orderIdByExternalId(trx, tenantId, connectionId, ref.orderExternalId)
  const shipmentId = await insertShipment(trx, tenantId, connectionId, s, {
    orderId: orderId ?? null,
    allocationId: alloc?.id ?? null,
  })

  if (alloc && alloc.status !== 'cancelled' && alloc.location_id) {
    // units leave: on hand and reservation both go down, never more than the allocation held
    const allocated = new Map(alloc.lines.map((l) => [l.sku, l.quantity]))
    const before = shippedSoFar(await shippedLinesOfAllocation(trx, tenantId, alloc.id, shipmentId))
    for (const l of s.lines) {
      const open = (allocated.get(l.sku) ?? 0) - (before.get(l.sku) ?? 0)
      const n = Math.min(open, l.quantity)
      if (n <= 0) continue
      await recordMovement(trx, tenantId, {
        sku: l.sku,
        locationId: alloc.location_id,
        onHandDelta: -n,
        reservedDelta: -n,
        reason: 'ship',
        source: `shipment:${shipmentId}`,
        idempotencyKey: `ship:${shipmentId}:${l.sku}`,
        occurredAt: s.shippedAt,
      })
    }
    await stockMoved(
      trx,
      boss,
      tenantId,
      s.lines.map((l) => l.sku),
      [alloc.location_id],
    )
    const after = shippedSoFar(await shippedLinesOfAllocation(trx, tenantId, alloc.id))
    const complete = [...allocated].every(([sku, q]) => (after.get(sku) ?? 0) >= q)
    await markAllocationShipped(trx, tenantId, alloc.id, complete)
    const orderStatus = (await orderHasOpenAllocations(trx, tenantId, alloc.order_id)) ? 'partially_shipped' : 'shipped'
    await setShippingStatus(trx, tenantId, alloc.order_id, orderStatus)
    await enqueue(
      boss,
      trx,
      SYNC_QUEUES.shipmentPropagate,
      { tenantId, shipmentId },
      { singletonKey: `ship:${shipmentId}` },
    )
  }
  await emitEvent(trx, boss, tenantId, 'shipment.created', {
    shipmentId,
    orderId: orderId ?? null,
    connectionId,
    externalId: s.externalId,
    carrier: s.carrier,
    service: s.service ?? null,
    trackingNumber: s.trackingNumber,
    trackingUrl: s.trackingUrl ?? null,
    shippedAt: s.shippedAt,
    lines: s.lines,
  })
  return { id: shipmentId, status: 'created' }
}
