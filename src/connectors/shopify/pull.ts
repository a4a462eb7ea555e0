// Pull streams: catalog (products with variants), locations, inventory levels per location, and
// orders updated since the stored cursor. Incremental streams sort by UPDATED_AT ascending and
// store the highest updatedAt seen as the watermark after each page, re-reading an overlap window
// on the next pull so a clock skew or a late write is not missed; a record changed while the pull
// runs moves to the end of the sort and is read again before it finishes.
import type {
  GqlInventoryLevel,
  GqlLineItem,
  GqlLocation,
  GqlOrder,
  GqlProduct,
  GqlVariant,
} from '../../mappers/shopify/index.ts'
import type { Page, PulledItem } from '../types.ts'
import { bulkCatalog } from './bulk.ts'
import { shopifyClient, type ShopifyContext, type ShopifyGraphql } from './client.ts'
import { INVENTORY_LEVELS, LOCATIONS, ORDER_LINES, ORDERS, PRODUCT_VARIANTS, PRODUCTS } from './documents.ts'
import {
  costTarget,
  decodeCursor,
  encodeCursor,
  MAX_PAGE,
  pages,
  PageSizer,
  sinceFilter,
  type Connection,
} from './paging.ts'
import { levelItem, locationItem, orderItem, productItem } from './items.ts'
import { mapContext, shopInfo } from './shop.ts'

const VARIANTS_PER_PRODUCT = 100
const LINES_PER_ORDER = 50

function later(a: string | undefined, b: string | null | undefined): string | undefined {
  if (!b) return a
  return !a || Date.parse(b) > Date.parse(a) ? b : a
}

async function remainingVariants(
  client: ShopifyGraphql,
  p: GqlProduct & { variants: Connection<GqlVariant> },
): Promise<GqlProduct> {
  const all = [...p.variants.nodes]
  type Data = { product: { variants: Connection<GqlVariant> } | null }
  const sizer = new PageSizer(MAX_PAGE, costTarget(client))
  for await (const page of pages<Data, GqlVariant>(
    client,
    'productVariants',
    PRODUCT_VARIANTS,
    { id: p.id },
    (d) => d.product?.variants,
    sizer,
    { after: p.variants.pageInfo.endCursor },
  )) {
    all.push(...page.nodes)
  }
  return { ...p, variants: all }
}

async function* catalog(ctx: ShopifyContext, client: ShopifyGraphql, cursor: string | null): AsyncGenerator<Page> {
  const c = decodeCursor(cursor)
  const m = mapContext(ctx, await shopInfo(client))
  if (!c.since && ctx.settings.bulkCatalogImport !== false) {
    yield* bulkCatalog(ctx, client, m)
    return
  }
  const query = c.since ? sinceFilter(c.since, ctx.settings.overlapSeconds ?? 300) : null
  let watermark = c.since
  const sizer = new PageSizer(50, costTarget(client))
  type Data = { products: Connection<GqlProduct & { variants: Connection<GqlVariant> }> }
  for await (const page of pages<Data, GqlProduct & { variants: Connection<GqlVariant> }>(
    client,
    'products',
    PRODUCTS,
    { query, variantsFirst: VARIANTS_PER_PRODUCT },
    (d) => d.products,
    sizer,
  )) {
    const items: PulledItem[] = []
    for (const p of page.nodes) {
      const full = p.variants.pageInfo.hasNextPage ? await remainingVariants(client, p) : p
      items.push(productItem(full, m))
      watermark = later(watermark, p.updatedAt)
    }
    yield { items, nextCursor: watermark ? encodeCursor({ since: watermark }) : null }
  }
}

async function* locations(ctx: ShopifyContext, client: ShopifyGraphql): AsyncGenerator<Page> {
  const m = mapContext(ctx, await shopInfo(client))
  for await (const page of pages<{ locations: Connection<GqlLocation> }, GqlLocation>(
    client,
    'locations',
    LOCATIONS,
    {},
    (d) => d.locations,
    new PageSizer(100, costTarget(client)),
  )) {
    yield {
      items: page.nodes.map((l) => locationItem(l, m)),
      nextCursor: null,
    }
  }
}

