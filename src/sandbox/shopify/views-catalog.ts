// GraphQL views of the sandbox catalog: plain objects graphql-js resolves with its default
// resolver (a property, or a method called with the field's arguments). Only the fields the
// connector and the recorded captures use are modelled; the rest resolve to null.
import type { GraphQLSchema } from 'graphql'
import { connection, timestampSort, type ConnectionArgs } from './connection.ts'
import { compileSearch, type FieldMap } from './search.ts'
import type { InventoryItemRec, LevelRec, LocationRec, ProductRec, ShopStore, VariantRec } from './store.ts'

export interface SandboxContext {
  store: ShopStore
  /** the sandbox's own origin, for URLs it hands out (bulk results) */
  baseUrl: string
  /** the API version serving this request, and its schema */
  version: string
  schema: GraphQLSchema
  /** bulk operations read whole connections (no first/last) */
  unbounded: boolean
  /** search warnings collected for extensions.search */
  searches: { path: (string | number)[]; query: string; warnings: { field: string; message: string; code: string }[] }[]
}

type Args = ConnectionArgs & { query?: string | null }

export function searched<T>(ctx: SandboxContext, items: T[], args: Args, fields: FieldMap<T>, path: string): T[] {
  const s = compileSearch(args.query, fields, ctx.store.shop.ianaTimezone)
  if (s.warnings.length && args.query) ctx.searches.push({ path: [path], query: args.query, warnings: s.warnings })
  return items.filter((i) => s.test(i))
}

export function page<T extends { id: string }, V>(ctx: SandboxContext, items: T[], args: Args, view: (item: T) => V) {
  return connection(items, args, view, timestampSort as (i: T, k: string) => string | number, ctx.unbounded)
}

export const count = (n: number) => ({ count: n, precision: 'EXACT' })

export function shopView(ctx: SandboxContext) {
  const s = ctx.store.shop
  return {
    __typename: 'Shop',
    id: s.id,
    name: s.name,
    myshopifyDomain: s.myshopifyDomain,
    email: s.email,
    contactEmail: s.email,
    currencyCode: s.currencyCode,
    ianaTimezone: s.ianaTimezone,
    enabledPresentmentCurrencies: s.enabledPresentmentCurrencies,
    url: `https://${s.myshopifyDomain}`,
    taxesIncluded: false,
    taxShipping: false,
    weightUnit: 'KILOGRAMS',
    unitSystem: 'METRIC_SYSTEM',
    plan: { publicDisplayName: s.planName, partnerDevelopment: true, shopifyPlus: false },
    primaryDomain: {
      id: s.id.replace('Shop', 'Domain'),
      host: s.myshopifyDomain,
      url: `https://${s.myshopifyDomain}`,
      sslEnabled: true,
    },
  }
}

export function locationView(ctx: SandboxContext, l: LocationRec) {
  return {
    __typename: 'Location',
    id: l.id,
    legacyResourceId: l.legacyId,
    name: l.name,
    isActive: l.isActive,
    isFulfillmentService: false,
    fulfillsOnlineOrders: l.fulfillsOnlineOrders,
    shipsInventory: true,
    hasActiveInventory: true,
    createdAt: l.createdAt,
    updatedAt: l.updatedAt,
    address: { ...l.address, formatted: [l.address.address1, l.address.city, l.address.countryCode].filter(Boolean) },
    inventoryLevels: (args: Args) =>
      page(ctx, searched(ctx, ctx.store.levelsOfLocation(l.id), args, LEVEL_SEARCH, 'inventoryLevels'), args, (lv) =>
        levelView(ctx, lv),
      ),
    inventoryLevel: (args: { inventoryItemId: string }) => {
      const lv = ctx.store.level(args.inventoryItemId, l.id)
      return lv ? levelView(ctx, lv) : null
    },
  }
}

export function levelView(ctx: SandboxContext, l: LevelRec) {
  return {
    __typename: 'InventoryLevel',
    id: l.id,
    createdAt: l.createdAt,
    updatedAt: l.updatedAt,
    isActive: true,
    canDeactivate: true,
    item: () => itemView(ctx, ctx.store.items.get(l.itemId)!),
    location: () => locationView(ctx, ctx.store.locations.get(l.locationId)!),
    quantities: (args: { names: string[] }) =>
      args.names.map((name) => ({
        __typename: 'InventoryQuantity',
        id: `gid://shopify/InventoryQuantity/${l.legacyId}?name=${name}`,
        name,
        quantity: (l.q as Record<string, number>)[name] ?? 0,
        updatedAt: name === 'available' ? l.availableUpdatedAt : null,
      })),
  }
}

