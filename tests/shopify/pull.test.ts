// Pull streams against the sandbox over HTTP: the first catalog import through a bulk operation
// (JSONL streamed in pages), incremental catalog and orders by updated_at with an overlap
// window, an order updated while the pull runs, locations and inventory levels per location.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decodeCursor, encodeCursor } from '../../src/connectors/shopify/paging.ts'
import { shopifyConnector } from '../../src/connectors/shopify/index.ts'
import type { InventoryLevel, Order, Product } from '../../src/model/index.ts'
import { collect, contextFor, startSandbox, type Sandbox } from './helpers.ts'

/** The sandbox's clock, moved by the test: Shopify times have second resolution, so a change meant
 * to be newer than what came before is made a second later on this clock instead of after a sleep. */
function shopClock() {
  let t = Math.floor(Date.now() / 1000) * 1000
  return {
    now: () => new Date(t),
    advance: (ms: number) => {
      t += ms
    },
  }
}

const pull = (
  ctx: ReturnType<typeof contextFor>,
  stream: 'catalog' | 'locations' | 'inventory' | 'orders',
  cursor: string | null = null,
) => collect(shopifyConnector.pull!(ctx, stream, cursor))

describe('catalog pull', () => {
  let sb: Sandbox
  let seededBy: string
  const clock = shopClock()
  beforeAll(async () => {
    sb = await startSandbox({ now: clock.now })
    sb.control.seed({ products: 600, variantsPerProduct: 3, locations: 2 })
    // Shopify times have second resolution: the watermark is the second after the seed's
    clock.advance(1_000)
    seededBy = clock.now().toISOString()
  })
  afterAll(() => sb.close())

  it('imports the whole catalog through a bulk operation, 250 products a page, variants under their product', async () => {
    const ctx = contextFor(sb)
    const { pages, items } = await pull(ctx, 'catalog')
    expect(sb.control.stats().byOperation.bulkOperationRunQuery).toBe(1)
    expect(pages.map((p) => p.items.length)).toEqual([250, 250, 100])
    expect(pages.slice(0, -1).every((p) => p.nextCursor === null)).toBe(true)
    expect(decodeCursor(pages.at(-1)!.nextCursor).since).toBeTruthy()
    expect(items).toHaveLength(600)
    const first = items[0]!
    const product = first.records![0]!.value as Product
    expect(product.variants.map((v) => v.sku)).toEqual(['SKU-00001-1', 'SKU-00001-2', 'SKU-00001-3'])
    expect(product.variants[1]!.options).toEqual({ Size: 'Size 2' })
    expect(product.variants[0]!.prices).toEqual([{ amount: 1999, currency: 'USD' }])
    const variantBinding = first.bindings!.find((b) => b.entity === 'variant' && b.canonicalKey === 'SKU-00001-2')!
    expect(variantBinding.scope).toMatch(/^gid:\/\/shopify\/InventoryItem\//)
    expect(items.every((i) => !i.error)).toBe(true)
  })

  it('then reads only what changed since the watermark, minus the overlap window', async () => {
    const ctx = contextFor(sb, { overlapSeconds: 0 })
    const since = new Date(Date.now() + 60_000).toISOString()
    const none = await pull(ctx, 'catalog', encodeCursor({ since }))
    expect(none.items).toHaveLength(0)
    const pid = [...sb.store.products.values()][7]!.id
    clock.advance(1_000)
    const res = await fetch(`${sb.url}/admin/api/2026-07/graphql.json`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Shopify-Access-Token': sb.accessToken },
      body: JSON.stringify({
        query:
          'mutation($i: ProductSetInput!, $id: ProductSetIdentifiers) { productSet(input: $i, identifier: $id, synchronous: true) { product { id } userErrors { message } } }',
        variables: { id: { id: pid }, i: { title: 'Renamed product' } },
      }),
    })
    expect((await res.json()).data.productSet.userErrors).toEqual([])
    const changed = await pull(ctx, 'catalog', encodeCursor({ since: seededBy }))
    expect(changed.items.map((i) => i.externalId)).toEqual([pid])
    expect((changed.items[0]!.records![0]!.value as Product).title).toEqual({ 'en-US': 'Renamed product' })
    expect(sb.control.stats().byOperation.bulkOperationRunQuery).toBe(1)
  })

  it('a product with more variants than one page holds is read to the end', async () => {
    const ctx = contextFor(sb, { bulkCatalogImport: false })
    sb.control.seed({ products: 1, variantsPerProduct: 130, skuPrefix: 'BIG' })
    const { items } = await pull(ctx, 'catalog', encodeCursor({ since: seededBy }))
    const big = items.map((i) => i.records?.[0]?.value as Product).find((p) => p.variants[0]!.sku.startsWith('BIG'))!
    expect(big.variants).toHaveLength(130)
    expect(new Set(big.variants.map((v) => v.sku)).size).toBe(130)
  })
})

