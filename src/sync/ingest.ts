// The one road every inbound record takes, from a pull page or a webhook: canonical record →
// validated → upserted (skipped when unchanged) → bindings → lifecycle effects (reservations,
// routing, shipments). Each item runs in its own savepoint: a bad record is reported with its
// external id, reason and payload, and the rest of the page goes on.
import type { Knex } from 'knex'
import type { PgBoss } from 'pg-boss'
import type { BindingHint, CanonicalRecord, PulledItem, RecordError } from '../connectors/types.ts'
import { anyBackorder, applyAllocationDocument, lockAllocationForDocument } from '../db/allocations.ts'
import { recordUnmatchedListings, upsertBindings } from '../db/bindings.ts'
import type { UpsertStatus } from '../db/knex.ts'
import { lockLocationByCode, locationIdByCode, setStockSource, upsertLocation } from '../db/locations.ts'
import { findOrder } from '../db/orders.ts'
import { upsertPrice, upsertProduct } from '../db/products.ts'
import type { RunCounts } from '../db/runs.ts'
import { findSend, recordVerdict } from '../db/sends.ts'
import { CrossdockError } from '../errors.ts'
import {
  check,
  InventoryLevelSchema,
  LocationSchema,
  OrderSchema,
  ProductSchema,
  ShipmentSchema,
  type FieldError,
  sellableOnHand,
} from '../model/index.ts'
import { lockTenantAudit } from '../db/audit.ts'
import { stockMoved } from './inventory/dirty.ts'
import { recordMovement } from '../db/inventory.ts'
import { applySnapshot } from './inventory/ledger.ts'
import { afterOrderUpsert } from './orders/lifecycle.ts'
import { upsertOrder } from './orders/upsert-order.ts'
import { emitEvent } from './outbound/index.ts'
import { enqueue } from '../queue/boss.ts'
import { SYNC_QUEUES } from './queues.ts'
import { recordShipment } from './shipments/record-shipment.ts'

export type IngestCounts = RunCounts

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
  /**
   * Does this connection define the catalog? Only the catalog master writes products; every
   * other connection's products only bind its listings to canonical SKUs (default true).
   */
  catalogMaster?: boolean
}

class RecordRejected extends Error {
  constructor(readonly recordError: RecordError) {
    super(recordError.message)
  }
}

function rejectInvalid(errors: FieldError[], what: string): never {
  const first = errors[0]!
  throw new RecordRejected({
    code: 'VALIDATION_FAILED',
    message: `invalid ${what}: ${errors.map((e) => `${e.field || '/'} ${e.message}`).join('; ')}`,
    field: first.field,
  })
}

function validated<T>(schema: Parameters<typeof check>[0], value: T, what: string): T {
  const r = check(schema, value)
  if (!r.ok) rejectInvalid(r.errors, what)
  return value
}

/**
 * One source of counts per location: the first connection to report a count for a location
 * becomes its stock source (or the seller sets it); counts from any other connection are refused,
 * so an ERP and a 3PL never overwrite each other's numbers back and forth.
 */
async function requireStockSource(trx: Knex.Transaction, c: IngestContext, code: string): Promise<string> {
  const loc = await lockLocationByCode(trx, c.tenantId, code)
  if (!loc)
    throw new RecordRejected({
      code: 'MAPPING_FIELD_MISSING',
      message: `unknown location code "${code}"`,
      field: 'locationCode',
    })
  if (!loc.stock_source_connection_id) {
    await setStockSource(trx, c.tenantId, loc.id, c.connectionId)
  } else if (loc.stock_source_connection_id !== c.connectionId) {
    throw new RecordRejected({
      code: 'CONFLICT',
      message: `location ${code} takes its counts from another connection; change its stock source to accept these`,
      field: 'locationCode',
    })
  }
  return loc.id
}

async function requireLocation(trx: Knex.Transaction, tenantId: string, code: string): Promise<string> {
  const id = await locationIdByCode(trx, tenantId, code)
  if (!id)
    throw new RecordRejected({
      code: 'MAPPING_FIELD_MISSING',
      message: `unknown location code "${code}"`,
      field: 'locationCode',
    })
  return id
}

const RANK: Record<UpsertStatus, number> = { unchanged: 0, updated: 1, created: 2 }

