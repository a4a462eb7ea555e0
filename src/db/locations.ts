// Locations (warehouses, FBA, stores) keyed by code per tenant, the one connection whose counts
// set a location's on-hand (its stock source), and which locations serve which sales channel
// (channel_locations, with the channel's own id for each: a Shopify location, a marketplace).
import type { Knex } from 'knex'
import type { Location } from '../model/index.ts'
import type { Queryable, UpsertStatus } from './knex.ts'

export interface LocationRow {
  id: string
  tenant_id: string
  code: string
  name: string
  type: string
  country: string
  time_zone: string
  cutoff_hour: number | null
  working_days: number[] | null
  connection_id: string | null
  stock_source_connection_id: string | null
}

export async function upsertLocation(
  q: Queryable,
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
  const existing = await q('locations').where({ tenant_id: tenantId, code: l.code }).first()
  if (!existing) {
    const [r] = await q('locations').insert(row).returning('id')
    return { id: r.id, status: 'created' }
  }
  const same =
    existing.name === row.name &&
    existing.type === row.type &&
    existing.country === row.country &&
    existing.time_zone === row.time_zone &&
    (existing.cutoff_hour ?? null) === row.cutoff_hour
  if (same) return { id: existing.id, status: 'unchanged' }
  await q('locations')
    .where({ tenant_id: tenantId, id: existing.id })
    .update({ ...row, updated_at: q.fn.now() })
  return { id: existing.id, status: 'updated' }
}

export async function locationIdByCode(q: Queryable, tenantId: string, code: string): Promise<string | undefined> {
  const r = await q('locations').where({ tenant_id: tenantId, code }).first('id')
  return r?.id
}

/** Lock a location against a concurrent change of its stock source, and read who that is. */
export async function lockLocationByCode(
  trx: Knex.Transaction,
  tenantId: string,
  code: string,
): Promise<{ id: string; stock_source_connection_id: string | null } | undefined> {
  return trx('locations').where({ tenant_id: tenantId, code }).forUpdate().first('id', 'stock_source_connection_id')
}

export async function setStockSource(
  q: Queryable,
  tenantId: string,
  locationId: string,
  connectionId: string,
): Promise<void> {
  await q('locations')
    .where({ tenant_id: tenantId, id: locationId })
    .update({ stock_source_connection_id: connectionId })
}

export async function locationsByCodes(q: Queryable, tenantId: string, codes: string[]): Promise<LocationRow[]> {
  if (codes.length === 0) return []
  return (await q('locations').where({ tenant_id: tenantId }).whereIn('code', codes)) as LocationRow[]
}

export async function locationCode(q: Queryable, tenantId: string, id: string): Promise<string | undefined> {
  return (await q('locations').where({ tenant_id: tenantId, id }).first('code'))?.code
}

/** The tenant's warehouses in code order (the routing default when no rules are set). */
export async function warehouseCodes(q: Queryable, tenantId: string): Promise<string[]> {
  return q('locations').where({ tenant_id: tenantId, type: 'warehouse' }).orderBy('code').pluck('code')
}

export async function listLocations(q: Queryable, tenantId: string): Promise<Record<string, unknown>[]> {
  return q('locations')
    .where({ tenant_id: tenantId })
    .orderBy('code')
    .select(
      'id',
      'code',
      'name',
      'type',
      'country',
      'time_zone as timeZone',
      'cutoff_hour as cutoffHour',
      'connection_id as connectionId',
    )
}

// ---- which locations serve which channel ------------------------------------------------------

/** The locations a channel sells from, with the channel-side id of each (when the seller set one). */
export async function servingLocations(
  q: Queryable,
  tenantId: string,
  connectionId: string,
): Promise<{ location_id: string; external_location_id: string | null }[]> {
  return q('channel_locations')
    .where({ tenant_id: tenantId, connection_id: connectionId })
    .select('location_id', 'external_location_id')
}

/** The same, with codes and names, for the channel's page. */
export async function servingLocationsView(
  q: Queryable,
  tenantId: string,
  connectionId: string,
): Promise<{ code: string; name: string; external_location_id: string | null }[]> {
  return q('channel_locations as cl')
    .join('locations as x', 'x.id', 'cl.location_id')
    .where({ 'cl.tenant_id': tenantId, 'cl.connection_id': connectionId })
    .select('x.code', 'x.name', 'cl.external_location_id')
}

/** Channels that sell from any of these locations. */
export async function connectionsServing(q: Queryable, tenantId: string, locationIds: string[]): Promise<string[]> {
  if (locationIds.length === 0) return []
  return q('channel_locations')
    .where({ tenant_id: tenantId })
    .whereIn('location_id', locationIds)
    .distinct('connection_id')
    .pluck('connection_id')
}

/** Every channel that sells from some location. */
export async function sellingConnections(q: Queryable, tenantId: string): Promise<string[]> {
  return q('channel_locations').where({ tenant_id: tenantId }).distinct('connection_id').pluck('connection_id')
}

/** Every (channel, location) pair of the tenant with the channel's name. */
export async function channelLocationPairs(
  q: Queryable,
  tenantId: string,
): Promise<{ id: string; name: string; location_id: string }[]> {
  return q('channel_locations as cl')
    .join('connections as c', 'c.id', 'cl.connection_id')
    .where('cl.tenant_id', tenantId)
    .select('c.id', 'c.name', 'cl.location_id')
}

/** Replace the locations a channel sells from. */
export async function setServingLocations(
  q: Queryable,
  tenantId: string,
  connectionId: string,
  items: { locationId: string; externalLocationId: string | null }[],
): Promise<void> {
  await q('channel_locations').where({ tenant_id: tenantId, connection_id: connectionId }).del()
  if (items.length)
    await q('channel_locations').insert(
      items.map((i) => ({
        tenant_id: tenantId,
        connection_id: connectionId,
        location_id: i.locationId,
        external_location_id: i.externalLocationId,
      })),
    )
}
