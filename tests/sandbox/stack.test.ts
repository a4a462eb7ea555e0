// The sandbox stack a whole-story run stands on can be the hard case: a Shopify store that keeps its
// variants without SKUs (barcodes only) and sells from one location per warehouse.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSandboxStack, type Stack } from '../../src/sandbox/stack.ts'
import { graphql } from './shopify-support.ts'

const ITEMS = Array.from({ length: 9 }, (_, i) => ({
  sku: `ITEM-${i}`,
  name: `Item ${i}`,
  price: '10.00',
  stock: { 'US-EAST': 5, 'DE-HAM': 3 },
}))

describe('a stack with a SKU-less Shopify catalog and a location per warehouse', () => {
  let stack: Stack
  beforeAll(async () => {
    stack = await startSandboxStack({ items: ITEMS, shopifyCatalog: 'skuless', shopifyLocations: 2 })
  })
  afterAll(() => stack.close())

  it('lists every item without a SKU, each with its barcode, stocked at both locations', async () => {
    const r = await graphql(
      stack.shopify,
      `
        {
          products(first: 20) {
            nodes {
              variants(first: 2) {
                nodes {
                  sku
                  barcode
                  inventoryItem {
                    inventoryLevels(first: 5) {
                      nodes {
                        location {
                          name
                        }
                      }
                    }
                  }
                }
              }
            }
          }
        }
      `,
    )
    expect(r.body.errors).toBeUndefined()
    const variants = r.body.data.products.nodes.flatMap((p: { variants: { nodes: unknown[] } }) => p.variants.nodes)
    expect(variants.map((v: { sku: string | null }) => v.sku)).toEqual([
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      '',
      null,
    ])
    expect(variants.map((v: { barcode: string }) => v.barcode)).toEqual(ITEMS.map((i) => i.sku))
    for (const v of variants)
      expect(v.inventoryItem.inventoryLevels.nodes.map((l: { location: { name: string } }) => l.location.name)).toEqual(
        ['US warehouse', 'EU warehouse'],
      )
    expect(stack.shopLocations).toHaveLength(2)
  })
})