async function applyRecord(
  trx: Knex.Transaction,
  c: IngestContext,
  r: CanonicalRecord,
  externalId: string,
): Promise<UpsertStatus> {
  switch (r.type) {
    case 'product': {
      const p = validated(ProductSchema, r.value, 'product')
      if (c.catalogMaster !== false) return (await upsertProduct(trx, c.tenantId, p)).status
      // not the master: the catalog stays as the master defines it; these listings get bound below
      return 'unchanged'
    }
    case 'location':
      return (await upsertLocation(trx, c.tenantId, validated(LocationSchema, r.value, 'location'), c.connectionId))
        .status
    case 'inventory_level': {
      const v = validated(InventoryLevelSchema, r.value, 'inventory level')
      const locationId = await requireStockSource(trx, c, v.locationCode)
      const status = await applySnapshot(trx, c.tenantId, {
        sku: v.sku,
        locationId,
        // only what the source calls sellable is the hub's stock (damaged, QC, quarantine… are not)
        counted: sellableOnHand(v),
        source: c.source,
        key: `snapshot:${c.connectionId}:${v.sku}:${v.locationCode}:${v.asOf ?? c.source}`,
        ...(v.available !== undefined ? { remoteAvailable: v.available } : {}),
      })
      if (status === 'updated') await stockChanged(trx, c, [v.sku], [locationId])
      return status
    }
    case 'inventory_delta': {
      const v = r.value
      const locationId = await requireLocation(trx, c.tenantId, v.locationCode)
      const applied = await recordMovement(trx, c.tenantId, {
        sku: v.sku,
        locationId,
        onHandDelta: v.delta,
        reservedDelta: 0,
        reason: v.reason,
        source: c.source,
        idempotencyKey: `delta:${c.connectionId}:${v.reference}:${v.sku}:${v.locationCode}`,
      })
      if (applied) await stockChanged(trx, c, [v.sku], [locationId])
      return applied ? 'updated' : 'unchanged'
    }
    case 'order': {
      const o = validated(OrderSchema, r.value, 'order')
      const res = await upsertOrder(trx, c.tenantId, c.connectionId, o)
      if (res.status === 'created') {
        // no buyer PII in events: subscribers get ids, money and lines
        await emitEvent(trx, c.boss, c.tenantId, 'order.imported', {
          orderId: res.id,
          connectionId: c.connectionId,
          externalId: o.externalId,
          externalNumber: o.externalNumber ?? null,
          channel: o.channel,
          status: o.status,
          currency: o.currency,
          total: o.totals.total,
          placedAt: o.placedAt,
          country: o.shippingAddress?.country ?? null,
          lines: o.lines.map((l) => ({ sku: l.sku, quantity: l.quantity })),
        })
      }
      if (res.status !== 'unchanged') await afterOrderUpsert(trx, c.boss, c.tenantId, res.id, res.previousStatus)
      return res.status
    }
    case 'shipment':
      return (
        await recordShipment(
          trx,
          c.boss,
          c.tenantId,
          c.connectionId,
          validated(ShipmentSchema, r.value, 'shipment'),
          r.reference,
        )
      ).status
    case 'price': {
      const s = await upsertPrice(trx, c.tenantId, r.value.sku, r.value.price)
      if (s === 'unknown_sku')
        throw new RecordRejected({
          code: 'SKU_UNKNOWN',
          message: `SKU ${r.value.sku} is not in the catalog`,
          field: 'sku',
        })
      return s
    }
    case 'document_status': {
      // the remote's word on a document we sent: its id, and accepted / rejected / cancelled
      // (shipped is decided by shipments, which carry what actually left)
      const v = r.value
      const alloc = await lockAllocationForDocument(trx, c.tenantId, v.reference, v.externalId)
      if (!alloc) return applyOrderAcknowledgement(trx, c, v)
      const next = ({ accepted: 'accepted', rejected: 'rejected', cancelled: 'cancelled' } as Record<string, string>)[
        v.status
      ]
      const moves =
        next && ['planned', 'sent', 'accepted', 'cancelling'].includes(alloc.status) && alloc.status !== next
      const idChanges = v.externalId && v.externalId !== alloc.external_id
      if (!moves && !idChanges) return 'unchanged'
      await applyAllocationDocument(trx, c.tenantId, alloc.id, {
        ...(moves ? { status: next } : {}),
        ...(idChanges ? { externalId: v.externalId } : {}),
        ...(v.status === 'rejected' ? { error: v.message ?? 'rejected by the remote' } : {}),
      })
      return 'updated'
    }
    default: {
      const never: never = r
      throw new CrossdockError('BAD_REQUEST', `unknown record type ${JSON.stringify(never)} from ${externalId}`)
    }
  }
}

