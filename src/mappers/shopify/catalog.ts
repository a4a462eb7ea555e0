// Shopify product + variants ↔ canonical Product. Every Shopify variant is a canonical variant,
// with or without a SKU of its own (sku-rule.ts gives one to those without); its inventory item is
// where stock lives, so the variant binding carries the inventory item gid as its scope
// (inventory pushes and level reads address inventory items, not variants).
import {
  check,
  parseMoney,
  ProductSchema,
  toDecimalString,
  type Product,
  type SkuSource,
  type Variant,
} from '../../model/index.ts'
import type { BindingHint, RecordError } from '../../model/records.ts'
import { gidOf, nodesOf, nonEmpty, utc } from './common.ts'
import { canonicalSkus } from './sku-rule.ts'
import type { GqlProduct, GqlVariant, GqlWeight, MapContext, RestProduct } from './types.ts'

const DEFAULT_OPTION = 'Title'
const DEFAULT_VALUE = 'Default Title'

const STATUS_IN: Record<GqlProduct['status'], Product['status']> = {
  ACTIVE: 'active',
  DRAFT: 'draft',
  ARCHIVED: 'archived',
  UNLISTED: 'active',
}
const STATUS_OUT: Record<Product['status'], GqlProduct['status']> = {
  active: 'ACTIVE',
  draft: 'DRAFT',
  archived: 'ARCHIVED',
}
const WEIGHT_IN: Record<GqlWeight['unit'], 'g' | 'kg' | 'lb' | 'oz'> = {
  GRAMS: 'g',
  KILOGRAMS: 'kg',
  POUNDS: 'lb',
  OUNCES: 'oz',
}
const WEIGHT_OUT = { g: 'GRAMS', kg: 'KILOGRAMS', lb: 'POUNDS', oz: 'OUNCES' } as const

/** GTIN family by length: 8 (EAN-8), 12 (UPC-A), 13 (EAN-13/JAN), 14 (GTIN-14); anything else OTHER. */
export function barcodeOf(value: string | null | undefined): Variant['barcode'] | undefined {
  const v = nonEmpty(value)
  if (!v || !/^[0-9A-Za-z-]{4,32}$/.test(v)) return undefined
  if (/^\d{12}$/.test(v)) return { type: 'UPC', value: v }
  if (/^\d{8}$|^\d{13}$/.test(v)) return { type: 'EAN', value: v }
  if (/^\d{14}$/.test(v)) return { type: 'GTIN', value: v }
  return { type: 'OTHER', value: v }
}

function variantOf(v: GqlVariant, sku: string, ctx: MapContext): Variant {
  const options = Object.fromEntries(
    (v.selectedOptions ?? [])
      .filter((o) => !(o.name === DEFAULT_OPTION && o.value === DEFAULT_VALUE))
      .map((o) => [o.name, o.value]),
  )
  const item = v.inventoryItem
  const weight = item?.measurement?.weight
  const barcode = barcodeOf(v.barcode)
  const hs = nonEmpty(item?.harmonizedSystemCode)?.replace(/\D/g, '')
  return {
    sku,
    ...(barcode ? { barcode } : {}),
    ...(Object.keys(options).length ? { options } : {}),
    ...(v.title && v.title !== DEFAULT_VALUE ? { title: { [ctx.locale ?? 'en-US']: v.title } } : {}),
    ...(weight && weight.value > 0 ? { weight: { value: weight.value, unit: WEIGHT_IN[weight.unit] } } : {}),
    ...(hs && /^\d{6,10}$/.test(hs) ? { hsCode: hs } : {}),
    ...(item?.countryCodeOfOrigin ? { countryOfOrigin: item.countryCodeOfOrigin } : {}),
    ...(v.price ? { prices: [parseMoney(v.price, ctx.shopCurrency, 'half-even')] } : {}),
  }
}

