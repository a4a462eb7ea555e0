// Shopify variants without a SKU (most real ones) map to canonical variants with a SKU from the
// seller's rule, say where it came from, and stay bound by variant and inventory item; orders and
// fulfillments of such variants name them by their gid. The recorded live store (captures
// 2026-04: 38 of its 39 variants have sku null) maps with nothing dropped.
import { describe, expect, it } from 'vitest'
import {
  canonicalSkus,
  fulfillmentFromRest,
  inventoryLevelFromShopify,
  orderFromRest,
  orderFromShopify,
  productFromRest,
  productFromShopify,
  shipmentFromShopify,
  SkuRuleSchema,
  slug,
  type GqlInventoryLevel,
  type GqlProduct,
  type MapContext,
  type RestOrder,
  type SkuRule,
} from '../../src/mappers/shopify/index.ts'
import { check, isCanonicalSku, ProductSchema, sellableOnHand, SKU_MAX_LENGTH } from '../../src/model/index.ts'
import { capture, CAPTURES, HAVE_CAPTURES } from '../shopify/captures.ts'
import { readdirSync } from 'node:fs'
import { Compile } from 'typebox/compile'

const ctx = (skuRule?: SkuRule): MapContext => ({
  connectionId: '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b',
  shopCurrency: 'USD',
  ...(skuRule ? { skuRule } : {}),
})

const v = (id: number, over: Record<string, unknown> = {}) => ({
  id: `gid://shopify/ProductVariant/${id}`,
  sku: null as string | null,
  barcode: null as string | null,
  selectedOptions: [] as { name: string; value: string }[],
  inventoryItem: { id: `gid://shopify/InventoryItem/${id}0` },
  ...over,
})
const opts = (...values: string[]) => values.map((value, i) => ({ name: ['Color', 'Size', 'Style'][i]!, value }))

