// The binder: links between canonical records and their ids on each connection. A canonical SKU
// may be known by another SKU on every connection (aliases are normal), and per scope (Amazon
// marketplace) within one connection.
import type { Knex } from 'knex'
import type { BindingHint } from '../model/records.ts'

type Q = Knex | Knex.Transaction

export interface BindingRow {
  id: string
  tenant_id: string
  connection_id: string
  entity: string
  canonical_id: string
  external_id: string
  external_sku: string | null
  scope: string
  last_pushed_hash: string | null
  last_pushed_value: unknown
  last_pushed_at: Date | null
}

const TABLE_BY_ENTITY: Record<BindingHint['entity'], { table: string; key: string; byConnection?: boolean }> = {
  variant: { table: 'variants', key: 'sku' },
  product: { table: 'products', key: 'handle' },
  location: { table: 'locations', key: 'code' },
  order: { table: 'orders', key: 'external_id', byConnection: true },
  shipment: { table: 'shipments', key: 'external_id', byConnection: true },
}

export async function resolveCanonicalId(
  q: Q,
  tenantId: string,
  connectionId: string,
  hint: Pick<BindingHint, 'entity' | 'canonicalKey'>,
): Promise<string | undefined> {
  const t = TABLE_BY_ENTITY[hint.entity]
  const where: Record<string, string> = { tenant_id: tenantId, [t.key]: hint.canonicalKey }
  if (t.byConnection) where.connection_id = connectionId
  const row = await q(t.table).where(where).first('id')
  return row?.id as string | undefined
}

/** Record bindings; returns the hints that could not be resolved (canonical record unknown). */
export async function upsertBindings(
  q: Q,
  tenantId: string,
  connectionId: string,
  hints: BindingHint[],
): Promise<BindingHint[]> {
  const unresolved: BindingHint[] = []
  for (const h of hints) {
    const canonicalId = await resolveCanonicalId(q, tenantId, connectionId, h)
    if (!canonicalId) {
      unresolved.push(h)
      continue
    }
    await q('bindings')
      .insert({
        tenant_id: tenantId,
        connection_id: connectionId,
        entity: h.entity,
        canonical_id: canonicalId,
        external_id: h.externalId,
        external_sku: h.externalSku ?? null,
        scope: h.scope ?? '',
      })
      .onConflict(['connection_id', 'entity', 'external_id', 'scope'])
      .merge({
        canonical_id: canonicalId,
        external_sku: h.externalSku ?? null,
        updated_at: q.fn.now(),
      })
    if (h.entity === 'variant')
      await forgetListings(q, tenantId, connectionId, [{ externalId: h.externalId, scope: h.scope ?? '' }])
  }
  return unresolved
}

export async function bindingsFor(
  q: Q,
  tenantId: string,
  connectionId: string,
  entity: BindingHint['entity'],
  canonicalIds: string[],
): Promise<BindingRow[]> {
  if (canonicalIds.length === 0) return []
  return (await q('bindings')
    .where({ tenant_id: tenantId, connection_id: connectionId, entity })
    .whereIn('canonical_id', canonicalIds)) as BindingRow[]
}

/** Find the canonical variant for an external SKU on a connection: binding first, then same SKU. */
export async function variantIdForExternalSku(
  q: Q,
  tenantId: string,
  connectionId: string,
  externalSku: string,
): Promise<{ id: string; sku: string } | undefined> {
  const bound = await q('bindings as b')
    .join('variants as v', 'v.id', 'b.canonical_id')
    .where({ 'b.tenant_id': tenantId, 'b.connection_id': connectionId, 'b.entity': 'variant' })
    .andWhere((w) => w.where('b.external_sku', externalSku).orWhere('b.external_id', externalSku))
    .first('v.id', 'v.sku')
  if (bound) return bound as { id: string; sku: string }
  const same = await q('variants').where({ tenant_id: tenantId, sku: externalSku }).first('id', 'sku')
  return same as { id: string; sku: string } | undefined
}

/** How a connection knows a canonical SKU: its binding's external SKU and id, or the SKU itself. */
export async function variantOn(
  q: Q,
  tenantId: string,
  connectionId: string,
  sku: string,
  scope?: string,
): Promise<{ externalSku: string; externalId?: string }> {
  const query = q('bindings as b')
    .join('variants as v', 'v.id', 'b.canonical_id')
    .where({ 'b.tenant_id': tenantId, 'b.connection_id': connectionId, 'b.entity': 'variant', 'v.sku': sku })
  if (scope) query.andWhere('b.scope', scope)
  const row = await query.first('b.external_sku', 'b.external_id')
  return row ? { externalSku: row.external_sku ?? sku, externalId: row.external_id } : { externalSku: sku }
}