/** One Shopify variant as mapped: its ids, its canonical SKU and where that SKU came from. */
export interface MappedVariantRef {
  externalId: string
  inventoryItemId?: string
  sku: string
  skuSource: SkuSource
}

export interface MappedProduct {
  product?: Product
  bindings: BindingHint[]
  error?: RecordError
  /** every variant of the product, none left out (the SKU-mapping page shows skuSource) */
  variants: MappedVariantRef[]
}

export function productFromShopify(p: GqlProduct, ctx: MapContext): MappedProduct {
  const nodes = nodesOf(p.variants)
  const skus = canonicalSkus(
    { handle: p.handle, variants: nodes.map((v) => ({ ...v, sku: v.sku ?? v.inventoryItem?.sku ?? null })) },
    ctx.skuRule,
  )
  const variants: MappedVariantRef[] = nodes.map((v) => ({
    externalId: v.id,
    ...(v.inventoryItem?.id ? { inventoryItemId: v.inventoryItem.id } : {}),
    ...skus.get(v.id)!,
  }))
  const bindings: BindingHint[] = [{ entity: 'product', canonicalKey: p.handle, externalId: p.id }]
  for (const v of variants) {
    bindings.push({
      entity: 'variant',
      canonicalKey: v.sku,
      externalId: v.externalId,
      // the SKU Shopify knows the variant by: none when the hub made one up
      ...(v.skuSource === 'remote' ? { externalSku: v.sku } : {}),
      ...(v.inventoryItemId ? { scope: v.inventoryItemId } : {}),
      skuSource: v.skuSource,
    })
  }
  if (nodes.length === 0) {
    return {
      bindings,
      variants,
      error: { code: 'MAPPING_FIELD_MISSING', field: '/variants', message: `product ${p.handle} has no variants` },
    }
  }
  const locale = ctx.locale ?? 'en-US'
  const product: Product = {
    handle: p.handle,
    title: { [locale]: p.title },
    ...(nonEmpty(p.descriptionHtml) ? { description: { [locale]: p.descriptionHtml! } } : {}),
    ...(nonEmpty(p.vendor) ? { vendor: p.vendor! } : {}),
    ...(nonEmpty(p.productType) ? { productType: p.productType! } : {}),
    status: STATUS_IN[p.status] ?? 'active',
    variants: nodes.map((v) => variantOf(v, skus.get(v.id)!.sku, ctx)),
    ...(p.updatedAt ? { updatedAt: utc(p.updatedAt)! } : {}),
  }
  const valid = check(ProductSchema, product)
  if (!valid.ok)
    return {
      bindings,
      variants,
      error: {
        code: 'MAPPING_INVALID',
        field: valid.errors[0]!.field,
        message: valid.errors.map((e) => `${e.field} ${e.message}`).join('; '),
      },
    }
  return { product, bindings, variants }
}

/** A products/create|update webhook body (REST Product) in the GraphQL shape the mapper reads. */
export function productFromRest(r: RestProduct): GqlProduct {
  const optionNames = (r.options ?? [])
    .slice()
    .sort((a, b) => (a.position ?? 0) - (b.position ?? 0))
    .map((o) => o.name)
  const unit = (u: string | null | undefined): GqlWeight['unit'] =>
    u === 'kg' ? 'KILOGRAMS' : u === 'lb' ? 'POUNDS' : u === 'oz' ? 'OUNCES' : 'GRAMS'
  return {
    id: gidOf('Product', r.id, r.admin_graphql_api_id)!,
    handle: r.handle,
    title: r.title,
    status: (r.status?.toUpperCase() ?? 'ACTIVE') as GqlProduct['status'],
    vendor: r.vendor ?? null,
    productType: r.product_type ?? null,
    descriptionHtml: r.body_html ?? null,
    updatedAt: r.updated_at ?? null,
    variants: (r.variants ?? []).map((v) => ({
      id: gidOf('ProductVariant', v.id, v.admin_graphql_api_id)!,
      title: v.title ?? null,
      sku: v.sku ?? null,
      barcode: v.barcode ?? null,
      price: v.price ?? null,
      compareAtPrice: v.compare_at_price ?? null,
      position: v.position ?? null,
      selectedOptions: [v.option1, v.option2, v.option3]
        .map((value, i) => ({ name: optionNames[i] ?? `Option${i + 1}`, value }))
        .filter((o): o is { name: string; value: string } => Boolean(o.value)),
      inventoryItem:
        v.inventory_item_id !== undefined && v.inventory_item_id !== null
          ? {
              id: gidOf('InventoryItem', v.inventory_item_id)!,
              requiresShipping: v.requires_shipping ?? null,
              measurement:
                v.weight !== undefined && v.weight !== null
                  ? { weight: { unit: unit(v.weight_unit), value: v.weight } }
                  : null,
            }
          : null,
    })),
  }
}

