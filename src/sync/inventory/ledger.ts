// The inventory ledger is the truth: every change of on-hand or reserved units is an appended
// row with an idempotency key, and inventory_levels is the running sum kept in the same
// transaction. Replaying a movement with the same key changes nothing.
import type { Knex } from 'knex'
import type { LedgerReasonValue } from '../../model/index.ts'
import { appendAudit } from '../../db/audit.ts'

export interface Movement {
  sku: string
  locationId: string
  onHandDelta: number
  reservedDelta: number
  reason: LedgerReasonValue
  source: string
  idempotencyKey: string
  occurredAt?: string
}

export interface Level {
  onHand: number
  reserved: number
}

/** Append a movement and update the level; false when the key was already recorded. */
export async function recordMovement(trx: Knex.Transaction, tenantId: string, m: Movement): Promise<boolean> {
  const inserted = await trx('inventory_ledger')
    .insert({
      tenant_id: tenantId,
      sku: m.sku,
      location_id: m.locationId,
      on_hand_delta: m.onHandDelta,
      reserved_delta: m.reservedDelta,
      reason: m.reason,
      source: m.source,
      idempotency_key: m.idempotencyKey,
      ...(m.occurredAt ? { occurred_at: m.occurredAt } : {}),
    })
    .onConflict(['tenant_id', 'idempotency_key'])
    .ignore()
    .returning('id')
  if (inserted.length === 0) return false
  await appendAudit(trx, tenantId, [
    {
      actor: m.source,
      action: `ledger.${m.reason}`,
      entity: 'inventory',
      entityId: `${m.sku}@${m.locationId}`,
      data: { onHandDelta: m.onHandDelta, reservedDelta: m.reservedDelta, key: m.idempotencyKey },
    },
  ])
  // update first: an INSERT … ON CONFLICT checks constraints on the proposed row, and a release
  // (reserved −n) would trip reserved >= 0 even though the summed row is fine
  const updated = await trx('inventory_levels')
    .where({ tenant_id: tenantId, sku: m.sku, location_id: m.locationId })
    .update({
      on_hand: trx.raw('on_hand + ?', [m.onHandDelta]),
      reserved: trx.raw('reserved + ?', [m.reservedDelta]),
      updated_at: trx.fn.now(),
    })
  if (updated === 0) {
    await trx('inventory_levels').insert({
      tenant_id: tenantId,
      sku: m.sku,
      location_id: m.locationId,
      on_hand: m.onHandDelta,
      reserved: m.reservedDelta,
    })
  }
  return true
}

/** Lock and read a level (creating a zero row so the lock holds even for a new pair). */
export async function lockLevel(
  trx: Knex.Transaction,
  tenantId: string,
  sku: string,
  locationId: string,
): Promise<Level> {
  await trx.raw(`insert into inventory_levels (tenant_id, sku, location_id) values (?, ?, ?) on conflict do nothing`, [
    tenantId,
    sku,
    locationId,
  ])
  const row = await trx('inventory_levels')
    .where({ tenant_id: tenantId, sku, location_id: locationId })
    .forUpdate()
    .first('on_hand', 'reserved')
  return { onHand: row.on_hand, reserved: row.reserved }
}

/**
 * A counted quantity (warehouse or ERP snapshot) replaces what the hub holds: it becomes a ledger
 * delta of (counted − on hand). The same count sent twice is a zero delta the second time.
 */
export async function applySnapshot(
  trx: Knex.Transaction,
  tenantId: string,
  s: {
    sku: string
    locationId: string
    counted: number
    source: string
    key: string
    remoteAvailable?: number
  },
): Promise<'updated' | 'unchanged'> {
  const level = await lockLevel(trx, tenantId, s.sku, s.locationId)
  if (s.remoteAvailable !== undefined) {
    await trx('inventory_levels')
      .where({ tenant_id: tenantId, sku: s.sku, location_id: s.locationId })
      .update({ remote_available: s.remoteAvailable })
  }
  const delta = s.counted - level.onHand
  if (delta === 0) return 'unchanged'
  const applied = await recordMovement(trx, tenantId, {
    sku: s.sku,
    locationId: s.locationId,
    onHandDelta: delta,
    reservedDelta: 0,
    reason: 'snapshot',
    source: s.source,
    idempotencyKey: `${s.key}:${level.onHand}->${s.counted}`,
  })
  return applied ? 'updated' : 'unchanged'
}
