// State changes on the sandbox catalog and stock: locations, products with variants and
// inventory items (productSet semantics), inventory quantities. Each change is announced with
// the topic a real shop would send (products/create|update, inventory_levels/update).
import { restInventoryLevel, restProduct } from './rest.ts'
import {
  type AddressRec,
  type InventoryItemRec,
  type LevelRec,
  type LocationRec,
  type ProductRec,
  type QuantityName,
  type ShopStore,
  type VariantRec,
  QUANTITY_NAMES,
} from './store.ts'

export function addLocation(
  store: ShopStore,
  input: { name: string; address?: Partial<AddressRec>; fulfillsOnlineOrders?: boolean },
): LocationRec {
  const { id, legacyId } = store.newId('Location')
  const now = store.now()
  const loc: LocationRec = {
    id,
    legacyId,
    name: input.name,
    isActive: true,
    fulfillsOnlineOrders: input.fulfillsOnlineOrders ?? true,
    address: { countryCode: 'US', ...input.address },
    createdAt: now,
    updatedAt: now,
  }
  store.locations.set(id, loc)
  return loc
}

export function handleize(text: string): string {
  return (
    text
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'product'
  )
}

export function uniqueHandle(store: ShopStore, wanted: string, except?: string): string {
  const taken = (h: string) => store.handles.has(h) && store.handles.get(h) !== except
  if (!taken(wanted)) return wanted
  for (let i = 1; ; i++) if (!taken(`${wanted}-${i}`)) return `${wanted}-${i}`
}

export interface VariantInput {
  id?: string
  sku?: string | null
  barcode?: string | null
  price?: string
  compareAtPrice?: string | null
  optionValues: { optionName: string; name: string }[]
  inventoryPolicy?: 'DENY' | 'CONTINUE'
  taxable?: boolean
  tracked?: boolean
  requiresShipping?: boolean
  weight?: InventoryItemRec['weight']
  harmonizedSystemCode?: string | null
  countryCodeOfOrigin?: string | null
  inventoryQuantities?: { locationId: string; name: string; quantity: number }[]
}

export interface ProductInput {
  title?: string
  handle?: string
  status?: ProductRec['status']
  vendor?: string
  productType?: string
  descriptionHtml?: string
  tags?: string[]
  options?: { name: string; values: string[] }[]
  variants?: VariantInput[]
}

function emptyQuantities(): Record<QuantityName, number> {
  return Object.fromEntries(QUANTITY_NAMES.map((n) => [n, 0])) as Record<QuantityName, number>
}

export function ensureLevel(store: ShopStore, itemId: string, locationId: string): LevelRec {
  const existing = store.level(itemId, locationId)
  if (existing) return existing
  const { id: _gid, legacyId } = store.newId('InventoryLevel')
  const item = store.items.get(itemId)!
  const now = store.now()
  const level: LevelRec = {
    id: `gid://shopify/InventoryLevel/${legacyId}?inventory_item_id=${item.legacyId}`,
    legacyId,
    itemId,
    locationId,
    q: emptyQuantities(),
    availableUpdatedAt: now,
    createdAt: now,
    updatedAt: now,
  }
  store.levels.set(store.levelKey(itemId, locationId), level)
  return level
}

