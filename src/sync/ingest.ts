// The one road every inbound record takes, from a pull page or a webhook: canonical record →
// validated → upserted (skipped when unchanged) → bindings → lifecycle effects (reservations,
// routing, shipments). Each item runs in its own savepoint: a bad record is reported with its
// external id, reason and payload, and the rest of the page goes on.
import type { Knex } from 'knex'
import type { PgBoss } from 'pg-boss'
import type { CanonicalRecord, PulledItem, RecordError } from '../connectors/types.ts'
import { upsertBindings } from '../db/bindings.ts'
import { CrossdockError } from '../errors.ts'
import { check, InventoryLevelSchema, LocationSchema, OrderSchema, ProductSchema, ShipmentSchema, type FieldError } from '../model/index.ts'
import { lockTenantAudit } from './audit.ts'
import { upsertPrice, upsertProduct, type UpsertStatus } from './catalog/upsert-product.ts'
import { markDirty } from './inventory/dirty.ts'
import { applySnapshot, recordMovement } from './inventory/ledger.ts'
import { locationIdByCode, upsertLocation } from './locations.ts'
import { afterOrderUpsert } from './orders/lifecycle.ts'
import { upsertOrder } from './orders/upsert-order.ts'
import { enqueue, SYNC_QUEUES } from './queues.ts'
import { recordShipment } from './shipments/record-shipment.ts'

export interface IngestCounts {
  seen: number
  created: number
  updated: number
  unchanged: number
  failed: number
}

export interface ItemOutcome {
  externalId: string
  status: 'created' | 'updated' | 'unchanged' | 'rejected'
  error?: RecordError
}

export interface IngestContext {
  tenantId: string
  connectionId: string
  boss: PgBoss
  /** who said so, for the ledger and the audit trail: "pull:<run id>", "webhook:<inbox id>" */
  source: string
}

class RecordRejected extends Error {
  constructor(readonly recordError: RecordError) {
    super(recordError.message)
  }
}

function rejectInvalid(errors: FieldError[], what: string): never {
  const first = errors[0]!
  throw new RecordRejected({ code: 'VALIDATION_FAILED', message: `invalid ${what}: ${errors.map((e) => `${e.field || '/'} ${e.message}`).join('; ')}`, field: first.field })
}

function validated<T>(schema: Parameters<typeof check>[0], value: T, what: string): T {
  const r = check(schema, value)
  if (!r.ok) rejectInvalid(r.errors, what)
  return value
}

async function requireLocation(trx: Knex.Transaction, tenantId: string, code: string): Promise<string> {
  const id = await locationIdByCode(trx, tenantId, code)
  if (!id) throw new RecordRejected({ code: 'MAPPING_FIELD_MISSING', message: `unknown location code "${code}"`, field: 'locationCode' })
  return id
}

const RANK: Record<UpsertStatus, number> = { unchanged: 0, updated: 1, created: 2 }

