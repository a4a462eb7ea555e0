// Tracking goes back: a warehouse shipment is sent to the order's origin channel as a
// fulfilment with tracking (Shopify fulfilment, Amazon shipment confirmation) and to every ERP
// connection of the tenant, each destination once (send rows), partial shipments partial.
import type { Job } from 'pg-boss'
import { activeConnections, getConnection } from '../../db/connections.ts'
import { CrossdockError } from '../../errors.ts'
import type { HubServices } from '../../services.ts'
import { connectorContext } from '../context.ts'
import { variantOn } from '../../db/bindings.ts'
import { findOrder, orderFromRow } from '../../db/orders.ts'
import { findSend, recordSend } from '../../db/sends.ts'
import { findShipment, shipmentFromRow } from '../../db/shipments.ts'
import { channelLinesFor } from '../orders/documents.ts'
import type { ShipmentJob } from '../queues.ts'
import { roleOf } from '../roles.ts'

export async function propagateShipment(
  hub: HubServices,
  data: ShipmentJob,
): Promise<{ sent: string[]; rejected: string[] }> {
  const db = hub.db
  const row = await findShipment(db, data.tenantId, data.shipmentId)
  if (!row) throw new CrossdockError('NOT_FOUND', `shipment ${data.shipmentId} not found for tenant`)
  if (!row.order_id) return { sent: [], rejected: [] }
  const orderRow = (await findOrder(db, data.tenantId, row.order_id))!
  const order = orderFromRow(orderRow)
  const shipment = shipmentFromRow(row)
  const destinations = [await getConnection(db, data.tenantId, orderRow.connection_id)]
  for (const c of await activeConnections(db, data.tenantId, { except: orderRow.connection_id })) {
    if (roleOf(hub.connectors, c) === 'erp') destinations.push(c)
  }
  const sent: string[] = []
  const rejected: string[] = []
  let retryLater: unknown
  for (const conn of destinations) {
    const { connector, ctx } = connectorContext(hub, conn)
    if (!connector.push || !['push', 'both'].includes(connector.description.capabilities.shipments ?? '')) continue
    const done = await findSend(db, data.tenantId, conn.id, 'shipment', shipment.id!)
    if (done?.status === 'ok' || done?.status === 'rejected') continue
    const channelLines = await channelLinesFor(db, data.tenantId, order, shipment.lines)
    let orderExternalId = order.externalId
    let lines = channelLines
    if (conn.id !== orderRow.connection_id) {
      // another system (the ERP) knows the order by its own id, from when we posted it there,
      // and its lines by their position in what we sent
      const posted = await findSend(db, data.tenantId, conn.id, 'order', order.id!)
      if (posted?.status !== 'ok' || !posted.external_id) {
        retryLater = new CrossdockError(
          'CONFLICT',
          `the order is not in ${conn.name} yet; the shipment follows once it is`,
          { retryable: true },
        )
        continue
      }
      orderExternalId = posted.external_id
      lines = []
      for (const l of channelLines) {
        lines.push({
          ...l,
          ...(await variantOn(db, data.tenantId, conn.id, l.sku)),
          ...(l.externalLineId
            ? { externalLineId: String(order.lines.findIndex((x) => x.externalLineId === l.externalLineId)) }
            : {}),
        })
      }
    }
    try {
      const [r] = await connector.push(ctx, 'shipments', [
        { key: shipment.id!, order, orderExternalId, shipment, lines, notifyCustomer: true },
      ])
      if (!r || r.status === 'retryable')
        throw new CrossdockError('CONNECTOR_UNAVAILABLE', r?.error?.message ?? 'no result')
      await recordSend(db, {
        tenantId: data.tenantId,
        connectionId: conn.id,
        entity: 'shipment',
        entityId: shipment.id!,
        status: r.status === 'ok' ? 'ok' : 'rejected',
        ...(r.externalId ? { externalId: r.externalId } : {}),
        ...(r.error ? { error: r.error.message } : {}),
      })
      ;(r.status === 'ok' ? sent : rejected).push(conn.id)
    } catch (err) {
      // one destination down must not hold the others back: record, go on, retry the job later
      await recordSend(db, {
        tenantId: data.tenantId,
        connectionId: conn.id,
        entity: 'shipment',
        entityId: shipment.id!,
        status: 'retrying',
        error: (err as Error).message,
      })
      retryLater = err
    }
  }
  if (retryLater) throw retryLater
  return { sent, rejected }
}

export async function shipmentPropagateHandler(hub: HubServices, job: Job<ShipmentJob>): Promise<void> {
  await propagateShipment(hub, job.data)
}
