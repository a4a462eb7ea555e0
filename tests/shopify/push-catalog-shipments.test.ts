// Catalog and shipment pushes against the sandbox over HTTP: productSet creates and then updates
// a product keeping its variants (and their stock); fulfillmentCreate sends tracking on the
// order's fulfillment orders, one call per location, and a retry does not fulfil twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { shopifyConnector } from '../../src/connectors/shopify/index.ts'
import type { BindingHint } from '../../src/connectors/types.ts'
import type { Order, Product } from '../../src/model/index.ts'
import { contextFor, startSandbox, type Sandbox } from './helpers.ts'

describe('catalog push (productSet)', () => {
  let sb: Sandbox
  beforeAll(async () => {
    sb = await startSandbox()
    sb.control.seed({ products: 1, locations: 1 })
  })
  afterAll(() => sb.close())

  const product: Product = {
    handle: 'canvas-tote',
    title: { 'en-US': 'Canvas tote' },
    status: 'active',
    vendor: 'Acme',
    productType: 'Bags',
    variants: [
      {
        sku: 'TOTE-NAT',
        options: { Color: 'Natural' },
        barcode: { type: 'EAN', value: '4006381333931' },
        prices: [{ amount: 2500, currency: 'USD' }],
        weight: { value: 300, unit: 'g' },
        hsCode: '420222',
        countryOfOrigin: 'IN',
      },
      { sku: 'TOTE-BLK', options: { Color: 'Black' }, prices: [{ amount: 2700, currency: 'USD' }] },
    ],
  }

  it('creates the product with options and variants and returns the bindings to record', async () => {
    const ctx = contextFor(sb)
    const [r] = await shopifyConnector.push!(ctx, 'catalog', [{ key: 'p1', product, bindings: [] }])
    expect(r!.status).toBe('ok')
    const created = sb.store.products.get(r!.externalId!)!
    expect(created).toMatchObject({
      handle: 'canvas-tote',
      title: 'Canvas tote',
      vendor: 'Acme',
      status: 'ACTIVE',
      options: [{ name: 'Color', values: ['Natural', 'Black'] }],
    })
    const variants = created.variantIds.map((id) => sb.store.variants.get(id)!)
    expect(variants.map((v) => [v.sku, v.price, v.barcode, v.selectedOptions[0]!.value])).toEqual([
      ['TOTE-NAT', '25.00', '4006381333931', 'Natural'],
      ['TOTE-BLK', '27.00', null, 'Black'],
    ])
    expect(sb.store.items.get(variants[0]!.inventoryItemId)).toMatchObject({
      harmonizedSystemCode: '420222',
      countryCodeOfOrigin: 'IN',
      weight: { unit: 'GRAMS', value: 300 },
    })
    expect(
      r!.bindings!.filter((b) => b.entity === 'variant').map((b) => [b.canonicalKey, b.externalId, b.scope]),
    ).toEqual(variants.map((v) => [v.sku, v.id, v.inventoryItemId]))
  })

  it('updates through the bindings: same product, same variants and inventory items, new variant added', async () => {
    const ctx = contextFor(sb)
    const [first] = await shopifyConnector.push!(ctx, 'catalog', [
      { key: 'p1', product: { ...product, handle: 'canvas-tote-2' }, bindings: [] },
    ])
    const bindings = first!.bindings as BindingHint[]
    const before = sb.store.products
      .get(first!.externalId!)!
      .variantIds.map((id) => [id, sb.store.variants.get(id)!.inventoryItemId])
    const changed: Product = {
      ...product,
      handle: 'canvas-tote-2',
      title: { 'en-US': 'Canvas tote bag' },
      variants: [...product.variants, { sku: 'TOTE-RED', options: { Color: 'Red' } }],
    }
    const [r] = await shopifyConnector.push!(ctx, 'catalog', [{ key: 'p1', product: changed, bindings }])
    expect(r).toMatchObject({ status: 'ok', externalId: first!.externalId })
    const after = sb.store.products.get(r!.externalId!)!
    expect(after.title).toBe('Canvas tote bag')
    expect(after.variantIds.slice(0, 2).map((id) => [id, sb.store.variants.get(id)!.inventoryItemId])).toEqual(before)
    expect(after.variantIds).toHaveLength(3)
  })

  it('a product Shopify refuses comes back rejected with its userError', async () => {
    const ctx = contextFor(sb)
    const dupe: Product = {
      ...product,
      handle: 'dupe',
      variants: [
        { sku: 'A', options: { Color: 'Same' } },
        { sku: 'B', options: { Color: 'Same' } },
      ],
    }
    const [r] = await shopifyConnector.push!(ctx, 'catalog', [{ key: 'd', product: dupe, bindings: [] }])
    expect(r).toMatchObject({
      status: 'rejected',
      error: { code: 'CONNECTOR_REJECTED', remoteCode: 'DUPLICATED_OPTION_VALUE' },
    })
  })
})

