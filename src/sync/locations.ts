// Locations (warehouses, FBA, stores) as the canonical model knows them, keyed by code.
import type { Knex } from 'knex'
import type { Location } from '../model/index.ts'
import type { UpsertStatus } from './catalog/upsert-product.ts'

export async function upsertLocation(
  trx: Knex.Transaction | Knex,
  tenantId: string,
  l: Location,
  connectionId?: string,
): Promise<{ id: string; status: UpsertStatus }> {
  const row = {
    tenant_id: tenantId,
    code: l.code,
    name: l.name,
    type: l.type,
    country: l.country,
    time_zone: l.timeZone,
    cutoff_hour: l.cutoffHour ?? null,
    working_days: l.workingDays ?? null,
    connection_id: l.connectionId ?? connectionId ?? null,
  }
  const existing = await trx('locations').where({ tenant_id: tenantId, code: l.code }).first()
  if (!existing) {
    const [r] = await trx('locations').insert(row).returning('id')
    return { id: r.id, status: 'created' }
  }
  const same =
    existing.name === row.name &&
    existing.type === row.type &&
    existing.country === row.country &&
    existing.time_zone === row.time_zone &&
    (existing.cutoff_hour ?? null) === row.cutoff_hour
  if (same) return { id: existing.id, status: 'unchanged' }
  await trx('locations')
    .where({ id: existing.id })
    .update({ ...row, updated_at: trx.fn.now() })
  return { id: existing.id, status: 'updated' }
}

export async function locationIdByCode(
  q: Knex | Knex.Transaction,
  tenantId: string,
  code: string,
): Promise<string | undefined> {
  const r = await q('locations').where({ tenant_id: tenantId, code }).first('id')
  return r?.id
}
