// Every GraphQL document the connector sends validates against the pinned 2026-07 Admin SDL:
// the declared list, and (recorded at the sandbox) every document actually sent while the
// connector pulls every stream, pushes every stream, registers webhooks and tests the connection.
import { parse, validate } from 'graphql'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BULK_CATALOG_QUERY, DOCUMENTS } from '../../src/connectors/shopify/documents.ts'
import { shopifyConnector } from '../../src/connectors/shopify/index.ts'
import { API_VERSION } from '../../src/connectors/shopify/settings.ts'
import type { Order } from '../../src/model/index.ts'
import { createShopifySandbox } from '../../src/sandbox/shopify/index.ts'
import { loadSchema } from '../../src/sandbox/shopify/schema.ts'
import { collect, contextFor, type Sandbox } from './helpers.ts'

const schema = loadSchema(API_VERSION)

describe('declared documents', () => {
  it('the connector is pinned to 2026-07', () => {
    expect(API_VERSION).toBe('2026-07')
  })

  it.each(Object.entries(DOCUMENTS))('%s validates against the 2026-07 SDL', (_name, doc) => {
    expect(validate(schema, parse(doc)).map((e) => e.message)).toEqual([])
  })

  it('a document with a field 2026-07 does not have is caught by the same check', () => {
    expect(validate(schema, parse('{ shop { id totalVariants } }')).length).toBeGreaterThan(0)
  })
})

describe('documents sent over the wire', () => {
  let sb: Sandbox
  const sent: { query: string; variables: Record<string, unknown> }[] = []
  beforeAll(async () => {
    const s = createShopifySandbox({ bulkDelayMs: 10 })
    s.app.addHook('preHandler', async (req) => {
      if (req.url.includes('/graphql.json'))
        sent.push(req.body as { query: string; variables: Record<string, unknown> })
    })
    const url = await s.app.listen({ port: 0, host: '127.0.0.1' })
    sb = { ...s, url, close: () => s.app.close() }
    sb.control.seed({ products: 5, variantsPerProduct: 2, locations: 2 })
  })
  afterAll(() => sb.close())

  it('are all declared, and all validate', async () => {
    const ctx = contextFor(sb)
    expect((await shopifyConnector.testConnection(ctx)).ok).toBe(true)
    for (const stream of ['catalog', 'locations', 'inventory', 'orders'] as const)
      await collect(shopifyConnector.pull!(ctx, stream, null))
    const level = [...sb.store.levels.values()][0]!
    const variant = sb.store.variants.get(sb.store.items.get(level.itemId)!.variantId)!
    await shopifyConnector.push!(ctx, 'inventory', [
      {
        key: 'a',
        sku: variant.sku!,
        scope: level.itemId,
        locationExternalId: level.locationId,
        quantity: 3,
        previousQuantity: 99,
      },
      {
        key: 'b',
        sku: variant.sku!,
        externalId: variant.id,
        locationExternalId: [...sb.store.locations.keys()][1]!,
        quantity: 3,
        previousQuantity: null,
      },
      { key: 'c', sku: 'SKU-00002-1', locationExternalId: level.locationId, quantity: 3, previousQuantity: null },
    ])
    await shopifyConnector.push!(ctx, 'catalog', [
      {
        key: 'p',
        product: { handle: 'new-mug', title: { 'en-US': 'Mug' }, status: 'active', variants: [{ sku: 'MUG-1' }] },
        bindings: [],
      },
    ])
    const order = sb.control.createOrder({ lines: [{ sku: 'SKU-00001-1', quantity: 1 }] })
    await shopifyConnector.push!(ctx, 'shipments', [
      {
        key: 's',
        order: {} as Order,
        orderExternalId: order.id,
        lines: [{ sku: 'SKU-00001-1', quantity: 1 }],
        shipment: {
          externalId: 'x',
          carrier: 'UPS',
          trackingNumber: '1Z1',
          shippedAt: new Date().toISOString(),
          lines: [{ sku: 'SKU-00001-1', quantity: 1 }],
        },
      },
    ])
    await shopifyConnector.registerWebhooks!(ctx, 'https://hub.example.com/webhooks/shopify/c1')

    const distinct = [...new Set(sent.map((s) => s.query))]
    const declared = new Set(Object.values(DOCUMENTS))
    expect(distinct.filter((q) => !declared.has(q))).toEqual([])
    for (const q of distinct) expect(validate(schema, parse(q)).map((e) => e.message)).toEqual([])
    const bulkQueries = sent
      .filter((s) => typeof s.variables?.query === 'string' && s.query.includes('bulkOperationRunQuery'))
      .map((s) => s.variables.query)
    expect(bulkQueries).toEqual([BULK_CATALOG_QUERY])
    expect(distinct.length).toBeGreaterThanOrEqual(14)
  })
})
