// productSet: create or update a product with its options and full variant list in one call
// (the 2026-07 road for catalog sync; ProductSetInput.id is deprecated in favour of
// `identifier`). userErrors as recorded (2026-04/products/product-set-id-not-allowed.json).
import { setProduct, type ProductInput, type VariantInput } from './catalog-ops.ts'
import type { InventoryItemRec, ProductRec } from './store.ts'
import { productView, type SandboxContext } from './views-catalog.ts'

interface VariantSetInput {
  id?: string | null
  optionValues: { optionName?: string | null; name?: string | null; id?: string | null }[]
  price?: string | null
  compareAtPrice?: string | null
  sku?: string | null
  barcode?: string | null
  inventoryPolicy?: 'DENY' | 'CONTINUE' | null
  taxable?: boolean | null
  inventoryItem?: {
    sku?: string | null
    tracked?: boolean | null
    requiresShipping?: boolean | null
    harmonizedSystemCode?: string | null
    countryCodeOfOrigin?: string | null
    measurement?: { weight?: { unit: InventoryItemRec['weight']['unit']; value: number } | null } | null
  } | null
  inventoryQuantities?: { locationId: string; name: string; quantity: number }[] | null
}

interface ProductSetArgs {
  input: {
    id?: string | null
    title?: string | null
    handle?: string | null
    status?: ProductRec['status'] | null
    vendor?: string | null
    productType?: string | null
    descriptionHtml?: string | null
    tags?: string[] | null
    productOptions?: { name?: string | null; values?: { name?: string | null }[] | null }[] | null
    variants?: VariantSetInput[] | null
  }
  synchronous?: boolean | null
  identifier?: { id?: string | null; handle?: string | null } | null
}

type UserError = { field: string[]; message: string; code: string }

const MAX_VARIANTS = 2048

function toVariant(v: VariantSetInput, product: ProductRec | undefined, ctx: SandboxContext): VariantInput {
  const optionValues = v.optionValues.map((o) => ({ optionName: o.optionName ?? '', name: o.name ?? '' }))
  let id = v.id ?? undefined
  if (!id && product) {
    const key = JSON.stringify(optionValues.map((o) => o.name))
    id = product.variantIds.find(
      (vid) => JSON.stringify(ctx.store.variants.get(vid)?.selectedOptions.map((s) => s.value)) === key,
    )
  }
  const item = v.inventoryItem
  return {
    ...(id ? { id } : {}),
    optionValues,
    ...(v.sku !== undefined || item?.sku !== undefined ? { sku: v.sku ?? item?.sku ?? null } : {}),
    ...(v.barcode !== undefined ? { barcode: v.barcode } : {}),
    ...(v.price != null ? { price: v.price } : {}),
    ...(v.compareAtPrice !== undefined ? { compareAtPrice: v.compareAtPrice } : {}),
    ...(v.inventoryPolicy ? { inventoryPolicy: v.inventoryPolicy } : {}),
    ...(v.taxable != null ? { taxable: v.taxable } : {}),
    ...(item?.tracked != null ? { tracked: item.tracked } : {}),
    ...(item?.requiresShipping != null ? { requiresShipping: item.requiresShipping } : {}),
    ...(item?.measurement?.weight ? { weight: item.measurement.weight } : {}),
    ...(item?.harmonizedSystemCode !== undefined ? { harmonizedSystemCode: item.harmonizedSystemCode } : {}),
    ...(item?.countryCodeOfOrigin !== undefined ? { countryCodeOfOrigin: item.countryCodeOfOrigin } : {}),
    ...(v.inventoryQuantities && !id ? { inventoryQuantities: v.inventoryQuantities } : {}),
  }
}

