// Catalogs and stock as real Shopify stores keep them, produced by the sandbox and read over its
// Admin GraphQL API (validated against the 2026-07 SDL) and its REST webhook bodies: about two
// thirds of products with variants whose sku is null (or, now and then, ""), some with and some
// without barcodes; several locations per shop; every inventory state the 2026-07 SDL names, with
// available = on_hand − committed − reserved − damaged − safety_stock − quality_control.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  control,
  delivered,
  graphql,
  startReceiver,
  startShop,
  subscribe,
  type Receiver,
  type Sandbox,
} from './shopify-support.ts'

const NAMES = [
  'available',
  'on_hand',
  'committed',
  'damaged',
  'quality_control',
  'safety_stock',
  'reserved',
  'incoming',
]

const CATALOG = `query($after: String) {
  products(first: 50, after: $after) {
    nodes { id handle variants(first: 10) { nodes { id sku barcode inventoryItem { id sku } } } }
    pageInfo { hasNextPage endCursor }
  }
}`

const LEVELS = `query($first: Int!, $names: [String!]!) {
  inventoryItems(first: $first) {
    nodes { id sku inventoryLevels(first: 10) { nodes { location { id } quantities(names: $names) { name quantity } } } }
  }
}`

type Level = { location: { id: string }; quantities: { name: string; quantity: number }[] }

function quantities(l: Level): Record<string, number> {
  return Object.fromEntries(l.quantities.map((q) => [q.name, q.quantity]))
}

