// Sends: what the hub sent to another system (an allocation to a 3PL, an order to the ERP, a
// shipment's tracking to a channel, a cancellation), one row per (connection, document), so a job
// that runs twice sends once and a rejection stays visible and replayable. (The table is called
// `deliveries`; in code "delivery" means an outbound event delivery, see db/event-deliveries.ts.)
import type { Knex } from 'knex'
import type { Queryable } from './knex.ts'

export type SendEntity = 'allocation' | 'order' | 'shipment' | 'cancellation'

export interface SendRow {
  connection_id: string
  entity: SendEntity
  entity_id: string
  status: 'pending' | 'ok' | 'rejected' | 'retrying'
  external_id: string | null
  error: string | null
  attempts: number
}

export async function findSend(
  q: Queryable,
  tenantId: string,
  connectionId: string,
  entity: SendEntity,
  entityId: string,
  opts: { forUpdate?: boolean } = {},
): Promise<SendRow | undefined> {
  const query = q('deliveries').where({ tenant_id: tenantId, connection_id: connectionId, entity, entity_id: entityId })
  if (opts.forUpdate) query.forUpdate()
  return (await query.first()) as SendRow | undefined
}

interface SendOutcome {
  tenantId: string
  connectionId: string
  entity: SendEntity
  entityId: string
  status: SendRow['status']
  externalId?: string | undefined
  error?: string | null | undefined
}

function sendRow(d: SendOutcome) {
  return {
    tenant_id: d.tenantId,
    connection_id: d.connectionId,
    entity: d.entity,
    entity_id: d.entityId,
    status: d.status,
    external_id: d.externalId ?? null,
    error: d.error ?? null,
  }
}

/** Record an attempt's outcome (the attempt count goes up each time). */
export async function recordSend(q: Queryable, d: SendOutcome): Promise<void> {
  await q('deliveries')
    .insert({ ...sendRow(d), attempts: 1 })
    .onConflict(['connection_id', 'entity', 'entity_id'])
    .merge({
      status: d.status,
      external_id: d.externalId ?? null,
      error: d.error ?? null,
      attempts: q.raw('deliveries.attempts + 1'),
      updated_at: q.fn.now(),
    })
}

/**
 * The remote's own verdict on something we sent it (an ERP's acknowledgement of a sales order):
 * its id there and accepted or refused, without counting an attempt.
 */
export async function recordVerdict(
  trx: Knex.Transaction,
  d: SendOutcome & { status: 'ok' | 'rejected'; error: string | null },
): Promise<void> {
  await trx('deliveries')
    .insert(sendRow(d))
    .onConflict(['connection_id', 'entity', 'entity_id'])
    .merge({
      status: d.status,
      ...(d.externalId ? { external_id: d.externalId } : {}),
      error: d.error,
      updated_at: trx.fn.now(),
    })
}

/** What was sent for these documents (an order, its allocations and shipments), with where to. */
export async function sendsOf(q: Queryable, tenantId: string, entityIds: string[]): Promise<Record<string, unknown>[]> {
  if (entityIds.length === 0) return []
  return q('deliveries as d')
    .join('connections as c', 'c.id', 'd.connection_id')
    .where('d.tenant_id', tenantId)
    .whereIn('d.entity_id', entityIds)
    .select(
      'd.entity',
      'd.entity_id',
      'c.name as connection',
      'd.status',
      'd.external_id',
      'd.error',
      'd.attempts',
      'd.updated_at',
    )
}

export async function sendsOfShipment(q: Queryable, tenantId: string, shipmentId: string): Promise<SendRow[]> {
  return (await q('deliveries').where({ tenant_id: tenantId, entity: 'shipment', entity_id: shipmentId })) as SendRow[]
}

/** Sends about these documents that failed with a message (privacy scrubs the messages). */
export async function failedSendsOf(
  q: Queryable,
  tenantId: string,
  entityIds: string[],
): Promise<Pick<SendRow, 'connection_id' | 'entity' | 'entity_id' | 'error'>[]> {
  if (entityIds.length === 0) return []
  return q('deliveries')
    .where({ tenant_id: tenantId })
    .whereIn('entity_id', entityIds)
    .whereNotNull('error')
    .select('connection_id', 'entity', 'entity_id', 'error')
}

export async function setSendError(
  q: Queryable,
  tenantId: string,
  key: Pick<SendRow, 'connection_id' | 'entity' | 'entity_id'>,
  error: string,
): Promise<void> {
  await q('deliveries')
    .where({ tenant_id: tenantId, connection_id: key.connection_id, entity: key.entity, entity_id: key.entity_id })
    .update({ error })
}
