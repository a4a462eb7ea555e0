// Counts: a counted quantity (warehouse or ERP snapshot) replaces what the hub holds by becoming
// a ledger delta of (counted − on hand). The same count sent twice is a zero delta the second time.
import type { Knex } from 'knex'
import { lockLevel, recordMovement, setRemoteAvailable } from '../../db/inventory.ts'

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
  if (s.remoteAvailable !== undefined) await setRemoteAvailable(trx, tenantId, s.sku, s.locationId, s.remoteAvailable)
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