export function itemView(ctx: SandboxContext, i: InventoryItemRec): Record<string, unknown> {
  const variant = ctx.store.variants.get(i.variantId)
  return {
    __typename: 'InventoryItem',
    id: i.id,
    legacyResourceId: i.legacyId,
    sku: variant?.sku ?? null,
    tracked: i.tracked,
    requiresShipping: i.requiresShipping,
    harmonizedSystemCode: i.harmonizedSystemCode,
    countryCodeOfOrigin: i.countryCodeOfOrigin,
    createdAt: i.createdAt,
    updatedAt: i.updatedAt,
    duplicateSkuCount: () => (variant?.sku ? ctx.store.variantsBySku(variant.sku).length - 1 : 0),
    measurement: {
      __typename: 'InventoryItemMeasurement',
      id: i.id.replace('InventoryItem', 'InventoryItemMeasurement'),
      weight: i.weight,
    },
    variant: () => (variant ? variantView(ctx, variant) : null),
    variants: (args: Args) => page(ctx, variant ? [variant] : [], args, (v) => variantView(ctx, v)),
    inventoryLevels: (args: Args) =>
      page(ctx, searched(ctx, ctx.store.levelsOfItem(i.id), args, LEVEL_SEARCH, 'inventoryLevels'), args, (lv) =>
        levelView(ctx, lv),
      ),
    inventoryLevel: (args: { locationId: string }) => {
      const lv = ctx.store.level(i.id, args.locationId)
      return lv ? levelView(ctx, lv) : null
    },
  }
}

export function variantView(ctx: SandboxContext, v: VariantRec): Record<string, unknown> {
  const item = ctx.store.items.get(v.inventoryItemId)!
  return {
    __typename: 'ProductVariant',
    id: v.id,
    legacyResourceId: v.legacyId,
    title: v.title,
    displayName: v.title,
    sku: v.sku,
    barcode: v.barcode,
    price: v.price,
    compareAtPrice: v.compareAtPrice,
    position: v.position,
    inventoryPolicy: v.inventoryPolicy,
    taxable: v.taxable,
    availableForSale: true,
    createdAt: v.createdAt,
    updatedAt: v.updatedAt,
    inventoryQuantity: ctx.store.levelsOfItem(item.id).reduce((s, l) => s + l.q.available, 0),
    selectedOptions: v.selectedOptions.map((o) => ({
      ...o,
      optionValue: { id: `gid://shopify/ProductOptionValue/${v.legacyId}`, name: o.value, hasVariants: true },
    })),
    inventoryItem: () => itemView(ctx, item),
    product: () => productView(ctx, ctx.store.products.get(v.productId)!),
  }
}

export function productView(ctx: SandboxContext, p: ProductRec): Record<string, unknown> {
  const variants = () => p.variantIds.map((id) => ctx.store.variants.get(id)!).filter(Boolean)
  return {
    __typename: 'Product',
    id: p.id,
    legacyResourceId: p.legacyId,
    title: p.title,
    handle: p.handle,
    status: p.status,
    vendor: p.vendor,
    productType: p.productType,
    descriptionHtml: p.descriptionHtml,
    description: () => p.descriptionHtml.replace(/<[^>]+>/g, ''),
    tags: p.tags,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
    publishedAt: p.createdAt,
    isGiftCard: false,
    tracksInventory: true,
    hasOnlyDefaultVariant: p.variantIds.length === 1 && p.options[0]?.name === 'Title',
    totalInventory: () =>
      variants().reduce(
        (s, v) => s + ctx.store.levelsOfItem(v.inventoryItemId).reduce((a, l) => a + l.q.available, 0),
        0,
      ),
    variantsCount: () => count(p.variantIds.length),
    options: (args: { first?: number }) =>
      p.options.slice(0, args.first ?? undefined).map((o, i) => ({
        __typename: 'ProductOption',
        id: o.id,
        name: o.name,
        position: i + 1,
        values: o.values,
        optionValues: o.values.map((name, j) => ({ id: `${o.id}-${j}`, name, hasVariants: true })),
      })),
    variants: (args: Args) => page(ctx, variants(), args, (v) => variantView(ctx, v)),
  }
}

/** Filters Location.inventoryLevels documents (2026-07 SDL): created_at, id, inventory_item_id, updated_at. */
const LEVEL_SEARCH: FieldMap<LevelRec> = {
  id: (l) => l.legacyId,
  inventory_item_id: (l) => l.itemId.split('/').pop(),
  updated_at: (l) => l.updatedAt,
  created_at: (l) => l.createdAt,
}

export const PRODUCT_SEARCH: FieldMap<ProductRec> = {
  id: (p) => p.legacyId,
  title: (p) => p.title,
  handle: (p) => p.handle,
  status: (p) => p.status,
  vendor: (p) => p.vendor,
  product_type: (p) => p.productType,
  tag: (p) => p.tags,
  updated_at: (p) => p.updatedAt,
  created_at: (p) => p.createdAt,
  default: (p) => p.title,
}

export function variantSearch(store: ShopStore): FieldMap<VariantRec> {
  return {
    id: (v) => v.legacyId,
    sku: (v) => v.sku,
    barcode: (v) => v.barcode,
    title: (v) => v.title,
    updated_at: (v) => v.updatedAt,
    created_at: (v) => v.createdAt,
    product_id: (v) => v.productId.split('/').pop(),
    location_id: (v) => store.levelsOfItem(v.inventoryItemId).map((l) => l.locationId.split('/').pop()),
    default: (v) => v.sku,
  }
}

export function itemSearch(store: ShopStore): FieldMap<InventoryItemRec> {
  return {
    id: (i) => i.legacyId,
    sku: (i) => store.variants.get(i.variantId)?.sku,
    updated_at: (i) => i.updatedAt,
    created_at: (i) => i.createdAt,
  }
}
