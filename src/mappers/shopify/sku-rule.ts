// Canonical SKUs for Shopify variants that have none. Real stores leave `sku` null or "" on most
// variants (issue 13: 3,452 of the variants of two recorded stores); such a variant is still a
// canonical variant, bound by its variant id and inventory item, with a SKU from the rule the
// seller picks per connection. Every rule is deterministic: the same product maps to the same
// SKUs on every pull, whatever the order of its variants.
import { createHash } from 'node:crypto'
import { Type, type Static } from 'typebox'
import { isCanonicalSku, SKU_MAX_LENGTH, type SkuSource } from '../../model/index.ts'
import { legacyId, nonEmpty } from './common.ts'

/**
 * The connection setting (`skuRule` in the Shopify config): how a variant without a SKU gets one.
 *  - barcode: its barcode, or its variant id when it has none;
 *  - handle-options: `<handle>-<option1>-<option2>…`, slugged (`linen-shirt-blue-m`);
 *  - variant-id: `SHOPIFY-<numeric variant id>` (the default: always there, never collides).
 */
export const SkuRuleSchema = Type.Union(
  [Type.Literal('barcode'), Type.Literal('handle-options'), Type.Literal('variant-id')],
  {
    default: 'variant-id',
    description: 'canonical SKU of a Shopify variant without one: barcode, handle-options or variant-id',
  },
)
export type SkuRule = Static<typeof SkuRuleSchema>
export const DEFAULT_SKU_RULE: SkuRule = 'variant-id'

export interface SkuRuleVariant {
  id: string
  sku?: string | null
  barcode?: string | null
  selectedOptions?: { name: string; value: string }[] | null
}

export interface CanonicalSku {
  sku: string
  skuSource: SkuSource
}

/** Lower case, accents folded, every run of anything but letters and digits one hyphen. */
export function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
}

/** Within the model's length: a long SKU keeps its start and ends with a hash of the whole. */
function fit(sku: string): string {
  if (sku.length <= SKU_MAX_LENGTH) return sku
  const hash = createHash('sha256').update(sku).digest('hex').slice(0, 8)
  return `${sku.slice(0, SKU_MAX_LENGTH - 9).replace(/-+$/, '')}-${hash}`
}

const DEFAULT_OPTION = /^(Title|Default Title)$/

function byRule(handle: string, v: SkuRuleVariant, rule: SkuRule): CanonicalSku {
  if (rule === 'barcode') {
    const barcode = nonEmpty(v.barcode)
    if (barcode && isCanonicalSku(barcode)) return { sku: barcode, skuSource: 'barcode' }
  }
  if (rule === 'handle-options') {
    const values = (v.selectedOptions ?? [])
      .filter((o) => !(DEFAULT_OPTION.test(o.name) && o.value === 'Default Title'))
      .map((o) => slug(o.value))
      .filter(Boolean)
    const sku = fit([slug(handle) || 'product', ...values].join('-'))
    return { sku, skuSource: 'handle-options' }
  }
  return { sku: `SHOPIFY-${legacyId(v.id)}`, skuSource: 'variant-id' }
}

function numericOrder(a: SkuRuleVariant, b: SkuRuleVariant): number {
  const x = legacyId(a.id)
  const y = legacyId(b.id)
  if (/^\d+$/.test(x) && /^\d+$/.test(y)) return x.length - y.length || (x < y ? -1 : x > y ? 1 : 0)
  return x < y ? -1 : x > y ? 1 : 0
}

/**
 * The canonical SKU of every variant of one product, by variant id. A variant's own SKU wins
 * (source `remote`); the others get the rule's. When a derived SKU is already taken in the
 * product (by a remote SKU, or by an earlier variant: two option values that slug alike, two
 * variants sharing a barcode), the variant with the lower id keeps it and the later one gets its
 * numeric id appended: Shopify ids grow, so a new variant never changes an existing one's SKU.
 */
export function canonicalSkus(
  product: { handle: string; variants: SkuRuleVariant[] },
  rule: SkuRule = DEFAULT_SKU_RULE,
): Map<string, CanonicalSku> {
  const out = new Map<string, CanonicalSku>()
  const taken = new Set<string>()
  for (const v of product.variants) {
    const own = nonEmpty(v.sku)
    if (own) {
      out.set(v.id, { sku: own, skuSource: 'remote' })
      taken.add(own)
    }
  }
  for (const v of [...product.variants].filter((x) => !out.has(x.id)).sort(numericOrder)) {
    let c = byRule(product.handle, v, rule)
    if (taken.has(c.sku)) c = { ...c, sku: fit(`${c.sku}-${legacyId(v.id)}`) }
    out.set(v.id, c)
    taken.add(c.sku)
  }
  return out
}
