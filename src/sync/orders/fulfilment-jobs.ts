// Jobs that carry routed orders out: an allocation to its warehouse (an outbound order at the
// 3PL, idempotent by our allocation id), a cancellation of one, and the order to the ERP. Each
// is idempotent through its send row (db/sends.ts) and the remote's own idempotency (reference ids, keys).
import type { Job } from 'pg-boss'
import type { PushResult } from '../../connectors/types.ts'
import { activeConnections, getConnection } from '../../db/connections.ts'
import { CrossdockError } from '../../errors.ts'
import type { HubServices } from '../../services.ts'
import { appendAudit, lockTenantAudit } from '../../db/audit.ts'
import { connectorContext } from '../context.ts'
import type { AllocationJob, OrderJob } from '../queues.ts'
import { roleOf } from '../roles.ts'
import { locationExternalId, variantIdForExternalSku, variantOn } from '../../db/bindings.ts'
import {
  findAllocation,
  markAllocationCancelled,
  markAllocationRejected,
  markAllocationSent,
  markCancelRefused,
  noteAllocationProblem,
} from '../../db/allocations.ts'
import { locationCode } from '../../db/locations.ts'
import { findOrder, orderFromRow, setRoutingStatus } from '../../db/orders.ts'
import { findSend, recordSend } from '../../db/sends.ts'

function single(results: PushResult[], key: string): PushResult {
  const r = results.find((x) => x.key === key) ?? results[0]
  if (!r) throw new CrossdockError('CONNECTOR_BAD_RESPONSE', 'the connector returned no result')
  return r
}

/** Throw for retryable outcomes so pg-boss retries the job with backoff. */
function throwIfRetryable(r: PushResult): void {
  if (r.status === 'retryable')
    throw new CrossdockError('CONNECTOR_UNAVAILABLE', r.error?.message ?? 'remote asked us to retry')
}

export async function sendAllocation(hub: HubServices, data: AllocationJob): Promise<void> {
  const db = hub.db
  const alloc = await findAllocation(db, data.tenantId, data.allocationId)
  if (!alloc) throw new CrossdockError('NOT_FOUND', `allocation ${data.allocationId} not found for tenant`)
  if (alloc.status !== 'planned' || !alloc.location_id) return
  const order = (await findOrder(db, data.tenantId, alloc.order_id))!
  if (order.status === 'pending' || order.status === 'cancelled') return
  if (!alloc.connection_id) {
    await noteAllocationProblem(
      db,
      data.tenantId,
      alloc.id,
      'this warehouse has no 3PL connection; ship it by hand or connect the warehouse',
    )
    return
  }
  const conn = await getConnection(db, data.tenantId, alloc.connection_id)
  const { connector, ctx } = connectorContext(hub, conn)
  const locationRemoteId = await locationExternalId(db, data.tenantId, conn.id, alloc.location_id)
  const lines = []
  for (const l of alloc.lines) {
    lines.push({ sku: l.sku, ...(await variantOn(db, data.tenantId, conn.id, l.sku)), quantity: l.quantity })
  }
  const results = await connector.push!(ctx, 'orders', [
    {
      key: alloc.id,
      order: orderFromRow(order),
      allocation: {
        id: alloc.id,
        orderId: order.id,
        locationCode: (await locationCode(db, data.tenantId, alloc.location_id))!,
        status: 'planned',
        lines: alloc.lines,
      },
      lines,
      ...(locationRemoteId ? { locationExternalId: locationRemoteId } : {}),
    },
  ])
  const r = single(results, alloc.id)
  throwIfRetryable(r)
  await db.transaction(async (trx) => {
    await lockTenantAudit(trx, data.tenantId) // audit lock before row locks, like every writer
    if (r.status === 'ok') {
      await markAllocationSent(trx, data.tenantId, alloc.id, r.externalId ?? null)
    } else {
      await markAllocationRejected(trx, data.tenantId, alloc.id, r.error?.message ?? 'rejected by the warehouse')
      await setRoutingStatus(trx, data.tenantId, order.id, 'needs_attention')
    }
    await recordSend(trx, {
      tenantId: data.tenantId,
      connectionId: conn.id,
      entity: 'allocation',
      entityId: alloc.id,
      status: r.status === 'ok' ? 'ok' : 'rejected',
      ...(r.externalId ? { externalId: r.externalId } : {}),
      ...(r.error ? { error: r.error.message } : {}),
    })
    await appendAudit(trx, data.tenantId, [
      {
        actor: `job:allocation-send`,
        action: r.status === 'ok' ? 'allocation.sent' : 'allocation.rejected',
        entity: 'allocation',
        entityId: alloc.id,
        data: { externalId: r.externalId, error: r.error },
      },
    ])
  })
}