/** The variant bindings of a connection for these SKUs (one SKU may have several: one per scope). */
export async function variantBindingsForSkus(
  q: Q,
  tenantId: string,
  connectionId: string,
  skus: string[],
): Promise<{ sku: string; external_id: string; external_sku: string | null; scope: string }[]> {
  if (skus.length === 0) return []
  return q('bindings as b')
    .join('variants as v', 'v.id', 'b.canonical_id')
    .where({ 'b.tenant_id': tenantId, 'b.connection_id': connectionId, 'b.entity': 'variant' })
    .whereIn('v.sku', skus)
    .select('v.sku', 'b.external_id', 'b.external_sku', 'b.scope')
}

/** Every connection's binding of these variants, with the connection's name (the SKU list). */
export async function variantBindingsOf(
  q: Q,
  tenantId: string,
  variantIds: string[],
): Promise<
  {
    canonical_id: string
    connection_id: string
    name: string
    external_id: string
    external_sku: string | null
    scope: string
  }[]
> {
  if (variantIds.length === 0) return []
  return q('bindings as b')
    .join('connections as c', 'c.id', 'b.connection_id')
    .where({ 'b.tenant_id': tenantId, 'b.entity': 'variant' })
    .whereIn('b.canonical_id', variantIds)
    .select('b.canonical_id', 'b.connection_id', 'c.name', 'b.external_id', 'b.external_sku', 'b.scope')
}

/** The remote id of one of our locations on a connection (a 3PL facility id), when bound. */
export async function locationExternalId(
  q: Q,
  tenantId: string,
  connectionId: string,
  locationId: string,
): Promise<string | undefined> {
  const row = await q('bindings')
    .where({ tenant_id: tenantId, connection_id: connectionId, entity: 'location', canonical_id: locationId })
    .first('external_id')
  return row?.external_id as string | undefined
}

/** A seller's choice on the SKU-mapping page: these external ids are these variants. */
export async function bindVariants(
  q: Q,
  tenantId: string,
  connectionId: string,
  items: { variantId: string; externalId: string; externalSku: string; scope: string }[],
): Promise<void> {
  if (items.length === 0) return
  await q('bindings')
    .insert(
      items.map((i) => ({
        tenant_id: tenantId,
        connection_id: connectionId,
        entity: 'variant',
        canonical_id: i.variantId,
        external_id: i.externalId,
        external_sku: i.externalSku,
        scope: i.scope,
      })),
    )
    .onConflict(['connection_id', 'entity', 'external_id', 'scope'])
    .merge(['canonical_id', 'external_sku', 'updated_at'])
  await forgetListings(q, tenantId, connectionId, items)
}

// ---- listings nothing is bound to yet ----------------------------------------------------------

export interface UnmatchedListing {
  externalId: string
  externalSku: string
  barcode: string | null
  title: string | null
  scope: string
}

/** Keep (or refresh) listings no canonical SKU is bound to, for the SKU-mapping page. */
export async function recordUnmatchedListings(
  q: Q,
  tenantId: string,
  connectionId: string,
  listings: UnmatchedListing[],
): Promise<void> {
  if (listings.length === 0) return
  await q('external_listings')
    .insert(
      listings.map((l) => ({
        tenant_id: tenantId,
        connection_id: connectionId,
        external_id: l.externalId,
        external_sku: l.externalSku,
        barcode: l.barcode,
        title: l.title,
        scope: l.scope,
      })),
    )
    .onConflict(['connection_id', 'external_id', 'scope'])
    .merge(['external_sku', 'barcode', 'seen_at'])
}

export async function unmatchedListings(
  q: Q,
  tenantId: string,
  connectionId: string,
): Promise<
  { external_id: string; external_sku: string | null; barcode: string | null; title: string | null; scope: string }[]
> {
  return q('external_listings').where({ tenant_id: tenantId, connection_id: connectionId }).orderBy('external_sku')
}

async function forgetListings(
  q: Q,
  tenantId: string,
  connectionId: string,
  keys: { externalId: string; scope: string }[],
): Promise<void> {
  if (keys.length === 0) return
  await q('external_listings')
    .where({ tenant_id: tenantId, connection_id: connectionId })
    .whereIn(
      ['external_id', 'scope'],
      keys.map((k) => [k.externalId, k.scope]),
    )
    .del()
}

/** SKUs on a connection's order lines that neither a binding nor a canonical SKU explains. */
export async function unboundOrderSkus(q: Q, tenantId: string, connectionId: string): Promise<string[]> {
  const r = await q.raw(
    `
    select distinct l->>'sku' as sku from orders o, jsonb_array_elements(o.lines) l
    where o.tenant_id = ? and o.connection_id = ?
      and not exists (select 1 from bindings b where b.tenant_id = o.tenant_id and b.connection_id = o.connection_id
        and b.entity = 'variant' and (b.external_sku = l->>'sku' or b.external_id = l->>'sku'))
      and not exists (select 1 from variants v where v.tenant_id = o.tenant_id and v.sku = l->>'sku')`,
    [tenantId, connectionId],
  )
  return (r.rows as { sku: string }[]).map((x) => x.sku)
}