function upsertVariant(
  store: ShopStore,
  product: ProductRec,
  input: VariantInput,
  position: number,
  now: string,
): VariantRec {
  const existing = input.id
    ? store.variants.get(input.id)
    : [...product.variantIds].map((v) => store.variants.get(v)!).find((v) => input.sku && v.sku === input.sku)
  const title = input.optionValues.map((o) => o.name).join(' / ') || 'Default Title'
  if (existing) {
    Object.assign(existing, {
      title,
      position,
      updatedAt: now,
      ...(input.sku !== undefined ? { sku: input.sku } : {}),
      ...(input.barcode !== undefined ? { barcode: input.barcode } : {}),
      ...(input.price !== undefined ? { price: input.price } : {}),
      ...(input.compareAtPrice !== undefined ? { compareAtPrice: input.compareAtPrice } : {}),
      ...(input.inventoryPolicy ? { inventoryPolicy: input.inventoryPolicy } : {}),
      ...(input.taxable !== undefined ? { taxable: input.taxable } : {}),
      selectedOptions: input.optionValues.map((o) => ({ name: o.optionName, value: o.name })),
    })
    const item = store.items.get(existing.inventoryItemId)!
    applyItem(item, input, now)
    return existing
  }
  const v = store.newId('ProductVariant')
  const it = store.newId('InventoryItem')
  const item: InventoryItemRec = {
    id: it.id,
    legacyId: it.legacyId,
    variantId: v.id,
    tracked: true,
    requiresShipping: true,
    weight: { unit: 'GRAMS', value: 0 },
    harmonizedSystemCode: null,
    countryCodeOfOrigin: null,
    createdAt: now,
    updatedAt: now,
  }
  applyItem(item, input, now)
  store.items.set(item.id, item)
  const variant: VariantRec = {
    id: v.id,
    legacyId: v.legacyId,
    productId: product.id,
    title,
    sku: input.sku ?? null,
    barcode: input.barcode ?? null,
    price: input.price ?? '0.00',
    compareAtPrice: input.compareAtPrice ?? null,
    position,
    inventoryItemId: item.id,
    selectedOptions: input.optionValues.map((o) => ({ name: o.optionName, value: o.name })),
    inventoryPolicy: input.inventoryPolicy ?? 'DENY',
    taxable: input.taxable ?? true,
    createdAt: now,
    updatedAt: now,
  }
  store.variants.set(variant.id, variant)
  return variant
}

function applyItem(item: InventoryItemRec, input: VariantInput, now: string): void {
  if (input.tracked !== undefined) item.tracked = input.tracked
  if (input.requiresShipping !== undefined) item.requiresShipping = input.requiresShipping
  if (input.weight) item.weight = input.weight
  if (input.harmonizedSystemCode !== undefined) item.harmonizedSystemCode = input.harmonizedSystemCode
  if (input.countryCodeOfOrigin !== undefined) item.countryCodeOfOrigin = input.countryCodeOfOrigin
  item.updatedAt = now
}

/** productSet: create or replace a product with its options and the full list of variants. */
export function setProduct(store: ShopStore, input: ProductInput, existing?: ProductRec): ProductRec {
  const now = store.now()
  const created = !existing
  const product: ProductRec = existing ?? {
    ...store.newId('Product'),
    title: input.title ?? '',
    handle: '',
    status: 'ACTIVE',
    vendor: '',
    productType: '',
    descriptionHtml: '',
    tags: [],
    options: [],
    variantIds: [],
    createdAt: now,
    updatedAt: now,
  }
  if (input.title !== undefined) product.title = input.title
  if (product.handle) store.handles.delete(product.handle)
  product.handle = uniqueHandle(
    store,
    input.handle ? handleize(input.handle) : product.handle || handleize(product.title),
    product.id,
  )
  store.handles.set(product.handle, product.id)
  if (input.status) product.status = input.status
  if (input.vendor !== undefined) product.vendor = input.vendor
  if (input.productType !== undefined) product.productType = input.productType
  if (input.descriptionHtml !== undefined) product.descriptionHtml = input.descriptionHtml
  if (input.tags) product.tags = input.tags
  if (input.options)
    product.options = input.options.map((o, i) => ({
      id: product.options[i]?.id ?? store.newId('ProductOption').id,
      name: o.name,
      values: o.values,
    }))
  if (product.options.length === 0)
    product.options = [{ id: store.newId('ProductOption').id, name: 'Title', values: ['Default Title'] }]
  product.updatedAt = now
  store.products.set(product.id, product)
  if (input.variants) {
    const kept = input.variants.map((v, i) => upsertVariant(store, product, v, i + 1, now))
    for (const old of product.variantIds) if (!kept.some((k) => k.id === old)) removeVariant(store, old)
    product.variantIds = kept.map((k) => k.id)
    input.variants.forEach((v, i) => {
      for (const q of v.inventoryQuantities ?? []) {
        setQuantities(store, [
          {
            itemId: kept[i]!.inventoryItemId,
            locationId: q.locationId,
            name: q.name as QuantityName,
            quantity: q.quantity,
          },
        ])
      }
    })
  }
  store.announce(created ? 'products/create' : 'products/update', () => restProduct(store, product))
  return product
}