describe('the SKU rule for variants without one', () => {
  it.each([
    // rule, variant → sku, source
    ['variant-id', v(50173005791538), 'SHOPIFY-50173005791538', 'variant-id'],
    ['barcode', v(7, { barcode: ' 4006381333931 ' }), '4006381333931', 'barcode'],
    ['barcode falls back to the id when absent', v(7, { barcode: '' }), 'SHOPIFY-7', 'variant-id'],
    [
      'handle-options',
      v(8, { selectedOptions: opts('Red', 'Medium', 'Vintage') }),
      'tee-red-medium-vintage',
      'handle-options',
    ],
    [
      'handle-options folds accents and punctuation',
      v(8, { selectedOptions: opts('Bleu Ciel', 'Größe XL/2') }),
      'tee-bleu-ciel-große-xl-2',
      'handle-options',
    ],
    [
      'handle-options keeps non-Latin letters',
      v(8, { selectedOptions: opts('赤', 'Ｍ') }),
      'tee-赤-m',
      'handle-options',
    ],
    [
      'handle-options without options is the handle',
      v(8, { selectedOptions: [{ name: 'Title', value: 'Default Title' }] }),
      'tee',
      'handle-options',
    ],
    ['a remote SKU always wins', v(9, { sku: ' TEE-RED ', barcode: '4006381333931' }), 'TEE-RED', 'remote'],
  ] as const)('%s', (name, variant, sku, source) => {
    const rule = (name.split(' ')[0] === 'a' ? 'barcode' : name.split(' ')[0]) as SkuRule
    expect(canonicalSkus({ handle: 'tee', variants: [variant] }, rule).get(variant.id)).toEqual({
      sku,
      skuSource: source,
    })
  })

  it('collisions: the lower variant id keeps the SKU, a later one gets its id appended', () => {
    const variants = [
      v(30, { selectedOptions: opts('Red / M') }),
      v(20, { selectedOptions: opts('Red-M') }),
      v(10, { sku: 'tee-red-m-x' }),
      v(40, { selectedOptions: opts('Red', 'M', 'X') }),
    ]
    const skus = canonicalSkus({ handle: 'tee', variants }, 'handle-options')
    expect([...skus].map(([id, s]) => [id.split('/').pop(), s.sku])).toEqual([
      ['10', 'tee-red-m-x'],
      ['20', 'tee-red-m'],
      ['30', 'tee-red-m-30'],
      ['40', 'tee-red-m-x-40'],
    ])
    const barcodes = canonicalSkus(
      { handle: 'tee', variants: [v(5, { barcode: '123456789012' }), v(3, { barcode: '123456789012' })] },
      'barcode',
    )
    expect(barcodes.get('gid://shopify/ProductVariant/3')!.sku).toBe('123456789012')
    expect(barcodes.get('gid://shopify/ProductVariant/5')!.sku).toBe('123456789012-5')
  })

  it('is deterministic: the same SKUs whatever the order of the variants, and a new variant changes none', () => {
    const variants = [
      v(3, { selectedOptions: opts('A') }),
      v(1, { selectedOptions: opts('a') }),
      v(2, { selectedOptions: opts('B') }),
    ]
    const a = canonicalSkus({ handle: 'p', variants }, 'handle-options')
    const b = canonicalSkus({ handle: 'p', variants: [...variants].reverse() }, 'handle-options')
    expect([...a].sort()).toEqual([...b].sort())
    const more = canonicalSkus(
      { handle: 'p', variants: [...variants, v(9, { selectedOptions: opts('A') })] },
      'handle-options',
    )
    for (const [id, s] of a) expect(more.get(id)).toEqual(s)
    // ids beyond 2^53 compare as numbers, not as text: the smaller keeps a shared barcode
    const big = canonicalSkus(
      {
        handle: 'p',
        variants: [
          v(0, { id: 'gid://shopify/ProductVariant/10000000000000000001', barcode: '123456789012' }),
          v(0, { id: 'gid://shopify/ProductVariant/9999999999999999999', barcode: '123456789012' }),
        ],
      },
      'barcode',
    )
    expect(big.get('gid://shopify/ProductVariant/9999999999999999999')!.sku).toBe('123456789012')
    expect(big.get('gid://shopify/ProductVariant/10000000000000000001')!.sku).toBe('123456789012-10000000000000000001')
  })

  it('stays within the model’s SKU pattern and length, a long one ending in a hash of the whole', () => {
    const handle = 'a'.repeat(90)
    const skus = canonicalSkus(
      {
        handle,
        variants: [
          v(1, { selectedOptions: opts('Extra long colour name', 'XL') }),
          v(2, { selectedOptions: opts('Extra long colour name', 'XXL') }),
        ],
      },
      'handle-options',
    )
    const [one, two] = [...skus.values()]
    for (const s of [one!, two!]) {
      expect(s.sku.length).toBeLessThanOrEqual(SKU_MAX_LENGTH)
      expect(isCanonicalSku(s.sku)).toBe(true)
    }
    expect(one!.sku).not.toBe(two!.sku)
    expect(slug('  --Hello,  World!--  ')).toBe('hello-world')
  })

  it('the setting’s schema accepts the three rules and nothing else', () => {
    const c = Compile(SkuRuleSchema)
    expect(['barcode', 'handle-options', 'variant-id'].every((r) => c.Check(r))).toBe(true)
    expect(c.Check('sku')).toBe(false)
  })
})

const tee: GqlProduct = {
  id: 'gid://shopify/Product/9899719688498',
  handle: 'test-product-7040',
  title: 'Test Product - 7040',
  status: 'ACTIVE',
  updatedAt: '2026-06-25T01:33:55Z',
  variants: {
    nodes: [
      v(50173005791538, { selectedOptions: opts('Red', 'Medium', 'Vintage'), barcode: '4006381333931' }),
      v(50173005824306, { selectedOptions: opts('Blue', 'Medium', 'Vintage'), sku: '' }),
      v(50173005857074, { selectedOptions: opts('Blue', 'Large', 'Vintage'), sku: 'TP-BLU-L' }),
    ],
  },
}

