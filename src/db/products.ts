// The canonical catalog: products and their variants (SKUs), written by the catalog master's
// records and skipped when their content is unchanged; price list entries per SKU and currency.
import type { Knex } from 'knex'
import type { Product, Variant } from '../model/index.ts'
import { contentHash } from './content-hash.ts'
import { keysetPage, type Page, type PageRequest } from './keyset.ts'
import type { Queryable, UpsertStatus } from './knex.ts'

function variantRow(tenantId: string, productId: string, v: Variant) {
  const row = {
    tenant_id: tenantId,
    product_id: productId,
    sku: v.sku,
    barcode_type: v.barcode?.type ?? null,
    barcode: v.barcode?.value ?? null,
    title: v.title ? JSON.stringify(v.title) : null,
    options: v.options ? JSON.stringify(v.options) : null,
    hs_code: v.hsCode ?? null,
    country_of_origin: v.countryOfOrigin ?? null,
    weight: v.weight ? JSON.stringify(v.weight) : null,
    dimensions: v.dimensions ? JSON.stringify(v.dimensions) : null,
    prices: v.prices ? JSON.stringify(v.prices) : null,
    active: v.active ?? true,
  }
  return { ...row, content_hash: contentHash({ ...v, productId }) }
}

export async function upsertProduct(
  trx: Knex.Transaction,
  tenantId: string,
  p: Product,
): Promise<{ id: string; status: UpsertStatus }> {
  const hash = contentHash(p)
  const existing = await trx('products').where({ tenant_id: tenantId, handle: p.handle }).first('id', 'content_hash')
  if (existing && existing.content_hash === hash) return { id: existing.id, status: 'unchanged' }
  const productRow = {
    tenant_id: tenantId,
    handle: p.handle,
    title: JSON.stringify(p.title),
    description: p.description ? JSON.stringify(p.description) : null,
    vendor: p.vendor ?? null,
    product_type: p.productType ?? null,
    status: p.status,
    content_hash: hash,
  }
  let id: string
  if (existing) {
    id = existing.id
    await trx('products')
      .where({ tenant_id: tenantId, id })
      .update({ ...productRow, updated_at: trx.fn.now() })
  } else {
    const [row] = await trx('products').insert(productRow).returning('id')
    id = row.id
  }
  for (const v of p.variants) {
    const row = variantRow(tenantId, id, v)
    await trx('variants')
      .insert(row)
      .onConflict(['tenant_id', 'sku'])
      .merge({ ...row, updated_at: trx.fn.now() })
  }
  return { id, status: existing ? 'updated' : 'created' }
}

/** A partial variant update: a price list entry for one SKU and currency. */
export async function upsertPrice(
  trx: Knex.Transaction,
  tenantId: string,
  sku: string,
  price: { amount: number; currency: string },
): Promise<UpsertStatus | 'unknown_sku'> {
  const v = await trx('variants').where({ tenant_id: tenantId, sku }).forUpdate().first('id', 'prices')
  if (!v) return 'unknown_sku'
  const prices: { amount: number; currency: string }[] = Array.isArray(v.prices) ? v.prices : []
  const current = prices.find((p) => p.currency === price.currency)
  if (current && current.amount === price.amount) return 'unchanged'
  const next = [...prices.filter((p) => p.currency !== price.currency), price].sort((a, b) =>
    a.currency.localeCompare(b.currency),
  )
  await trx('variants')
    .where({ tenant_id: tenantId, id: v.id })
    .update({ prices: JSON.stringify(next), updated_at: trx.fn.now() })
  return 'updated'
}

export interface SkuListRow {
  id: string
  sku: string
  barcode: string | null
  title: Record<string, string>
  handle: string
}

/** SKUs with their product, newest first; `search` matches SKU or barcode. */
export async function listSkus(
  q: Queryable,
  tenantId: string,
  filter: { search?: string | undefined },
  page: PageRequest,
): Promise<Page<SkuListRow>> {
  const query = q('variants as v')
    .join('products as p', function () {
      this.on('p.id', '=', 'v.product_id').andOn('p.tenant_id', '=', 'v.tenant_id')
    })
    .where('v.tenant_id', tenantId)
    .select('v.id', 'v.sku', 'v.barcode', 'p.title', 'p.handle', 'v.created_at')
  if (filter.search)
    query.andWhere((w) => w.whereILike('v.sku', `%${filter.search}%`).orWhereILike('v.barcode', `%${filter.search}%`))
  return keysetPage<SkuListRow>(query, { key: 'v.created_at', id: 'v.id', ...page })
}

export async function variantBySku(
  q: Queryable,
  tenantId: string,
  sku: string,
): Promise<{ id: string; sku: string } | undefined> {
  return (await q('variants').where({ tenant_id: tenantId, sku }).first('id', 'sku')) as
    { id: string; sku: string } | undefined
}

/** Variant ids by SKU, for the SKUs that exist. */
export async function variantIdsBySku(q: Queryable, tenantId: string, skus: string[]): Promise<Map<string, string>> {
  if (skus.length === 0) return new Map()
  const rows: { id: string; sku: string }[] = await q('variants')
    .where({ tenant_id: tenantId })
    .whereIn('sku', [...new Set(skus)])
    .select('id', 'sku')
  return new Map(rows.map((r) => [r.sku, r.id]))
}

export async function allSkus(q: Queryable, tenantId: string): Promise<string[]> {
  return q('variants').where({ tenant_id: tenantId }).pluck('sku')
}

/** Every variant's SKU and barcode (the SKU-mapping page suggests matches from them). */
export async function variantsForMatching(
  q: Queryable,
  tenantId: string,
): Promise<{ id: string; sku: string; barcode: string | null }[]> {
  return q('variants').where({ tenant_id: tenantId }).select('id', 'sku', 'barcode')
}