function removeVariant(store: ShopStore, variantId: string): void {
  const v = store.variants.get(variantId)
  if (!v) return
  for (const l of store.levelsOfItem(v.inventoryItemId)) store.levels.delete(store.levelKey(l.itemId, l.locationId))
  store.items.delete(v.inventoryItemId)
  store.variants.delete(variantId)
}

export interface QuantityChange {
  itemId: string
  locationId: string
  name: QuantityName
  quantity: number
}

/**
 * Set named quantities. `available` and `on_hand` move together (captures
 * 2026-04/products/inventory-quantity-contracts-2026-04.json, inventorySetQuantities-name-validation.json).
 */
export function setQuantities(
  store: ShopStore,
  changes: QuantityChange[],
): { change: QuantityChange; delta: number; level: LevelRec }[] {
  const now = store.now()
  const out: { change: QuantityChange; delta: number; level: LevelRec }[] = []
  const touched = new Set<LevelRec>()
  for (const c of changes) {
    const level = ensureLevel(store, c.itemId, c.locationId)
    const delta = c.quantity - level.q[c.name]
    level.q[c.name] = c.quantity
    // on_hand is the sum of the states; setting on_hand moves available by the same delta
    // (captures: a set of on_hand reports an available change with the same delta)
    if (c.name === 'on_hand') level.q.available += delta
    else if (c.name !== 'incoming') level.q.on_hand += delta
    if (c.name === 'available' || c.name === 'on_hand') level.availableUpdatedAt = now
    level.updatedAt = now
    touched.add(level)
    out.push({ change: c, delta, level })
  }
  for (const level of touched) store.announce('inventory_levels/update', () => restInventoryLevel(store, level))
  return out
}

/** Move units between two states of one level (e.g. available → committed when an order is placed). */
export function moveQuantity(
  store: ShopStore,
  itemId: string,
  locationId: string,
  from: QuantityName | null,
  to: QuantityName | null,
  quantity: number,
): void {
  const level = ensureLevel(store, itemId, locationId)
  if (from) level.q[from] -= quantity
  if (to) level.q[to] += quantity
  if (!from && to && to !== 'incoming') level.q.on_hand += quantity
  if (from && !to && from !== 'incoming') level.q.on_hand -= quantity
  const now = store.now()
  if (from === 'available' || to === 'available') level.availableUpdatedAt = now
  level.updatedAt = now
  store.announce('inventory_levels/update', () => restInventoryLevel(store, level))
}

/** The states a level can be set to directly; available follows from them (setLevelStates). */
export type LevelStates = Partial<Record<Exclude<QuantityName, 'available'>, number>>

/**
 * Set a level's states as a stock count would find them. `available` is what is left:
 * on_hand − committed − reserved − damaged − safety_stock − quality_control, since on_hand is the
 * sum of those and available (`incoming` is not on hand) [specs/shopify.md §2.3, from a live
 * inventoryProperties response; changelog 2023-08-28: damaged, quality_control and safety_stock
 * count on hand but are not sellable]. Fires inventory_levels/update.
 */
export function setLevelStates(store: ShopStore, itemId: string, locationId: string, states: LevelStates): LevelRec {
  const level = ensureLevel(store, itemId, locationId)
  const next = { ...level.q, ...states }
  const held = next.committed + next.reserved + next.damaged + next.safety_stock + next.quality_control
  const available = next.on_hand - held
  if (available < 0)
    throw new Error(`on_hand ${next.on_hand} is less than the ${held} units committed, reserved or not sellable`)
  level.q = { ...next, available }
  const now = store.now()
  level.availableUpdatedAt = now
  level.updatedAt = now
  store.announce('inventory_levels/update', () => restInventoryLevel(store, level))
  return level
}

