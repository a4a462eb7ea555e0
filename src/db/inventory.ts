// Stock: the ledger (the truth: every change of on-hand or reserved units is an appended row with
// an idempotency key, audited), the levels (the running sum, kept in the same transaction), and
// the dirty marks that coalesce stock changes into one push per channel.
import type { Knex } from 'knex'
import type { LedgerReasonValue } from '../model/index.ts'
import { appendAudit } from './audit.ts'
import type { Queryable } from './knex.ts'

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
 * Lock every (SKU, location) level an order might take from, in one global order (SKU, then
 * location), creating the missing ones: two orders racing for the last unit serialize here.
 */
export async function lockLevels(
  trx: Knex.Transaction,
  tenantId: string,
  skus: string[],
  locationIds: string[],
): Promise<{ sku: string; location_id: string; on_hand: number; reserved: number }[]> {
  if (skus.length === 0 || locationIds.length === 0) return []
  await trx.raw(
    `insert into inventory_levels (tenant_id, sku, location_id)
    select ?, s, l from unnest(?::text[]) s cross join unnest(?::uuid[]) l on conflict do nothing`,
    [tenantId, skus, locationIds],
  )
  return trx('inventory_levels')
    .where({ tenant_id: tenantId })
    .whereIn('sku', skus)
    .whereIn('location_id', locationIds)
    .orderBy(['sku', 'location_id'])
    .forUpdate()
    .select('sku', 'location_id', 'on_hand', 'reserved')
}

/** What the remote itself reports as available (shown beside our numbers, never used for ATS). */
export async function setRemoteAvailable(
  q: Queryable,
  tenantId: string,
  sku: string,
  locationId: string,
  available: number,
): Promise<void> {
  await q('inventory_levels')
    .where({ tenant_id: tenantId, sku, location_id: locationId })
    .update({ remote_available: available })
}

export async function levelsAt(
  q: Queryable,
  tenantId: string,
  skus: string[],
  locationIds: string[],
): Promise<{ sku: string; on_hand: number; reserved: number }[]> {
  if (skus.length === 0 || locationIds.length === 0) return []
  return q('inventory_levels')
    .where({ tenant_id: tenantId })
    .whereIn('sku', skus)
    .whereIn('location_id', locationIds)
    .select('sku', 'on_hand', 'reserved')
}

/** One SKU's level at every location, with the location's code and name. */
export async function levelsOfSku(
  q: Queryable,
  tenantId: string,
  sku: string,
): Promise<
  {
    location_id: string
    code: string
    name: string
    on_hand: number
    reserved: number
    remote_available: number | null
    updated_at: Date
  }[]
> {
  return q('inventory_levels as l')
    .join('locations as x', 'x.id', 'l.location_id')
    .where({ 'l.tenant_id': tenantId, 'l.sku': sku })
    .select('x.id as location_id', 'x.code', 'x.name', 'l.on_hand', 'l.reserved', 'l.remote_available', 'l.updated_at')
}

/** One SKU's last movements, newest first. */
export async function ledgerOfSku(
  q: Queryable,
  tenantId: string,
  sku: string,
  limit = 200,
): Promise<Record<string, unknown>[]> {
  return q('inventory_ledger as g')
    .join('locations as x', 'x.id', 'g.location_id')
    .where({ 'g.tenant_id': tenantId, 'g.sku': sku })
    .orderBy('g.id', 'desc')
    .limit(limit)
    .select('g.id', 'x.code', 'g.on_hand_delta', 'g.reserved_delta', 'g.reason', 'g.source', 'g.occurred_at')
}

// ---- dirty marks: (channel, SKU) pairs whose number must be pushed again ----------------------

const CHUNK = 5000

/** Mark these SKUs dirty for these channels (the push job drains them). */
export async function markDirty(
  q: Queryable,
  tenantId: string,
  connectionIds: string[],
  skus: string[],
): Promise<void> {
  const unique = [...new Set(skus)]
  const rows = [...new Set(connectionIds)].flatMap((connection_id) =>
    unique.map((sku) => ({ tenant_id: tenantId, connection_id, sku })),
  )
  for (let i = 0; i < rows.length; i += CHUNK) {
    await q('inventory_dirty')
      .insert(rows.slice(i, i + CHUNK))
      .onConflict(['connection_id', 'sku'])
      .merge({ changed_at: q.fn.now() })
  }
}

/** Mark every SKU of the catalog dirty for these channels (a rule or a location changed). */
export async function markCatalogDirty(q: Queryable, tenantId: string, connectionIds: string[]): Promise<void> {
  if (connectionIds.length === 0) return
  await q.raw(
    `insert into inventory_dirty (tenant_id, connection_id, sku)
    select v.tenant_id, c, v.sku from variants v cross join unnest(?::uuid[]) c where v.tenant_id = ?
    on conflict (connection_id, sku) do update set changed_at = now()`,
    [[...new Set(connectionIds)], tenantId],
  )
}

/** The dirty SKUs of a channel marked before `readAt`, oldest marks included. */
export async function dirtySkus(
  q: Queryable,
  tenantId: string,
  connectionId: string,
  readAt: Date,
  limit: number,
): Promise<{ sku: string; changed_at: Date }[]> {
  return q('inventory_dirty')
    .where({ tenant_id: tenantId, connection_id: connectionId })
    .andWhere('changed_at', '<=', readAt)
    .limit(limit)
    .select('sku', 'changed_at')
}

/** Clear marks made before `readAt`: a mark made while we pushed survives for the next run. */
export async function clearDirty(
  q: Queryable,
  tenantId: string,
  connectionId: string,
  skus: string[],
  readAt: Date,
): Promise<void> {
  for (let i = 0; i < skus.length; i += CHUNK) {
    await q('inventory_dirty')
      .where({ tenant_id: tenantId, connection_id: connectionId })
      .whereIn('sku', skus.slice(i, i + CHUNK))
      .andWhere('changed_at', '<=', readAt)
      .del()
  }
}

export async function countDirty(q: Queryable, tenantId: string, connectionId: string): Promise<number> {
  const [row] = await q('inventory_dirty')
    .where({ tenant_id: tenantId, connection_id: connectionId })
    .count<{ n: string }[]>('* as n')
  return Number(row?.n ?? 0)
}