describe('a product whose variants have no SKU', () => {
  it.each([
    [
      'variant-id',
      ['SHOPIFY-50173005791538', 'SHOPIFY-50173005824306', 'TP-BLU-L'],
      ['variant-id', 'variant-id', 'remote'],
    ],
    ['barcode', ['4006381333931', 'SHOPIFY-50173005824306', 'TP-BLU-L'], ['barcode', 'variant-id', 'remote']],
    [
      'handle-options',
      ['test-product-7040-red-medium-vintage', 'test-product-7040-blue-medium-vintage', 'TP-BLU-L'],
      ['handle-options', 'handle-options', 'remote'],
    ],
  ] as const)('maps every variant by rule %s, each saying where its SKU came from', (rule, skus, sources) => {
    const r = productFromShopify(tee, ctx(rule))
    expect(r.error).toBeUndefined()
    expect(r.product!.variants.map((x) => x.sku)).toEqual(skus)
    expect(r.variants.map((x) => x.skuSource)).toEqual(sources)
    expect(check(ProductSchema, r.product).ok).toBe(true)
    const bound = r.bindings.filter((b) => b.entity === 'variant')
    expect(bound.map((b) => [b.canonicalKey, b.externalId, b.scope, b.externalSku, b.skuSource])).toEqual(
      r.variants.map((x) => [
        x.sku,
        x.externalId,
        x.inventoryItemId,
        x.skuSource === 'remote' ? x.sku : undefined,
        x.skuSource,
      ]),
    )
  })

  it('the rule defaults to variant-id; the product keeps its updatedAt for ordering late webhooks', () => {
    const r = productFromShopify(tee, ctx())
    expect(r.variants[0]!.skuSource).toBe('variant-id')
    expect(r.product!.updatedAt).toBe('2026-06-25T01:33:55.000Z')
  })

  it('a products/update body with sku null on every variant maps like the GraphQL node', () => {
    const rest = productFromRest({
      id: 9899719688498,
      title: 'Test Product - 7040',
      handle: 'test-product-7040',
      status: 'active',
      updated_at: '2026-06-24T21:33:55-04:00',
      options: [
        { name: 'Color', position: 1 },
        { name: 'Size', position: 2 },
        { name: 'Style', position: 3 },
      ],
      variants: [
        {
          id: 50173005791538,
          sku: null,
          barcode: '4006381333931',
          option1: 'Red',
          option2: 'Medium',
          option3: 'Vintage',
          inventory_item_id: 501730057915380,
        },
        {
          id: 50173005824306,
          sku: '',
          option1: 'Blue',
          option2: 'Medium',
          option3: 'Vintage',
          inventory_item_id: 501730058243060,
        },
        {
          id: 50173005857074,
          sku: 'TP-BLU-L',
          option1: 'Blue',
          option2: 'Large',
          option3: 'Vintage',
          inventory_item_id: 501730058570740,
        },
      ],
    })
    for (const rule of ['variant-id', 'barcode', 'handle-options'] as const) {
      const a = productFromShopify(rest, ctx(rule))
      const b = productFromShopify(tee, ctx(rule))
      expect(a.variants).toEqual(b.variants)
      expect(a.product!.variants.map((x) => x.sku)).toEqual(b.product!.variants.map((x) => x.sku))
    }
  })
})

describe('orders, fulfillments and levels of SKU-less variants', () => {
  const money = (a: string) => ({ shop_money: { amount: a, currency_code: 'USD' } })
  const rest: RestOrder = {
    id: 6010,
    name: '#1010',
    created_at: '2026-07-01T06:00:00-04:00',
    currency: 'USD',
    financial_status: 'paid',
    total_price_set: money('20.00'),
    line_items: [
      { id: 1, sku: null, variant_id: 50173005791538, quantity: 2, price_set: money('10.00'), requires_shipping: true },
    ],
  }

  it('an order line names the variant by its gid (resolved by the variant binding), REST and GraphQL alike', () => {
    const r = orderFromShopify(orderFromRest(rest), ctx())
    expect(r.error).toBeUndefined()
    expect(r.order!.lines[0]).toMatchObject({
      sku: 'gid://shopify/ProductVariant/50173005791538',
      externalVariantId: 'gid://shopify/ProductVariant/50173005791538',
      quantity: 2,
    })
    const gql = orderFromShopify(
      {
        ...orderFromRest(rest),
        lineItems: [
          {
            id: 'gid://shopify/LineItem/1',
            sku: null,
            quantity: 2,
            currentQuantity: 2,
            requiresShipping: true,
            variant: { id: 'gid://shopify/ProductVariant/50173005791538', sku: null },
            originalUnitPriceSet: { shopMoney: { amount: '10.0', currencyCode: 'USD' } },
          },
        ],
      },
      ctx(),
    )
    expect(gql.order!.lines).toEqual(r.order!.lines)
  })

  it('a custom line with neither SKU nor variant that needs shipping still refuses the order, naming it', () => {
    const r = orderFromShopify(
      orderFromRest({ ...rest, line_items: [{ ...rest.line_items[0]!, variant_id: null, title: 'Engraving' }] }),
      ctx(),
    )
    expect(r.error).toMatchObject({ code: 'MAPPING_FIELD_MISSING', field: '/lines/0/sku' })
    expect(r.error!.message).toContain('Engraving')
  })

  it('a fulfillment line names the variant the same way', () => {
    const r = shipmentFromShopify(
      fulfillmentFromRest({
        id: 77,
        order_id: 6010,
        created_at: '2026-07-03T10:00:00-04:00',
        tracking_number: '1Z999',
        line_items: [{ id: 1, sku: null, variant_id: 50173005791538, quantity: 2 }],
      }),
    )
    expect(r.shipment!.lines).toEqual([{ sku: 'gid://shopify/ProductVariant/50173005791538', quantity: 2 }])
  })
})