export interface SeedOptions {
  products: number
  variantsPerProduct?: number
  locations?: number
  available?: number
  skuPrefix?: string
  price?: string
  /**
   * Share of products (0..1) whose variants have no SKU, as real stores keep them (two recorded
   * stores: 3,452 variants with sku null and 21 with ""; about two thirds of products). Most get
   * null, every eighth such product "". Default 0.
   */
  skuless?: number
  /** Share of SKU-less products whose variants still carry a barcode (default 0.5); SKU'd ones always do. */
  barcodes?: number
  /**
   * Stock as a real shop holds it: every location a different count, and besides what is available
   * some units damaged, in quality control, reserved, held as safety stock, and incoming.
   */
  states?: boolean
}

/** Which products go without SKUs: spread evenly through the catalog, `share` of them. */
function skulessAt(index: number, share: number): boolean {
  return Math.floor((index + 1) * share) > Math.floor(index * share)
}

/** A deterministic spread of states for product n, variant i, location l: `base` plus 0–3 available. */
function realStates(n: number, i: number, l: number, base: number): LevelStates {
  const k = (n * 7 + i * 3 + l * 5) % 11
  const held = {
    damaged: k % 3,
    quality_control: k % 4 === 1 ? 2 : 0,
    reserved: k % 5 === 2 ? 1 : 0,
    safety_stock: l === 0 ? 2 : 0,
  }
  const onHand = base + (k % 4) + held.damaged + held.quality_control + held.reserved + held.safety_stock
  return { ...held, on_hand: onHand, incoming: k % 2 ? 6 : 0 }
}

/** Seed a catalog: N products × M variants (Size option), stocked at L locations. */
export function seedCatalog(
  store: ShopStore,
  o: SeedOptions,
): { products: number; variants: number; locations: string[]; skus: string[]; skuless: number } {
  const perProduct = Math.max(1, o.variantsPerProduct ?? 1)
  while (store.locations.size < (o.locations ?? 1)) {
    const n = store.locations.size + 1
    addLocation(store, {
      name: n === 1 ? 'Shop location' : `Warehouse ${n}`,
      address: { countryCode: n % 2 === 0 ? 'DE' : 'US', city: n % 2 === 0 ? 'Berlin' : 'New York' },
    })
  }
  const locations = [...store.locations.values()].slice(0, o.locations ?? 1)
  const prefix = o.skuPrefix ?? 'SKU'
  const skus: string[] = []
  let skuless = 0
  const start = store.products.size
  for (let p = 0; p < o.products; p++) {
    const n = start + p + 1
    const noSku = skulessAt(p, o.skuless ?? 0)
    const empty = noSku && skuless % 8 === 7
    const withBarcode = !noSku || skulessAt(skuless, o.barcodes ?? 0.5)
    if (noSku) skuless++
    const sizes = Array.from({ length: perProduct }, (_, i) => (perProduct === 1 ? 'Default Title' : `Size ${i + 1}`))
    const variants: VariantInput[] = sizes.map((size, i) => {
      const sku = noSku
        ? empty
          ? ''
          : null
        : `${prefix}-${String(n).padStart(5, '0')}${perProduct > 1 ? `-${i + 1}` : ''}`
      if (sku) skus.push(sku)
      return {
        sku,
        barcode: withBarcode ? String(400000000000 + n * 10 + i) : null,
        price: o.price ?? '19.99',
        optionValues: [{ optionName: perProduct === 1 ? 'Title' : 'Size', name: size }],
        weight: { unit: 'GRAMS', value: 250 },
        inventoryQuantities: o.states
          ? []
          : locations.map((l) => ({
              locationId: l.id,
              name: 'available',
              quantity: o.available ?? 10,
            })),
      }
    })
    const product = setProduct(store, {
      title: `Sandbox Product ${n}`,
      vendor: 'Sandbox',
      productType: 'Apparel',
      status: 'ACTIVE',
      options: [{ name: perProduct === 1 ? 'Title' : 'Size', values: sizes }],
      variants,
    })
    if (o.states) {
      product.variantIds.forEach((vid, i) => {
        const itemId = store.variants.get(vid)!.inventoryItemId
        locations.forEach((l, li) => setLevelStates(store, itemId, l.id, realStates(n, i, li, o.available ?? 10)))
      })
    }
  }
  return {
    products: o.products,
    variants: o.products * perProduct,
    locations: locations.map((l) => l.id),
    skus,
    skuless,
  }
}
