// A shipment reported by a warehouse (or a channel) is recorded once per (connection, external
// id). A warehouse shipment for one of our allocations consumes the reservation and the on-hand
// units it carried, marks the allocation and order shipped (partially, when it is), and queues
// the tracking for the order's channel and the ERP.
import type { Knex } from 'knex'
import type { PgBoss } from 'pg-boss'
import { isUuid } from '../../db/connections.ts'
import type { Shipment } from '../../model/index.ts'
import type { UpsertStatus } from '../../db/knex.ts'
import { stockMoved } from '../inventory/dirty.ts'
import { recordMovement } from '../../db/inventory.ts'
import { emitEvent } from '../outbound/index.ts'
import { enqueue, SYNC_QUEUES } from '../queues.ts'

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
  const existing = await trx('shipments')
    .where({ connection_id: connectionId, external_id: s.externalId })
    .first('id', 'tracking_number', 'events')
  if (existing) {
    const events = JSON.stringify(s.events ?? [])
    if (existing.tracking_number === s.trackingNumber && JSON.stringify(existing.events) === events)
      return { id: existing.id, status: 'unchanged' }
    await trx('shipments')
      .where({ id: existing.id })
      .update({
        tracking_number: s.trackingNumber,
        tracking_url: s.trackingUrl ?? null,
        events,
        updated_at: trx.fn.now(),
      })
    return { id: existing.id, status: 'updated' }
  }

  const alloc =
    ref.allocationId && isUuid(ref.allocationId)
      ? await trx('allocations').where({ id: ref.allocationId, tenant_id: tenantId }).forUpdate().first()
      : undefined
  let orderId: string | undefined = alloc?.order_id
  if (!orderId && ref.orderExternalId) {
    const o = await trx('orders')
      .where({ tenant_id: tenantId, connection_id: connectionId, external_id: ref.orderExternalId })
      .first('id')
    orderId = o?.id
  }
  const [row] = await trx('shipments')
    .insert({
      tenant_id: tenantId,
      order_id: orderId ?? null,
      allocation_id: alloc?.id ?? null,
      connection_id: connectionId,
      external_id: s.externalId,
      carrier: s.carrier,
      service: s.service ?? null,
      tracking_number: s.trackingNumber,
      tracking_url: s.trackingUrl ?? null,
      shipped_at: s.shippedAt,
      lines: JSON.stringify(s.lines),
      events: JSON.stringify(s.events ?? []),
    })
    .returning('id')

  if (alloc && alloc.status !== 'cancelled') {
    // units leave: on hand and reservation both go down, never more than the allocation held
    const allocated = new Map((alloc.lines as Line[]).map((l) => [l.sku, l.quantity]))
    const before = shippedSoFar(
      await trx('shipments').where({ allocation_id: alloc.id }).whereNot({ id: row.id }).select('lines'),
    )
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
        source: `shipment:${row.id}`,
        idempotencyKey: `ship:${row.id}:${l.sku}`,
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
    const after = shippedSoFar(await trx('shipments').where({ allocation_id: alloc.id }).select('lines'))
    const complete = [...allocated].every(([sku, q]) => (after.get(sku) ?? 0) >= q)
    await trx('allocations')
      .where({ id: alloc.id })
      .update({ status: complete ? 'shipped' : 'partially_shipped', updated_at: trx.fn.now() })
    const open = await trx('allocations')
      .where({ order_id: alloc.order_id })
      .whereIn('status', ['planned', 'sent', 'accepted', 'partially_shipped', 'backordered'])
      .count<{ count: number }[]>('* as c')
    const orderStatus = Number((open[0] as unknown as { c: number }).c) === 0 ? 'shipped' : 'partially_shipped'
    await trx('orders')
      .where({ id: alloc.order_id })
      .whereNot({ status: 'cancelled' })
      .update({ status: orderStatus, updated_at: trx.fn.now() })
    await enqueue(
      boss,
      trx,
      SYNC_QUEUES.shipmentPropagate,
      { tenantId, shipmentId: row.id },
      { singletonKey: `ship:${row.id}` },
    )
  }
  await emitEvent(trx, boss, tenantId, 'shipment.created', {
    shipmentId: row.id,
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
  return { id: row.id, status: 'created' }
}