export async function allLocations(client: ShopifyGraphql): Promise<GqlLocation[]> {
  const out: GqlLocation[] = []
  for await (const page of pages<{ locations: Connection<GqlLocation> }, GqlLocation>(
    client,
    'locations',
    LOCATIONS,
    {},
    (d) => d.locations,
    new PageSizer(100, costTarget(client)),
  ))
    out.push(...page.nodes)
  return out
}

async function* inventory(ctx: ShopifyContext, client: ShopifyGraphql, cursor: string | null): AsyncGenerator<Page> {
  const c = decodeCursor(cursor)
  const m = mapContext(ctx, await shopInfo(client))
  const startedAt = ctx.now().toISOString()
  const query = c.since ? sinceFilter(c.since, ctx.settings.overlapSeconds ?? 300) : null
  const locs = (await allLocations(client)).filter((l) => l.isActive !== false)
  const sizer = new PageSizer(250, costTarget(client))
  for (const [i, loc] of locs.entries()) {
    type Data = { location: { inventoryLevels: Connection<GqlInventoryLevel> } | null }
    let emitted = false
    for await (const page of pages<Data, GqlInventoryLevel>(
      client,
      'inventoryLevels',
      INVENTORY_LEVELS,
      { locationId: loc.id, query },
      (d) => d.location?.inventoryLevels,
      sizer,
    )) {
      const last = i === locs.length - 1 && !page.hasNextPage
      emitted = true
      yield {
        items: page.nodes.filter((l) => l.item.tracked !== false).map((l) => levelItem(l, m)),
        nextCursor: last ? encodeCursor({ since: startedAt }) : null,
      }
    }
    if (!emitted && i === locs.length - 1) yield { items: [], nextCursor: encodeCursor({ since: startedAt }) }
  }
  if (locs.length === 0) yield { items: [], nextCursor: encodeCursor({ since: startedAt }) }
}

async function fullLines(
  client: ShopifyGraphql,
  o: GqlOrder & { lineItems: Connection<GqlLineItem> },
): Promise<GqlOrder> {
  const all = [...o.lineItems.nodes]
  let after = o.lineItems.pageInfo.endCursor
  while (after) {
    const { data } = await client.call<{ order: { lineItems: Connection<GqlLineItem> } | null }>(
      'orderLines',
      ORDER_LINES,
      { id: o.id, first: 250, after },
      { estimate: 100 },
    )
    if (!data.order) break
    all.push(...data.order.lineItems.nodes)
    after = data.order.lineItems.pageInfo.hasNextPage ? data.order.lineItems.pageInfo.endCursor : null
  }
  return { ...o, lineItems: all }
}

async function* orders(ctx: ShopifyContext, client: ShopifyGraphql, cursor: string | null): AsyncGenerator<Page> {
  const c = decodeCursor(cursor)
  const m = mapContext(ctx, await shopInfo(client))
  const since =
    c.since ?? new Date(ctx.now().getTime() - (ctx.settings.ordersLookbackDays ?? 60) * 86_400_000).toISOString()
  const overlap = c.since ? (ctx.settings.overlapSeconds ?? 300) : 0
  let watermark = c.since
  type O = GqlOrder & { lineItems: Connection<GqlLineItem> }
  const sizer = new PageSizer(25, costTarget(client))
  for await (const page of pages<{ orders: Connection<O> }, O>(
    client,
    'orders',
    ORDERS,
    { query: sinceFilter(since, overlap), linesFirst: LINES_PER_ORDER },
    (d) => d.orders,
    sizer,
  )) {
    const items: PulledItem[] = []
    for (const o of page.nodes) {
      items.push(orderItem(o.lineItems.pageInfo.hasNextPage ? await fullLines(client, o) : o, m))
      watermark = later(watermark, o.updatedAt)
    }
    yield { items, nextCursor: watermark ? encodeCursor({ since: watermark }) : null }
  }
}

export function pull(ctx: ShopifyContext, stream: string, cursor: string | null): AsyncIterable<Page> {
  const client = shopifyClient(ctx)
  switch (stream) {
    case 'catalog':
      return catalog(ctx, client, cursor)
    case 'locations':
      return locations(ctx, client)
    case 'inventory':
      return inventory(ctx, client, cursor)
    case 'orders':
      return orders(ctx, client, cursor)
    default:
      return (async function* () {})()
  }
}