describe('a catalog as real stores keep it', () => {
  let sb: Sandbox
  let receiver: Receiver
  beforeAll(async () => {
    ;({ sb } = await startShop())
    receiver = await startReceiver()
    await subscribe(sb, receiver.url, ['PRODUCTS_UPDATE', 'INVENTORY_LEVELS_UPDATE'])
  })
  afterAll(async () => {
    await sb.close()
    await receiver.close()
  })

  it('about two thirds of products have no SKU: null mostly, "" now and then, with and without barcodes', async () => {
    const seeded = await control(sb, '/seed', { products: 48, variantsPerProduct: 2, skuless: 2 / 3, barcodes: 0.5 })
    expect(seeded).toMatchObject({ products: 48, variants: 96, skuless: 32 })
    const products: { variants: { nodes: { sku: string | null; barcode: string | null; inventoryItem: any }[] } }[] = []
    let after: string | null = null
    do {
      const r = await graphql(sb, CATALOG, { after })
      expect(r.body.errors).toBeUndefined()
      products.push(...r.body.data.products.nodes)
      after = r.body.data.products.pageInfo.hasNextPage ? r.body.data.products.pageInfo.endCursor : null
    } while (after)
    const variants = products.flatMap((p) => p.variants.nodes)
    const noSku = products.filter((p) => p.variants.nodes.every((v) => !v.sku))
    expect(noSku).toHaveLength(32)
    expect(variants.filter((v) => v.sku === null)).toHaveLength(56)
    expect(variants.filter((v) => v.sku === '')).toHaveLength(8)
    const skuless = variants.filter((v) => !v.sku)
    expect(skuless.filter((v) => v.barcode).length).toBe(32)
    expect(skuless.filter((v) => v.barcode === null).length).toBe(32)
    // the inventory item mirrors the variant's (missing) SKU
    for (const v of variants) expect(v.inventoryItem.sku).toBe(v.sku)
  })

  it('a products/update webhook carries the REST product with "sku": null and "sku": "" as they are', async () => {
    const [withNull, withEmpty] = ['null', '""'].map((want) =>
      [...sb.store.products.values()].find((p) =>
        p.variantIds.every((v) => JSON.stringify(sb.store.variants.get(v)!.sku) === want),
      )!,
    )
    await control(sb, '/products/update', { id: withNull!.id, title: 'Linen shirt' })
    await control(sb, '/products/update', { id: withEmpty!.id, title: 'Wool scarf' })
    const bodies = (await delivered(sb, receiver, 'products/update')).map((d) => d.body.toString('utf8'))
    const shirt = bodies.find((b) => b.includes('Linen shirt'))!
    const scarf = bodies.find((b) => b.includes('Wool scarf'))!
    expect(shirt).toContain('"sku":null')
    expect(scarf).toContain('"sku":""')
    expect(JSON.parse(shirt).variants.map((v: { sku: unknown }) => v.sku)).toEqual([null, null])
  })

  it('several locations per shop, every level with every state, available what the others leave', async () => {
    const seeded = await control(sb, '/seed', { products: 6, variantsPerProduct: 2, locations: 3, states: true })
    expect(seeded.locations).toHaveLength(3)
    const r = await graphql(sb, LEVELS, { first: 250, names: NAMES })
    expect(r.body.errors).toBeUndefined()
    const levels: Level[] = r.body.data.inventoryItems.nodes.flatMap(
      (i: { inventoryLevels: { nodes: Level[] } }) => i.inventoryLevels.nodes,
    )
    const stated = levels.filter((l) => seeded.locations.includes(l.location.id) && quantities(l).on_hand! > 0)
    expect(stated.length).toBeGreaterThanOrEqual(6 * 2 * 3)
    for (const l of stated) {
      const q = quantities(l)
      expect(Object.keys(q).sort()).toEqual([...NAMES].sort())
      expect(q.available).toBe(
        q.on_hand! - q.committed! - q.reserved! - q.damaged! - q.safety_stock! - q.quality_control!,
      )
    }
    // the states are really there, not zeros: each appears somewhere, and counts differ by location
    for (const name of ['damaged', 'quality_control', 'reserved', 'safety_stock', 'incoming'])
      expect(
        stated.some((l) => quantities(l)[name]! > 0),
        name,
      ).toBe(true)
    expect(new Set(stated.map((l) => quantities(l).on_hand)).size).toBeGreaterThan(3)
  })

  it('on_hand 14, damaged 2, quality_control 4, reserved 3, safety_stock 5: nothing is available', async () => {
    const sku = [...sb.store.variants.values()].find((v) => v.sku)!.sku!
    const location = (await control(sb, '/locations', { name: 'Leipzig', address: { countryCode: 'DE' } })).id
    receiver.received.length = 0
    const set = await control(sb, '/inventory/states', {
      sku,
      locationId: location,
      states: { on_hand: 14, damaged: 2, quality_control: 4, reserved: 3, safety_stock: 5 },
    })
    expect(set.quantities).toMatchObject({ on_hand: 14, available: 0, committed: 0 })
    const r = await graphql(
      sb,
      `query($id: ID!, $names: [String!]!) { inventoryItem(id: $id) { inventoryLevel(locationId: "${location}") { quantities(names: $names) { name quantity } } } }`,
      { id: set.inventoryItemId, names: NAMES },
    )
    expect(r.body.errors).toBeUndefined()
    expect(quantities(r.body.data.inventoryItem.inventoryLevel)).toEqual({
      available: 0,
      on_hand: 14,
      committed: 0,
      damaged: 2,
      quality_control: 4,
      safety_stock: 5,
      reserved: 3,
      incoming: 0,
    })
    // the webhook says only "available" (specs/shopify.md §6): 0, not 14
    const [update] = await delivered(sb, receiver, 'inventory_levels/update')
    expect(update!.json).toMatchObject({ available: 0 })
    expect(Object.keys(update!.json).sort()).toEqual([
      'admin_graphql_api_id',
      'available',
      'inventory_item_id',
      'location_id',
      'updated_at',
    ])
    // and states that leave less than nothing are refused
    await expect(
      control(sb, '/inventory/states', { sku, locationId: location, states: { on_hand: 3, damaged: 4 } }),
    ).rejects.toThrow(/on_hand 3 is less than/)
  })
})