async function applyRecord(trx: Knex.Transaction, c: IngestContext, r: CanonicalRecord, externalId: string): Promise<UpsertStatus> {
  switch (r.type) {
    case 'product':
      return (await upsertProduct(trx, c.tenantId, validated(ProductSchema, r.value, 'product'))).status
    case 'location':
      return (await upsertLocation(trx, c.tenantId, validated(LocationSchema, r.value, 'location'), c.connectionId)).status
    case 'inventory_level': {
      const v = validated(InventoryLevelSchema, r.value, 'inventory level')
      const locationId = await requireLocation(trx, c.tenantId, v.locationCode)
      const status = await applySnapshot(trx, c.tenantId, {
        sku: v.sku, locationId, counted: v.onHand, source: c.source, key: `snapshot:${c.connectionId}:${v.sku}:${v.locationCode}:${v.asOf ?? c.source}`,
        ...(v.available !== undefined ? { remoteAvailable: v.available } : {}),
      })
      if (status === 'updated') await stockChanged(trx, c, [v.sku], [locationId])
      return status
    }
    case 'inventory_delta': {
      const v = r.value
      const locationId = await requireLocation(trx, c.tenantId, v.locationCode)
      const applied = await recordMovement(trx, c.tenantId, {
        sku: v.sku, locationId, onHandDelta: v.delta, reservedDelta: 0, reason: v.reason, source: c.source,
        idempotencyKey: `delta:${c.connectionId}:${v.reference}:${v.sku}:${v.locationCode}`,
      })
      if (applied) await stockChanged(trx, c, [v.sku], [locationId])
      return applied ? 'updated' : 'unchanged'
    }
    case 'order': {
      const o = validated(OrderSchema, r.value, 'order')
      const res = await upsertOrder(trx, c.tenantId, c.connectionId, o)
      if (res.status !== 'unchanged') await afterOrderUpsert(trx, c.boss, res.id, res.previousStatus)
      return res.status
    }
    case 'shipment':
      return (await recordShipment(trx, c.boss, c.tenantId, c.connectionId, validated(ShipmentSchema, r.value, 'shipment'), r.reference)).status
    case 'price': {
      const s = await upsertPrice(trx, c.tenantId, r.value.sku, r.value.price)
      if (s === 'unknown_sku') throw new RecordRejected({ code: 'SKU_UNKNOWN', message: `SKU ${r.value.sku} is not in the catalog`, field: 'sku' })
      return s
    }
    case 'document_status': {
      const n = await trx('allocations').where({ tenant_id: c.tenantId }).andWhere((w) => {
        w.where('external_id', r.value.externalId ?? '\u0000')
        if (/^[0-9a-f-]{36}$/i.test(r.value.reference)) w.orWhere('id', r.value.reference)
      }).whereNotIn('status', ['shipped', 'cancelled']).update({ ...(r.value.externalId ? { external_id: r.value.externalId } : {}), updated_at: trx.fn.now() })
      return n > 0 ? 'updated' : 'unchanged'
    }
    default: {
      const never: never = r
      throw new CrossdockError('BAD_REQUEST', `unknown record type ${JSON.stringify(never)} from ${externalId}`)
    }
  }
}

/** Stock moved: channels that sell from these locations get a (debounced) push. */
async function stockChanged(trx: Knex.Transaction, c: IngestContext, skus: string[], locationIds: string[]): Promise<void> {
  const conns = await markDirty(trx, c.tenantId, skus, locationIds)
  for (const connectionId of conns) {
    await enqueue(c.boss, trx, SYNC_QUEUES.inventoryPush, { tenantId: c.tenantId, connectionId }, { singletonKey: `push:${connectionId}`, singletonSeconds: 1 })
  }
  await enqueue(c.boss, trx, SYNC_QUEUES.backorderRetry, { tenantId: c.tenantId, skus }, {})
}

export async function ingestItems(db: Knex | Knex.Transaction, c: IngestContext, items: PulledItem[]): Promise<{ counts: IngestCounts; outcomes: ItemOutcome[] }> {
  const counts: IngestCounts = { seen: 0, created: 0, updated: 0, unchanged: 0, failed: 0 }
  const outcomes: ItemOutcome[] = []
  for (const item of items) {
    counts.seen++
    if (item.error) {
      counts.failed++
      outcomes.push({ externalId: item.externalId, status: 'rejected', error: item.error })
      continue
    }
    try {
      const status = await db.transaction(async (sp) => {
        await lockTenantAudit(sp, c.tenantId)
        let best: UpsertStatus = 'unchanged'
        for (const r of item.records ?? []) {
          const s = await applyRecord(sp, c, r, item.externalId)
          if (RANK[s] > RANK[best]) best = s
        }
        if (item.bindings?.length) await upsertBindings(sp, c.tenantId, c.connectionId, item.bindings)
        return best
      })
      counts[status]++
      outcomes.push({ externalId: item.externalId, status })
    } catch (err) {
      if (!(err instanceof RecordRejected) && !(err instanceof CrossdockError && !err.retryable)) throw err
      counts.failed++
      const error = err instanceof RecordRejected ? err.recordError : { code: (err as CrossdockError).code, message: (err as Error).message }
      outcomes.push({ externalId: item.externalId, status: 'rejected', error })
    }
  }
  return { counts, outcomes }
}
