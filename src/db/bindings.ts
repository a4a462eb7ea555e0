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
    if (h.entity === 'variant') {
      await q('external_listings')
        .where({ connection_id: connectionId, external_id: h.externalId, scope: h.scope ?? '' })
        .del()
    }
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