function check(ctx: SandboxContext, args: ProductSetArgs): UserError[] {
  const { input, identifier } = args
  if (identifier && input.id)
    return [
      { field: ['input'], message: 'The id field is not allowed if identifier is provided.', code: 'ID_NOT_ALLOWED' },
    ]
  const id = identifier?.id ?? input.id
  if (id && !ctx.store.products.has(id))
    return [{ field: ['input', 'id'], message: 'Product does not exist', code: 'PRODUCT_DOES_NOT_EXIST' }]
  const variants = input.variants ?? []
  if (variants.length > MAX_VARIANTS)
    return [
      {
        field: ['input', 'variants'],
        message: `The number of variants can't exceed ${MAX_VARIANTS}.`,
        code: 'VARIANTS_OVER_LIMIT',
      },
    ]
  // [UNVERIFIED] wording: productSet refuses variants without the product options they use
  if (variants.length && !input.productOptions?.length)
    return [
      {
        field: ['input', 'productOptions'],
        message: 'Product options input is required when updating variants.',
        code: 'PRODUCT_OPTIONS_INPUT_MISSING',
      },
    ]
  const optionNames = new Set((input.productOptions ?? []).map((o) => o.name))
  for (const [i, v] of variants.entries()) {
    for (const o of v.optionValues) {
      if (!optionNames.has(o.optionName ?? ''))
        return [
          {
            field: ['input', 'variants', String(i), 'optionValues'],
            message: `Option does not exist`,
            code: 'OPTION_DOES_NOT_EXIST',
          },
        ]
    }
  }
  const seen = new Set<string>()
  for (const [i, v] of variants.entries()) {
    const key = JSON.stringify(v.optionValues.map((o) => o.name))
    if (seen.has(key))
      return [
        {
          field: ['input', 'variants', String(i)],
          message: 'The variant already exists with the same options.',
          code: 'DUPLICATED_OPTION_VALUE',
        },
      ]
    seen.add(key)
  }
  if (!id && !identifier?.handle && !input.title)
    return [{ field: ['input', 'title'], message: "Title can't be blank", code: 'INVALID_PRODUCT' }]
  return []
}

export function productSet(ctx: SandboxContext, args: ProductSetArgs) {
  const userErrors = check(ctx, args)
  if (userErrors.length) return { product: null, productSetOperation: null, userErrors }
  const { input, identifier } = args
  const byId = identifier?.id ?? input.id
  const handle = identifier?.handle ?? undefined
  const existing = byId
    ? ctx.store.products.get(byId)
    : handle
      ? ctx.store.products.get(ctx.store.handles.get(handle) ?? '')
      : undefined
  const productInput: ProductInput = {
    ...(input.title != null ? { title: input.title } : {}),
    ...(input.handle != null ? { handle: input.handle } : handle && !existing ? { handle } : {}),
    ...(input.status ? { status: input.status } : {}),
    ...(input.vendor != null ? { vendor: input.vendor } : {}),
    ...(input.productType != null ? { productType: input.productType } : {}),
    ...(input.descriptionHtml != null ? { descriptionHtml: input.descriptionHtml } : {}),
    ...(input.tags ? { tags: input.tags } : {}),
    ...(input.productOptions
      ? {
          options: input.productOptions.map((o) => ({
            name: o.name ?? '',
            values: (o.values ?? []).map((v) => v.name ?? ''),
          })),
        }
      : {}),
    ...(input.variants ? { variants: input.variants.map((v) => toVariant(v, existing, ctx)) } : {}),
  }
  if (!existing && !productInput.title) productInput.title = handle ?? 'Untitled'
  const product = setProduct(ctx.store, productInput, existing)
  if (args.synchronous === false) {
    return {
      product: null,
      productSetOperation: {
        __typename: 'ProductSetOperation',
        id: `gid://shopify/ProductSetOperation/${product.legacyId}`,
        status: 'COMPLETE',
        product: productView(ctx, product),
        userErrors: [],
      },
      userErrors: [],
    }
  }
  return { product: productView(ctx, product), productSetOperation: null, userErrors: [] }
}