describe('shipment push (fulfillmentCreate)', () => {
  let sb: Sandbox
  beforeAll(async () => {
    sb = await startSandbox()
    sb.control.seed({ products: 3, locations: 2, available: 0 })
    const [us, eu] = [...sb.store.locations.keys()]
    sb.control.setStock({ sku: 'SKU-00001', locationId: us, available: 5 })
    sb.control.setStock({ sku: 'SKU-00002', locationId: eu, available: 5 })
  })
  afterAll(() => sb.close())

  const shipment = (lines: { sku: string; quantity: number }[], tracking = '1Z999AA10123456784') => ({
    externalId: `3pl-${tracking}`,
    carrier: 'UPS',
    trackingNumber: tracking,
    trackingUrl: `https://www.ups.com/track?tracknum=${tracking}`,
    shippedAt: new Date().toISOString(),
    lines,
  })

  it('fulfils the lines with tracking, one fulfillment per location, and notifies the buyer when asked', async () => {
    const ctx = contextFor(sb)
    const order = sb.control.createOrder({
      lines: [
        { sku: 'SKU-00001', quantity: 2 },
        { sku: 'SKU-00002', quantity: 1 },
      ],
    })
    const lines = [
      { sku: 'SKU-00001', quantity: 2 },
      { sku: 'SKU-00002', quantity: 1 },
    ]
    const [r] = await shopifyConnector.push!(ctx, 'shipments', [
      {
        key: 'sh1',
        order: {} as Order,
        orderExternalId: order.id,
        lines,
        shipment: shipment(lines),
        notifyCustomer: true,
      },
    ])
    expect(r!.status).toBe('ok')
    const fulfillments = [...sb.store.fulfillments.values()].filter((f) => f.orderId === order.id)
    expect(fulfillments).toHaveLength(2)
    expect(new Set(fulfillments.map((f) => f.locationId)).size).toBe(2)
    expect(
      fulfillments.every(
        (f) => f.notifyCustomer && f.tracking[0]!.company === 'UPS' && f.tracking[0]!.number === '1Z999AA10123456784',
      ),
    ).toBe(true)
    expect(r!.bindings).toHaveLength(2)
    const stats = sb.control.stats().byOperation.fulfillmentCreate
    const [again] = await shopifyConnector.push!(ctx, 'shipments', [
      { key: 'sh1', order: {} as Order, orderExternalId: order.id, lines, shipment: shipment(lines) },
    ])
    expect(again).toMatchObject({ status: 'ok', externalId: fulfillments[0]!.id })
    expect(sb.control.stats().byOperation.fulfillmentCreate).toBe(stats)
  })

  it('a partial shipment by channel line id leaves the rest open; shipping more than is left is rejected', async () => {
    const ctx = contextFor(sb)
    const order = sb.control.createOrder({ lines: [{ sku: 'SKU-00001', quantity: 3 }] })
    const lineId = order.lineItemIds[0]!
    const [r] = await shopifyConnector.push!(ctx, 'shipments', [
      {
        key: 'p',
        order: {} as Order,
        orderExternalId: order.id,
        lines: [{ externalLineId: lineId, sku: 'SKU-00001', quantity: 1 }],
        shipment: shipment([{ sku: 'SKU-00001', quantity: 1 }], 'T-1'),
      },
    ])
    expect(r!.status).toBe('ok')
    const fo = [...sb.store.fulfillmentOrders.values()].find((f) => f.orderId === order.id)!
    expect(fo).toMatchObject({ status: 'IN_PROGRESS', lineItems: [expect.objectContaining({ remainingQuantity: 2 })] })
    const [over] = await shopifyConnector.push!(ctx, 'shipments', [
      {
        key: 'o',
        order: {} as Order,
        orderExternalId: order.id,
        lines: [{ sku: 'SKU-00001', quantity: 5 }],
        shipment: shipment([{ sku: 'SKU-00001', quantity: 5 }], 'T-2'),
      },
    ])
    expect(over).toMatchObject({ status: 'rejected' })
    expect(over!.error!.message).toContain('SKU-00001 × 3')
  })
})
