// Catalog push: one productSet per canonical product (the 2026-07 way to create or update a
// product with its options and variants in one call). A product already bound is addressed by its
// id, a new one by its handle; known variants keep their ids so their inventory items (and stock)
// survive. productSet is an upsert, so a retried call converges to the same product.
import { productSetInput } from '../../mappers/shopify/index.ts'
import { CrossdockError } from '../../errors.ts'
import type { BindingHint, CatalogPushItem, PushResult } from '../types.ts'
import { shopifyClient, type ShopifyContext } from './client.ts'
import { PRODUCT_SET } from './documents.ts'
import { mapContext, shopInfo } from './shop.ts'

interface ProductSetData {
  productSet: {
    product: {
      id: string
      handle: string
      variants: { nodes: { id: string; sku: string | null; inventoryItem: { id: string } }[] }
    } | null
    userErrors: { field: string[] | null; message: string; code: string | null }[]
  }
}

export async function pushCatalog(ctx: ShopifyContext, items: CatalogPushItem[]): Promise<PushResult[]> {
  const client = shopifyClient(ctx)
  const m = mapContext(ctx, await shopInfo(client))
  const out: PushResult[] = []
  for (const item of items) {
    try {
      const vars = productSetInput(item.product, m, item.bindings)
      const { data } = await client.call<ProductSetData>('productSet', PRODUCT_SET, { ...vars }, { estimate: 40 })
      const r = data.productSet
      if (!r.product) {
        const first = r.userErrors[0]
        out.push({
          key: item.key,
          status: 'rejected',
          error: {
            code: 'CONNECTOR_REJECTED',
            ...(first?.code ? { remoteCode: first.code } : {}),
            message: r.userErrors.map((e) => e.message).join('; ') || 'productSet returned no product',
            ...(first?.field ? { field: first.field.join('.') } : {}),
          },
        })
        continue
      }
      const bindings: BindingHint[] = [
        { entity: 'product', canonicalKey: item.product.handle, externalId: r.product.id },
      ]
      for (const v of r.product.variants.nodes) {
        if (v.sku)
          bindings.push({
            entity: 'variant',
            canonicalKey: v.sku,
            externalId: v.id,
            externalSku: v.sku,
            scope: v.inventoryItem.id,
          })
      }
      out.push({ key: item.key, status: 'ok', externalId: r.product.id, bindings })
    } catch (err) {
      const e = err instanceof CrossdockError ? err : new CrossdockError('CONNECTOR_NETWORK', String(err))
      out.push({
        key: item.key,
        status: e.retryable ? 'retryable' : 'rejected',
        error: { code: e.code, message: e.message },
      })
    }
  }
  return out
}
