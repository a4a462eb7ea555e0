// Tenants (sellers): their base currency, time zone and settings (catalog master, retention).
// Global table: a tenant's own row is read by its id, the only "tenant filter" it has.
import type { Knex } from 'knex'
import type { Queryable } from './knex.ts'

export interface TenantRow {
  id: string
  name: string
  base_currency: string
  time_zone: string
  settings: TenantSettings | null
  created_at: Date
}

export interface TenantSettings {
  /** the connection whose products define the catalog (else the ERP, else the channels) */
  catalogMasterConnectionId?: string
  /** days raw payloads are kept; absent: for ever */
  retentionDays?: number
}

export async function insertTenant(
  q: Queryable,
  t: { name: string; baseCurrency: string; timeZone: string },
): Promise<string> {
  const [row] = await q('tenants')
    .insert({ name: t.name, base_currency: t.baseCurrency, time_zone: t.timeZone })
    .returning('id')
  return row.id as string
}

export async function getTenant(q: Queryable, tenantId: string): Promise<TenantRow | undefined> {
  return (await q('tenants').where({ id: tenantId }).first()) as TenantRow | undefined
}

export async function tenantTimeZone(q: Queryable, tenantId: string): Promise<string> {
  const row = await q('tenants').where({ id: tenantId }).first('time_zone')
  return (row?.time_zone as string | undefined) ?? 'UTC'
}

export async function tenantSettings(q: Queryable, tenantId: string): Promise<TenantSettings> {
  const row = await q('tenants').where({ id: tenantId }).first('settings')
  return (row?.settings as TenantSettings | null) ?? {}
}

/** Set one setting (`null` removes it), leaving the others as they are. */
export async function setTenantSetting<K extends keyof TenantSettings>(
  q: Queryable,
  tenantId: string,
  key: K,
  value: TenantSettings[K] | null,
): Promise<void> {
  await q('tenants')
    .where({ id: tenantId })
    .update({
      settings:
        value === null || value === undefined
          ? q.raw('settings - ?', [key])
          : q.raw('jsonb_set(settings, ?::text[], ?::jsonb)', [`{${key}}`, JSON.stringify(value)]),
    })
}

/** Every tenant's id (the CLI's audit check walks them). */
export async function allTenantIds(q: Queryable): Promise<string[]> {
  return q('tenants').orderBy('created_at').pluck('id')
}

/** Tenants that set a retention period (the daily purge sweep). */
export async function tenantsWithRetention(q: Queryable): Promise<string[]> {
  return q('tenants').whereRaw(`jsonb_typeof(settings->'retentionDays') = 'number'`).pluck('id')
}

/** Serialise first-run setup: two concurrent setups must not both create an owner. */
export async function lockFirstRun(trx: Knex.Transaction): Promise<void> {
  await trx.raw('select pg_advisory_xact_lock(hashtextextended(?, 7))', ['first-run'])
}
