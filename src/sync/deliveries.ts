// Deliveries: one row per (connection, document) the hub sends out, so a job that runs twice
// sends once, and a rejection stays visible (and replayable) instead of vanishing into a log.
import type { Knex } from 'knex'

export type DeliveryEntity = 'allocation' | 'order' | 'shipment' | 'cancellation'

export interface DeliveryRow {
  status: 'pending' | 'ok' | 'rejected' | 'retrying'
  external_id: string | null
  error: string | null
  attempts: number
}

export async function getDelivery(
  db: Knex,
  connectionId: string,
  entity: DeliveryEntity,
  entityId: string,
): Promise<DeliveryRow | undefined> {
  return db('deliveries').where({ connection_id: connectionId, entity, entity_id: entityId }).first()
}

export async function recordDelivery(
  db: Knex | Knex.Transaction,
  d: {
    tenantId: string
    connectionId: string
    entity: DeliveryEntity
    entityId: string
    status: DeliveryRow['status']
    externalId?: string
    error?: string
  },
): Promise<void> {
  await db('deliveries')
    .insert({
      tenant_id: d.tenantId,
      connection_id: d.connectionId,
      entity: d.entity,
      entity_id: d.entityId,
      status: d.status,
      external_id: d.externalId ?? null,
      error: d.error ?? null,
      attempts: 1,
    })
    .onConflict(['connection_id', 'entity', 'entity_id'])
    .merge({
      status: d.status,
      external_id: d.externalId ?? null,
      error: d.error ?? null,
      attempts: db.raw('deliveries.attempts + 1'),
      updated_at: db.fn.now(),
    })
}