/**
 * An ERP's acknowledgement of a sales order we posted (its reference is our order id): the
 * send row records the ERP's id and its verdict.
 */
async function applyOrderAcknowledgement(
  trx: Knex.Transaction,
  c: IngestContext,
  v: { reference: string; status: string; externalId?: string; message?: string },
): Promise<UpsertStatus> {
  if (!/^[0-9a-f-]{36}$/i.test(v.reference)) return 'unchanged'
  const d = await findSend(trx, c.tenantId, c.connectionId, 'order', v.reference, { forUpdate: true })
  const status = ['cancelled', 'rejected'].includes(v.status) ? 'rejected' : 'ok'
  const error = status === 'rejected' ? `${v.status} by the ERP${v.message ? `: ${v.message}` : ''}` : null
  if (
    d &&
    d.status === status &&
    (d.external_id ?? null) === (v.externalId ?? d.external_id ?? null) &&
    (d.error ?? null) === error
  )
    return 'unchanged'
  if (!(await findOrder(trx, c.tenantId, v.reference)))
    throw new RecordRejected({
      code: 'NOT_FOUND',
      message: `no order ${v.reference} for this acknowledgement`,
      field: 'reference',
    })
  await recordVerdict(trx, {
    tenantId: c.tenantId,
    connectionId: c.connectionId,
    entity: 'order',
    entityId: v.reference,
    status,
    externalId: v.externalId,
    error,
  })
  return d ? 'updated' : 'created'
}

/** Stock moved: channels that sell from these locations get a (debounced) push. */
async function stockChanged(
  trx: Knex.Transaction,
  c: IngestContext,
  skus: string[],
  locationIds: string[],
): Promise<void> {
  await stockMoved(trx, c.boss, c.tenantId, skus, locationIds)
  // stock arrived: backorders may be filled now (most tenants have none; no job then)
  if (await anyBackorder(trx, c.tenantId))
    await enqueue(c.boss, trx, SYNC_QUEUES.backorderRetry, { tenantId: c.tenantId, skus }, {})
}

/** Listings nobody is bound to yet: kept for the SKU-mapping page, which suggests matches. */
async function recordUnmatched(
  trx: Knex.Transaction,
  c: IngestContext,
  hints: BindingHint[],
  item: PulledItem,
): Promise<void> {
  const variants = hints.filter((h) => h.entity === 'variant')
  if (!variants.length) return
  const describe = (sku: string): { barcode: string | null; title: string | null } => {
    for (const r of item.records ?? []) {
      if (r.type !== 'product') continue
      const v = r.value.variants.find((x) => x.sku === sku)
      if (v) return { barcode: v.barcode?.value ?? null, title: Object.values(r.value.title)[0] ?? null }
    }
    return { barcode: null, title: null }
  }
  await recordUnmatchedListings(
    trx,
    c.tenantId,
    c.connectionId,
    variants.map((h) => ({
      externalId: h.externalId,
      externalSku: h.externalSku ?? h.canonicalKey,
      ...describe(h.canonicalKey),
      scope: h.scope ?? '',
    })),
  )
}

export async function ingestItems(
  db: Knex | Knex.Transaction,
  c: IngestContext,
  items: PulledItem[],
): Promise<{ counts: IngestCounts; outcomes: ItemOutcome[] }> {
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
        if (item.bindings?.length) {
          const unresolved = await upsertBindings(sp, c.tenantId, c.connectionId, item.bindings)
          if (unresolved.length) await recordUnmatched(sp, c, unresolved, item)
        }
        return best
      })
      counts[status]++
      outcomes.push({ externalId: item.externalId, status })
    } catch (err) {
      if (!(err instanceof RecordRejected) && !(err instanceof CrossdockError && !err.retryable)) throw err
      counts.failed++
      const error =
        err instanceof RecordRejected
          ? err.recordError
          : { code: (err as CrossdockError).code, message: (err as Error).message }
      outcomes.push({ externalId: item.externalId, status: 'rejected', error })
    }
  }
  return { counts, outcomes }
}