/** Every product node and inventory level in the recorded live store. */
function recorded(): { products: GqlProduct[]; levels: GqlInventoryLevel[] } {
  const products: GqlProduct[] = []
  const levels: GqlInventoryLevel[] = []
  const walk = (o: any): void => {
    if (!o || typeof o !== 'object') return
    if (typeof o.handle === 'string' && Array.isArray(o.variants?.nodes) && o.variants.nodes[0]?.id) products.push(o)
    if (Array.isArray(o.quantities) && o.quantities[0]?.name !== undefined)
      levels.push({
        item: o.item ?? { id: 'gid://shopify/InventoryItem/1', sku: null },
        location: o.location?.id ? o.location : { id: 'gid://shopify/Location/1' },
        quantities: o.quantities,
      })
    for (const x of Object.values(o)) walk(x)
  }
  if (!HAVE_CAPTURES) return { products, levels }
  for (const dir of readdirSync(CAPTURES))
    for (const f of readdirSync(`${CAPTURES}/${dir}`)) walk(capture(`${dir}/${f}`))
  return { products, levels }
}

describe.skipIf(!HAVE_CAPTURES)('the recorded live store (captures 2026-04)', () => {
  const { products, levels } = recorded()

  it(`maps all ${products.length} recorded products with every variant, most of them without a SKU`, () => {
    expect(products.length).toBeGreaterThanOrEqual(30)
    let skuless = 0
    for (const p of products) {
      for (const rule of ['variant-id', 'barcode', 'handle-options'] as const) {
        const r = productFromShopify(p, ctx(rule))
        expect(r.error, `${p.handle} by ${rule}`).toBeUndefined()
        expect(r.product!.variants).toHaveLength((p.variants as { nodes: unknown[] }).nodes.length)
        expect(new Set(r.product!.variants.map((x) => x.sku)).size).toBe(r.product!.variants.length)
      }
      skuless += productFromShopify(p, ctx()).variants.filter((x) => x.skuSource !== 'remote').length
    }
    expect(skuless).toBeGreaterThanOrEqual(30)
  })

  it(`counts sellable what Shopify calls available plus committed, in all ${levels.length} recorded levels`, () => {
    expect(levels.length).toBeGreaterThanOrEqual(100)
    for (const l of levels) {
      const q = Object.fromEntries(l.quantities.map((x) => [x.name, x.quantity]))
      if (q.on_hand === undefined || q.available === undefined) continue
      const level = inventoryLevelFromShopify(l, ctx()).level!
      const sellable = sellableOnHand(level)
      expect(sellable).toBeGreaterThanOrEqual(Math.max(0, q.available))
      expect(sellable).toBeLessThanOrEqual(Math.max(0, q.on_hand))
      const allStates = ['committed', 'damaged', 'quality_control', 'reserved', 'safety_stock'].every((n) => n in q)
      if (allStates) expect(sellable).toBe(q.available + q.committed!)
    }
  })
})