// ---- canonical → Shopify (productSet) --------------------------------------------------------

function pick(text: Record<string, string> | undefined, locale: string): string | undefined {
  if (!text) return undefined
  return text[locale] ?? text[Object.keys(text)[0] ?? ''] ?? undefined
}

export interface ProductSetVariables {
  identifier: { id: string } | { handle: string }
  input: Record<string, unknown>
  synchronous: true
}

/**
 * The productSet call for a canonical product. Known variants keep their Shopify id (from the
 * bindings) so productSet updates them instead of replacing them; new ones are created.
 */
export function productSetInput(p: Product, ctx: MapContext, bindings: BindingHint[]): ProductSetVariables {
  const locale = ctx.locale ?? 'en-US'
  const optionNames: string[] = []
  for (const v of p.variants)
    for (const name of Object.keys(v.options ?? {})) if (!optionNames.includes(name)) optionNames.push(name)
  const productOptions = optionNames.length
    ? optionNames.map((name) => ({
        name,
        values: [...new Set(p.variants.map((v) => v.options?.[name] ?? '-'))].map((value) => ({ name: value })),
      }))
    : [{ name: DEFAULT_OPTION, values: [{ name: DEFAULT_VALUE }] }]
  const productId = bindings.find((b) => b.entity === 'product')?.externalId
  const variantIds = new Map(bindings.filter((b) => b.entity === 'variant').map((b) => [b.canonicalKey, b.externalId]))
  const variants = p.variants.map((v) => {
    const price = v.prices?.find((m) => m.currency === ctx.shopCurrency)
    const id = variantIds.get(v.sku)
    return {
      ...(id ? { id } : {}),
      optionValues: optionNames.length
        ? optionNames.map((n) => ({ optionName: n, name: v.options?.[n] ?? '-' }))
        : [{ optionName: DEFAULT_OPTION, name: DEFAULT_VALUE }],
      sku: v.sku,
      ...(v.barcode ? { barcode: v.barcode.value } : {}),
      ...(price ? { price: toDecimalString(price) } : {}),
      inventoryItem: {
        tracked: true,
        ...(v.hsCode ? { harmonizedSystemCode: v.hsCode } : {}),
        ...(v.countryOfOrigin ? { countryCodeOfOrigin: v.countryOfOrigin } : {}),
        ...(v.weight ? { measurement: { weight: { value: v.weight.value, unit: WEIGHT_OUT[v.weight.unit] } } } : {}),
      },
    }
  })
  const description = pick(p.description, locale)
  return {
    identifier: productId ? { id: productId } : { handle: p.handle },
    synchronous: true,
    input: {
      title: pick(p.title, locale) ?? p.handle,
      handle: p.handle,
      status: STATUS_OUT[p.status],
      ...(p.vendor ? { vendor: p.vendor } : {}),
      ...(p.productType ? { productType: p.productType } : {}),
      ...(description ? { descriptionHtml: description } : {}),
      productOptions,
      variants,
    },
  }
}