export async function cancelAllocation(hub: HubServices, data: AllocationJob): Promise<void> {
  const db = hub.db
  const alloc = await findAllocation(db, data.tenantId, data.allocationId)
  if (!alloc) throw new CrossdockError('NOT_FOUND', `allocation ${data.allocationId} not found for tenant`)
  if (alloc.status !== 'cancelling') return
  if (!alloc.external_id || !alloc.connection_id) {
    await markAllocationCancelled(db, data.tenantId, alloc.id)
    return
  }
  const conn = await getConnection(db, data.tenantId, alloc.connection_id)
  const { connector, ctx } = connectorContext(hub, conn)
  const r = single(
    await connector.push!(ctx, 'cancellations', [
      { key: alloc.id, externalId: alloc.external_id, reason: 'cancelled on the sales channel' },
    ]),
    alloc.id,
  )
  throwIfRetryable(r)
  await db.transaction(async (trx) => {
    // a warehouse that already shipped refuses: the allocation keeps its state, the refusal is visible
    if (r.status === 'ok') await markAllocationCancelled(trx, data.tenantId, alloc.id)
    else
      await markCancelRefused(
        trx,
        data.tenantId,
        alloc.id,
        r.error?.message ?? 'the warehouse refused the cancellation',
      )
    await recordSend(trx, {
      tenantId: data.tenantId,
      connectionId: conn.id,
      entity: 'cancellation',
      entityId: alloc.id,
      status: r.status === 'ok' ? 'ok' : 'rejected',
      ...(r.error ? { error: r.error.message } : {}),
    })
  })
}

/** Post an order to every ERP connection of the tenant (each once). */
export async function postOrderToErp(hub: HubServices, data: OrderJob): Promise<void> {
  const db = hub.db
  const order = await findOrder(db, data.tenantId, data.orderId)
  if (!order) throw new CrossdockError('NOT_FOUND', `order ${data.orderId} not found for tenant`)
  for (const c of await activeConnections(db, data.tenantId)) {
    const connector = hub.connectors.get(c.kind)
    if (
      roleOf(hub.connectors, c) !== 'erp' ||
      !['push', 'both'].includes(connector.description.capabilities.orders ?? '') ||
      !connector.push
    )
      continue
    if ((await findSend(db, data.tenantId, c.id, 'order', order.id))?.status === 'ok') continue
    const { ctx } = connectorContext(hub, c)
    const lines = []
    for (const l of orderFromRow(order).lines) {
      const canonical = (await variantIdForExternalSku(db, data.tenantId, order.connection_id, l.sku))?.sku ?? l.sku
      lines.push({
        sku: canonical,
        ...(await variantOn(db, data.tenantId, c.id, canonical)),
        quantity: l.quantity,
        unitPrice: l.unitPrice,
      })
    }
    const r = single(
      await connector.push(ctx, 'orders', [{ key: order.id, order: orderFromRow(order), lines }]),
      order.id,
    )
    throwIfRetryable(r)
    await recordSend(db, {
      tenantId: data.tenantId,
      connectionId: c.id,
      entity: 'order',
      entityId: order.id,
      status: r.status === 'ok' ? 'ok' : 'rejected',
      ...(r.externalId ? { externalId: r.externalId } : {}),
      ...(r.error ? { error: r.error.message } : {}),
    })
  }
}

export async function allocationSendHandler(hub: HubServices, job: Job<AllocationJob>): Promise<void> {
  await sendAllocation(hub, job.data)
}
export async function allocationCancelHandler(hub: HubServices, job: Job<AllocationJob>): Promise<void> {
  await cancelAllocation(hub, job.data)
}
export async function erpOrderPostHandler(hub: HubServices, job: Job<OrderJob>): Promise<void> {
  await postOrderToErp(hub, job.data)
}