describe('locations and inventory pull', () => {
  let sb: Sandbox
  beforeAll(async () => {
    sb = await startSandbox()
    sb.control.seed({ products: 30, variantsPerProduct: 1, locations: 2, available: 9 })
  })
  afterAll(() => sb.close())

  it('maps locations with a code and binding', async () => {
    const ctx = contextFor(sb, { locationCodes: { [[...sb.store.locations.keys()][1]!]: 'EU-BERLIN' } })
    const { items } = await pull(ctx, 'locations')
    expect(items.map((i) => (i.records![0]!.value as { code: string }).code)).toEqual([
      `SHOPIFY-${[...sb.store.locations.values()][0]!.legacyId}`,
      'EU-BERLIN',
    ])
    expect(items[1]!.records![0]!.value).toMatchObject({ country: 'DE', type: 'store', timeZone: 'America/New_York' })
  })

  it('reads every level per location as available / on hand / committed, and orders move units to committed', async () => {
    sb.control.createOrder({ lines: [{ sku: 'SKU-00003', quantity: 2 }], email: 'buyer@example.com' })
    const ctx = contextFor(sb)
    const { pages, items } = await pull(ctx, 'inventory')
    expect(items).toHaveLength(60)
    expect(pages.slice(0, -1).every((p) => p.nextCursor === null)).toBe(true)
    expect(pages.at(-1)!.nextCursor).toBeTruthy()
    const levels = items.map((i) => i.records![0]!.value as InventoryLevel)
    const sku3 = levels.filter((l) => l.sku === 'SKU-00003')
    expect(sku3).toContainEqual(expect.objectContaining({ onHand: 9, reserved: 2, available: 7 }))
    expect(
      levels.filter((l) => l.sku === 'SKU-00004').every((l) => l.onHand === 9 && l.reserved === 0 && l.available === 9),
    ).toBe(true)
  })
})

describe('orders pull', () => {
  let sb: Sandbox
  const clock = shopClock()
  beforeAll(async () => {
    sb = await startSandbox({ now: clock.now })
    sb.control.seed({ products: 5, variantsPerProduct: 1, locations: 1, available: 100 })
    for (let i = 0; i < 60; i++)
      sb.control.createOrder({ lines: [{ sku: `SKU-0000${(i % 5) + 1}`, quantity: 1 }], email: `b${i}@example.com` })
  })
  afterAll(() => sb.close())

  it('pages through orders updated since the cursor and stores the watermark after each page', async () => {
    const ctx = contextFor(sb)
    const { pages, items } = await pull(ctx, 'orders')
    expect(items).toHaveLength(60)
    expect(pages.length).toBeGreaterThan(1)
    expect(pages.every((p) => p.nextCursor)).toBe(true)
    const orders = items.map((i) => i.records![0]!.value as Order)
    expect(new Set(orders.map((o) => o.externalId)).size).toBe(60)
    expect(orders[0]).toMatchObject({
      channel: 'shopify',
      status: 'open',
      currency: 'USD',
      connectionId: ctx.connectionId,
    })
  })

  it('catches an order updated while the pull is running', async () => {
    const ctx = contextFor(sb)
    const firstOrder = [...sb.store.orders.values()][0]!
    const seen: Order[] = []
    let updated = false
    for await (const page of shopifyConnector.pull!(ctx, 'orders', null)) {
      seen.push(...page.items.map((i) => i.records![0]!.value as Order))
      if (!updated) {
        expect(seen.some((o) => o.externalId === firstOrder.id)).toBe(true)
        clock.advance(1_000)
        sb.control.cancelOrder(firstOrder.id, { reason: 'customer' })
        updated = true
      }
    }
    const versions = seen.filter((o) => o.externalId === firstOrder.id)
    expect(versions.map((o) => o.status)).toEqual(['open', 'cancelled'])
  })

  it('the next pull re-reads the overlap window and so sees a write that landed at the watermark', async () => {
    const ctx = contextFor(sb, { overlapSeconds: 120 })
    const { pages } = await pull(ctx, 'orders')
    const cursor = pages.at(-1)!.nextCursor
    const late = [...sb.store.orders.values()][10]!
    sb.control.updateOrder(late.id, { note: 'edited by staff' })
    const next = await pull(ctx, 'orders', cursor)
    expect(next.items.map((i) => i.externalId)).toContain(late.id)
  })
})

describe('incremental inventory pull', () => {
  let sb: Sandbox
  const clock = shopClock()
  beforeAll(async () => {
    sb = await startSandbox({ now: clock.now })
    sb.control.seed({ products: 20, variantsPerProduct: 1, locations: 2, available: 3 })
  })
  afterAll(() => sb.close())

  it('reads only levels changed since the watermark (minus the overlap)', async () => {
    const ctx = contextFor(sb, { overlapSeconds: 0 })
    const full = await pull(ctx, 'inventory')
    expect(full.items).toHaveLength(40)
    clock.advance(1_000)
    const since = clock.now().toISOString()
    sb.control.setStock({ sku: 'SKU-00007', available: 1 })
    const changed = await pull(ctx, 'inventory', encodeCursor({ since }))
    expect(changed.items.map((i) => i.records![0]!.value as InventoryLevel)).toEqual([
      expect.objectContaining({ sku: 'SKU-00007', available: 1, onHand: 1 }),
    ])
  })
})
