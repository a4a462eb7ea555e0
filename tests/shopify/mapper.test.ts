// Shopify mapper tables: variants with options, orders in EUR presentment vs USD shop money,
// partial refunds, cancellations, status mapping, REST webhook bodies mapping like GraphQL
// nodes, fulfillments → shipments, inventory levels, and canonical products → productSet input.
import { describe, expect, it } from 'vitest'
import {
  barcodeOf,
  fulfillmentFromRest,
  inventoryLevelFromShopify,
  levelRefFromRest,
  locationFromShopify,
  orderFromRest,
  orderFromShopify,
  orderStatus,
  productFromRest,
  productFromShopify,
  productSetInput,
  shipmentFromShopify,
  type GqlLineItem,
  type GqlMoneyBag,
  type GqlOrder,
  type GqlProduct,
  type MapContext,
  type RestOrder,
} from '../../src/mappers/shopify/index.ts'
import type { Product } from '../../src/model/index.ts'

const ctx: MapContext = {
  connectionId: '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b',
  shopCurrency: 'USD',
  shopTimeZone: 'America/New_York',
}
const bag = (usd: string, pres?: [string, string]): GqlMoneyBag => ({
  shopMoney: { amount: usd, currencyCode: 'USD' },
  presentmentMoney: pres ? { amount: pres[0], currencyCode: pres[1] } : { amount: usd, currencyCode: 'USD' },
})

const shirt: GqlProduct = {
  id: 'gid://shopify/Product/1',
  handle: 'linen-shirt',
  title: 'Linen shirt',
  status: 'ACTIVE',
  vendor: 'Acme',
  productType: 'Shirts',
  descriptionHtml: '<p>Cool</p>',
  variants: {
    nodes: [
      {
        id: 'gid://shopify/ProductVariant/11',
        title: 'Blue / M',
        sku: 'SHIRT-BLU-M',
        barcode: '4006381333931',
        price: '49.5',
        selectedOptions: [
          { name: 'Color', value: 'Blue' },
          { name: 'Size', value: 'M' },
        ],
        inventoryItem: {
          id: 'gid://shopify/InventoryItem/111',
          harmonizedSystemCode: '6205.20',
          countryCodeOfOrigin: 'PT',
          measurement: { weight: { unit: 'GRAMS', value: 220 } },
        },
      },
      {
        id: 'gid://shopify/ProductVariant/12',
        title: 'Blue / L',
        sku: 'SHIRT-BLU-L',
        barcode: '012345678905',
        price: '49.50',
        selectedOptions: [
          { name: 'Color', value: 'Blue' },
          { name: 'Size', value: 'L' },
        ],
        inventoryItem: {
          id: 'gid://shopify/InventoryItem/112',
          measurement: { weight: { unit: 'POUNDS', value: 0.5 } },
        },
      },
      {
        id: 'gid://shopify/ProductVariant/13',
        title: 'Sample',
        sku: '',
        price: '0.00',
        selectedOptions: [
          { name: 'Color', value: 'Sample' },
          { name: 'Size', value: 'S' },
        ],
        inventoryItem: { id: 'gid://shopify/InventoryItem/113' },
      },
    ],
  },
}

describe('products', () => {
  it('maps variants with options, barcodes, weights, HS codes and prices; a variant without SKU gets one by rule', () => {
    const r = productFromShopify(shirt, ctx)
    expect(r.error).toBeUndefined()
    expect(r.variants.map((v) => [v.sku, v.skuSource])).toEqual([
      ['SHIRT-BLU-M', 'remote'],
      ['SHIRT-BLU-L', 'remote'],
      ['SHOPIFY-13', 'variant-id'],
    ])
    expect(r.product).toEqual({
      handle: 'linen-shirt',
      title: { 'en-US': 'Linen shirt' },
      description: { 'en-US': '<p>Cool</p>' },
      vendor: 'Acme',
      productType: 'Shirts',
      status: 'active',
      variants: [
        {
          sku: 'SHIRT-BLU-M',
          barcode: { type: 'EAN', value: '4006381333931' },
          options: { Color: 'Blue', Size: 'M' },
          title: { 'en-US': 'Blue / M' },
          weight: { value: 220, unit: 'g' },
          hsCode: '620520',
          countryOfOrigin: 'PT',
          prices: [{ amount: 4950, currency: 'USD' }],
        },
        {
          sku: 'SHIRT-BLU-L',
          barcode: { type: 'UPC', value: '012345678905' },
          options: { Color: 'Blue', Size: 'L' },
          title: { 'en-US': 'Blue / L' },
          weight: { value: 0.5, unit: 'lb' },
          prices: [{ amount: 4950, currency: 'USD' }],
        },
        {
          sku: 'SHOPIFY-13',
          options: { Color: 'Sample', Size: 'S' },
          title: { 'en-US': 'Sample' },
          prices: [{ amount: 0, currency: 'USD' }],
        },
      ],
    })
    expect(r.bindings).toEqual([
      { entity: 'product', canonicalKey: 'linen-shirt', externalId: 'gid://shopify/Product/1' },
      {
        entity: 'variant',
        canonicalKey: 'SHIRT-BLU-M',
        externalId: 'gid://shopify/ProductVariant/11',
        externalSku: 'SHIRT-BLU-M',
        scope: 'gid://shopify/InventoryItem/111',
        skuSource: 'remote',
      },
      {
        entity: 'variant',
        canonicalKey: 'SHIRT-BLU-L',
        externalId: 'gid://shopify/ProductVariant/12',
        externalSku: 'SHIRT-BLU-L',
        scope: 'gid://shopify/InventoryItem/112',
        skuSource: 'remote',
      },
      {
        entity: 'variant',
        canonicalKey: 'SHOPIFY-13',
        externalId: 'gid://shopify/ProductVariant/13',
        scope: 'gid://shopify/InventoryItem/113',
        skuSource: 'variant-id',
      },
    ])
  })

  it.each([
    ['ACTIVE', 'active'],
    ['DRAFT', 'draft'],
    ['ARCHIVED', 'archived'],
    ['UNLISTED', 'active'],
  ] as const)('status %s → %s', (from, to) => {
    expect(productFromShopify({ ...shirt, status: from }, ctx).product!.status).toBe(to)
  })

  it('a default-title product has no options; a product without variants is an error naming the field', () => {
    const single: GqlProduct = {
      ...shirt,
      variants: [
        {
          id: 'v',
          title: 'Default Title',
          sku: 'MUG',
          selectedOptions: [{ name: 'Title', value: 'Default Title' }],
          inventoryItem: { id: 'i' },
        },
      ],
    }
    expect(productFromShopify(single, ctx).product!.variants).toEqual([{ sku: 'MUG' }])
    const none = productFromShopify({ ...shirt, variants: [] }, ctx)
    expect(none.error).toMatchObject({ code: 'MAPPING_FIELD_MISSING', field: '/variants' })
  })

  it.each([
    ['4006381333931', 'EAN'],
    ['96385074', 'EAN'],
    ['012345678905', 'UPC'],
    ['10012345678902', 'GTIN'],
    ['ABC-123', 'OTHER'],
    ['x', undefined],
    ['', undefined],
  ])('barcode %s → %s', (value, type) => {
    expect(barcodeOf(value)?.type).toBe(type)
  })

  it('a products/update REST body maps like the GraphQL node', () => {
    const rest = {
      id: 1,
      admin_graphql_api_id: 'gid://shopify/Product/1',
      title: 'Linen shirt',
      handle: 'linen-shirt',
      status: 'active',
      vendor: 'Acme',
      product_type: 'Shirts',
      body_html: '<p>Cool</p>',
      options: [
        { name: 'Color', position: 1 },
        { name: 'Size', position: 2 },
      ],
      variants: [
        {
          id: 11,
          title: 'Blue / M',
          sku: 'SHIRT-BLU-M',
          barcode: '4006381333931',
          price: '49.50',
          option1: 'Blue',
          option2: 'M',
          inventory_item_id: 111,
          weight: 220,
          weight_unit: 'g',
        },
      ],
    }
    const fromRest = productFromShopify(productFromRest(rest), ctx).product!
    expect(fromRest.variants[0]).toEqual({
      sku: 'SHIRT-BLU-M',
      barcode: { type: 'EAN', value: '4006381333931' },
      options: { Color: 'Blue', Size: 'M' },
      title: { 'en-US': 'Blue / M' },
      weight: { value: 220, unit: 'g' },
      prices: [{ amount: 4950, currency: 'USD' }],
    })
    expect(fromRest.status).toBe('active')
  })
})

describe('canonical product → productSet', () => {
  const canonical: Product = {
    handle: 'linen-shirt',
    title: { 'en-US': 'Linen shirt', 'de-DE': 'Leinenhemd' },
    status: 'draft',
    vendor: 'Acme',
    variants: [
      {
        sku: 'SHIRT-BLU-M',
        options: { Color: 'Blue', Size: 'M' },
        barcode: { type: 'EAN', value: '4006381333931' },
        prices: [
          { amount: 4950, currency: 'USD' },
          { amount: 4500, currency: 'EUR' },
        ],
        weight: { value: 0.22, unit: 'kg' },
        hsCode: '620520',
        countryOfOrigin: 'PT',
      },
      { sku: 'SHIRT-RED-M', options: { Color: 'Red', Size: 'M' } },
    ],
  }

  it('creates by handle with product options and one option value per variant', () => {
    const v = productSetInput(canonical, ctx, [])
    expect(v.identifier).toEqual({ handle: 'linen-shirt' })
    expect(v.input).toMatchObject({
      title: 'Linen shirt',
      handle: 'linen-shirt',
      status: 'DRAFT',
      vendor: 'Acme',
      productOptions: [
        { name: 'Color', values: [{ name: 'Blue' }, { name: 'Red' }] },
        { name: 'Size', values: [{ name: 'M' }] },
      ],
    })
    expect((v.input.variants as unknown[])[0]).toEqual({
      optionValues: [
        { optionName: 'Color', name: 'Blue' },
        { optionName: 'Size', name: 'M' },
      ],
      sku: 'SHIRT-BLU-M',
      barcode: '4006381333931',
      price: '49.50',
      inventoryItem: {
        tracked: true,
        harmonizedSystemCode: '620520',
        countryCodeOfOrigin: 'PT',
        measurement: { weight: { value: 0.22, unit: 'KILOGRAMS' } },
      },
    })
    expect((v.input.variants as { price?: string }[])[1]!.price).toBeUndefined()
  })

  it('updates a bound product by id and keeps its variants by id', () => {
    const v = productSetInput(canonical, ctx, [
      { entity: 'product', canonicalKey: 'linen-shirt', externalId: 'gid://shopify/Product/1' },
      { entity: 'variant', canonicalKey: 'SHIRT-RED-M', externalId: 'gid://shopify/ProductVariant/12' },
    ])
    expect(v.identifier).toEqual({ id: 'gid://shopify/Product/1' })
    expect((v.input.variants as { id?: string }[]).map((x) => x.id)).toEqual([
      undefined,
      'gid://shopify/ProductVariant/12',
    ])
  })

  it('a product without options gets Shopify’s Title / Default Title option', () => {
    const v = productSetInput({ ...canonical, variants: [{ sku: 'MUG' }] }, ctx, [])
    expect(v.input.productOptions).toEqual([{ name: 'Title', values: [{ name: 'Default Title' }] }])
    expect((v.input.variants as { optionValues: unknown }[])[0]!.optionValues).toEqual([
      { optionName: 'Title', name: 'Default Title' },
    ])
  })
})

function line(
  id: string,
  sku: string | null,
  qty: number,
  current: number,
  unit: GqlMoneyBag,
  extra: Partial<GqlLineItem> = {},
): GqlLineItem {
  return {
    id,
    sku,
    title: `Item ${id}`,
    quantity: qty,
    currentQuantity: current,
    requiresShipping: true,
    originalUnitPriceSet: unit,
    totalDiscountSet: bag('0.0'),
    taxLines: [],
    ...extra,
  }
}

const eurOrder: GqlOrder = {
  id: 'gid://shopify/Order/9001',
  name: '#1001',
  email: 'anna@example.com',
  createdAt: '2026-07-01T10:00:00Z',
  processedAt: '2026-07-01T10:00:00Z',
  updatedAt: '2026-07-01T10:05:00Z',
  cancelledAt: null,
  displayFinancialStatus: 'PAID',
  displayFulfillmentStatus: 'UNFULFILLED',
  currencyCode: 'USD',
  presentmentCurrencyCode: 'EUR',
  subtotalPriceSet: bag('40.0', ['36.8', 'EUR']),
  totalShippingPriceSet: bag('5.0', ['4.6', 'EUR']),
  totalTaxSet: bag('7.6', ['6.99', 'EUR']),
  totalDiscountsSet: bag('0.0', ['0.0', 'EUR']),
  totalPriceSet: bag('52.6', ['48.39', 'EUR']),
  totalRefundedSet: bag('0.0', ['0.0', 'EUR']),
  customer: { displayName: 'Anna Berg' },
  shippingAddress: {
    firstName: 'Anna',
    lastName: 'Berg',
    address1: 'Unter den Linden 1',
    city: 'Berlin',
    provinceCode: 'BE',
    zip: '10117',
    countryCodeV2: 'DE',
    phone: '+49301234',
  },
  lineItems: {
    nodes: [
      line('gid://shopify/LineItem/1', 'SHIRT-BLU-M', 2, 2, bag('20.0', ['18.4', 'EUR']), {
        taxLines: [{ priceSet: bag('7.6', ['6.99', 'EUR']) }],
      }),
    ],
  },
}

describe('orders', () => {
  it('an EUR order on a USD shop: USD totals, EUR presentment prices beside them, integer minor units', () => {
    const r = orderFromShopify(eurOrder, ctx)
    expect(r.error).toBeUndefined()
    expect(r.order).toEqual({
      connectionId: ctx.connectionId,
      externalId: 'gid://shopify/Order/9001',
      externalNumber: '#1001',
      channel: 'shopify',
      status: 'open',
      currency: 'USD',
      presentmentCurrency: 'EUR',
      lines: [
        {
          externalLineId: 'gid://shopify/LineItem/1',
          sku: 'SHIRT-BLU-M',
          title: 'Item gid://shopify/LineItem/1',
          quantity: 2,
          unitPrice: { amount: 2000, currency: 'USD' },
          tax: { amount: 760, currency: 'USD' },
          presentmentUnitPrice: { amount: 1840, currency: 'EUR' },
        },
      ],
      totals: {
        subtotal: { amount: 4000, currency: 'USD' },
        shipping: { amount: 500, currency: 'USD' },
        tax: { amount: 760, currency: 'USD' },
        discount: { amount: 0, currency: 'USD' },
        total: { amount: 5260, currency: 'USD' },
      },
      buyer: { name: 'Anna Berg', email: 'anna@example.com' },
      shippingAddress: {
        country: 'DE',
        name: 'Anna Berg',
        line1: 'Unter den Linden 1',
        city: 'Berlin',
        region: 'BE',
        postalCode: '10117',
        phone: '+49301234',
      },
      placedAt: '2026-07-01T10:00:00.000Z',
      updatedAt: '2026-07-01T10:05:00.000Z',
    })
    expect(r.bindings).toEqual([
      { entity: 'order', canonicalKey: 'gid://shopify/Order/9001', externalId: 'gid://shopify/Order/9001' },
    ])
  })

  it('a JPY shop reads unpadded decimals as yen', () => {
    const yen = (a: string): GqlMoneyBag => ({ shopMoney: { amount: a, currencyCode: 'JPY' } })
    const o: GqlOrder = {
      ...eurOrder,
      currencyCode: 'JPY',
      presentmentCurrencyCode: 'JPY',
      subtotalPriceSet: yen('2400.0'),
      totalShippingPriceSet: yen('0.0'),
      totalTaxSet: yen('240.0'),
      totalDiscountsSet: yen('0.0'),
      totalPriceSet: yen('2640.0'),
      totalRefundedSet: yen('0.0'),
      lineItems: [line('l1', 'MUG', 2, 2, yen('1200.0'))],
    }
    const r = orderFromShopify(o, { ...ctx, shopCurrency: 'JPY' })
    expect(r.order!.lines[0]!.unitPrice).toEqual({ amount: 1200, currency: 'JPY' })
    expect(r.order!.totals.total).toEqual({ amount: 2640, currency: 'JPY' })
    expect(r.order!.presentmentCurrency).toBeUndefined()
  })

  it('a partial refund: the line keeps what is still owed and totals say what went back', () => {
    const o: GqlOrder = {
      ...eurOrder,
      displayFinancialStatus: 'PARTIALLY_REFUNDED',
      totalRefundedSet: bag('23.8', ['21.9', 'EUR']),
      lineItems: [line('l1', 'SHIRT-BLU-M', 2, 1, bag('20.0', ['18.4', 'EUR']))],
    }
    const r = orderFromShopify(o, ctx).order!
    expect(r.lines[0]!.quantity).toBe(1)
    expect(r.totals.refunded).toEqual({ amount: 2380, currency: 'USD' })
    expect(r.totals.total).toEqual({ amount: 5260, currency: 'USD' })
    expect(r.status).toBe('open')
  })

  it('a cancelled order is cancelled, with its cancellation time in UTC', () => {
    const r = orderFromShopify(
      {
        ...eurOrder,
        cancelledAt: '2026-07-02T09:00:00-04:00',
        displayFinancialStatus: 'REFUNDED',
        lineItems: [line('l1', 'SHIRT-BLU-M', 2, 0, bag('20.0'))],
      },
      ctx,
    ).order!
    expect(r.status).toBe('cancelled')
    expect(r.cancelledAt).toBe('2026-07-02T13:00:00.000Z')
    expect(r.lines[0]!.quantity).toBe(0)
  })

  it.each([
    // cancelledAt, financial, fulfillment, units left → status
    [null, 'PAID', 'UNFULFILLED', 2, 'open'],
    [null, 'AUTHORIZED', 'UNFULFILLED', 2, 'open'],
    [null, 'PENDING', 'UNFULFILLED', 2, 'pending'],
    [null, 'PARTIALLY_PAID', 'UNFULFILLED', 2, 'open'],
    [null, 'PAID', 'PARTIALLY_FULFILLED', 1, 'partially_shipped'],
    [null, 'PAID', 'FULFILLED', 2, 'shipped'],
    [null, 'PAID', 'ON_HOLD', 2, 'on_hold'],
    [null, 'PARTIALLY_REFUNDED', 'UNFULFILLED', 1, 'open'],
    [null, 'REFUNDED', 'UNFULFILLED', 0, 'cancelled'],
    [null, 'VOIDED', 'UNFULFILLED', 2, 'cancelled'],
    [null, 'EXPIRED', 'UNFULFILLED', 2, 'cancelled'],
    ['2026-07-02T00:00:00Z', 'PAID', 'FULFILLED', 2, 'cancelled'],
  ] as const)('cancelled=%s %s %s (%i left) → %s', (cancelledAt, fin, ful, left, status) => {
    expect(orderStatus({ cancelledAt, displayFinancialStatus: fin, displayFulfillmentStatus: ful }, left)).toBe(status)
  })

  it('a shippable line without SKU refuses the order naming the line; a tip without SKU is skipped', () => {
    const bad = orderFromShopify({ ...eurOrder, lineItems: [line('l1', null, 1, 1, bag('1.0'))] }, ctx)
    expect(bad.error).toMatchObject({ code: 'MAPPING_FIELD_MISSING', field: '/lines/0/sku' })
    const tip = orderFromShopify(
      {
        ...eurOrder,
        lineItems: [
          line('l1', 'SHIRT-BLU-M', 1, 1, bag('20.0')),
          line('l2', null, 1, 1, bag('2.0'), { requiresShipping: false }),
        ],
      },
      ctx,
    )
    expect(tip.order!.lines.map((l) => l.sku)).toEqual(['SHIRT-BLU-M'])
  })

  it('an orders/updated REST body maps like the GraphQL node (refunded = total − current total)', () => {
    const set = (usd: string, eur: string) => ({
      shop_money: { amount: usd, currency_code: 'USD' },
      presentment_money: { amount: eur, currency_code: 'EUR' },
    })
    const rest: RestOrder = {
      id: 9001,
      admin_graphql_api_id: 'gid://shopify/Order/9001',
      name: '#1001',
      email: 'anna@example.com',
      created_at: '2026-07-01T06:00:00-04:00',
      processed_at: '2026-07-01T06:00:00-04:00',
      updated_at: '2026-07-01T06:05:00-04:00',
      cancelled_at: null,
      financial_status: 'partially_refunded',
      fulfillment_status: null,
      currency: 'USD',
      presentment_currency: 'EUR',
      subtotal_price_set: set('40.00', '36.80'),
      total_shipping_price_set: set('5.00', '4.60'),
      total_tax_set: set('7.60', '6.99'),
      total_discounts_set: set('0.00', '0.00'),
      total_price_set: set('52.60', '48.39'),
      current_total_price_set: set('28.80', '26.49'),
      customer: { first_name: 'Anna', last_name: 'Berg' },
      shipping_address: {
        first_name: 'Anna',
        last_name: 'Berg',
        name: 'Anna Berg',
        address1: 'Unter den Linden 1',
        city: 'Berlin',
        province_code: 'BE',
        zip: '10117',
        country_code: 'DE',
        phone: '+49301234',
      },
      line_items: [
        {
          id: 1,
          admin_graphql_api_id: 'gid://shopify/LineItem/1',
          sku: 'SHIRT-BLU-M',
          title: 'Item gid://shopify/LineItem/1',
          quantity: 2,
          requires_shipping: true,
          price_set: set('20.00', '18.40'),
          total_discount_set: set('0.00', '0.00'),
          tax_lines: [{ price_set: set('7.60', '6.99') }],
        },
      ],
      refunds: [{ refund_line_items: [{ line_item_id: 1, quantity: 1 }] }],
    }
    const fromRest = orderFromShopify(orderFromRest(rest), ctx).order!
    const fromGql = orderFromShopify(
      {
        ...eurOrder,
        displayFinancialStatus: 'PARTIALLY_REFUNDED',
        totalRefundedSet: bag('23.8', ['21.9', 'EUR']),
        lineItems: [
          line('gid://shopify/LineItem/1', 'SHIRT-BLU-M', 2, 1, bag('20.0', ['18.4', 'EUR']), {
            taxLines: [{ priceSet: bag('7.6', ['6.99', 'EUR']) }],
          }),
        ],
      },
      ctx,
    ).order!
    expect(fromRest).toEqual(fromGql)
  })
})

describe('fulfillments, levels, locations', () => {
  it('a fulfillments/create body becomes a shipment: every tracking number, lines summed per SKU, order named', () => {
    const f = fulfillmentFromRest({
      id: 77,
      order_id: 9001,
      status: 'success',
      created_at: '2026-07-03T10:00:00-04:00',
      tracking_company: 'DHL Express',
      tracking_numbers: ['JD014600003SE', 'JD014600004SE'],
      tracking_urls: ['https://dhl.example/JD014600003SE'],
      line_items: [
        { id: 1, sku: 'SHIRT-BLU-M', quantity: 1 },
        { id: 2, sku: 'SHIRT-BLU-M', quantity: 2 },
        { id: 3, sku: 'MUG', quantity: 1 },
      ],
    })
    const r = shipmentFromShopify(f)
    expect(r.orderExternalId).toBe('gid://shopify/Order/9001')
    expect(r.shipment).toEqual({
      externalId: 'gid://shopify/Fulfillment/77',
      carrier: 'DHL Express',
      trackingNumber: 'JD014600003SE',
      trackingUrl: 'https://dhl.example/JD014600003SE',
      tracking: [
        { number: 'JD014600003SE', carrier: 'DHL Express', url: 'https://dhl.example/JD014600003SE' },
        { number: 'JD014600004SE', carrier: 'DHL Express' },
      ],
      shippedAt: '2026-07-03T14:00:00.000Z',
      lines: [
        { sku: 'SHIRT-BLU-M', quantity: 3 },
        { sku: 'MUG', quantity: 1 },
      ],
    })
    expect(shipmentFromShopify({ ...f, trackingInfo: [] }).error).toMatchObject({
      code: 'MAPPING_FIELD_MISSING',
      field: '/trackingNumber',
    })
  })

  it('a level: on hand, committed as reserved, available; the location code by default and by setting', () => {
    const level = {
      id: 'gid://shopify/InventoryLevel/5?inventory_item_id=111',
      updatedAt: '2026-07-01T00:00:00Z',
      item: { id: 'gid://shopify/InventoryItem/111', sku: 'SHIRT-BLU-M' },
      location: { id: 'gid://shopify/Location/42' },
      quantities: [
        { name: 'available', quantity: 7 },
        { name: 'on_hand', quantity: 10 },
        { name: 'committed', quantity: 3 },
      ],
    }
    expect(inventoryLevelFromShopify(level, ctx).level).toEqual({
      sku: 'SHIRT-BLU-M',
      locationCode: 'SHOPIFY-42',
      onHand: 10,
      reserved: 3,
      available: 7,
      externalItemId: 'gid://shopify/InventoryItem/111',
      asOf: '2026-07-01T00:00:00.000Z',
    })
    expect(
      inventoryLevelFromShopify(level, { ...ctx, locationCodes: { 'gid://shopify/Location/42': 'US-EAST' } }).level!
        .locationCode,
    ).toBe('US-EAST')
  })

  it('an inventory_levels/update body: the item id comes from admin_graphql_api_id, exact beyond 2^53', () => {
    expect(
      levelRefFromRest({
        inventory_item_id: 271878346596884000,
        location_id: 53716844710,
        available: null,
        admin_graphql_api_id: 'gid://shopify/InventoryLevel/87892394150?inventory_item_id=271878346596884015',
      }),
    ).toEqual({
      inventoryItemId: 'gid://shopify/InventoryItem/271878346596884015',
      locationId: 'gid://shopify/Location/53716844710',
      available: null,
    })
  })

  it('a location needs a country', () => {
    expect(
      locationFromShopify({ id: 'gid://shopify/Location/1', name: 'Main', address: { countryCode: 'US' } }, ctx)
        .location,
    ).toEqual({ code: 'SHOPIFY-1', name: 'Main', type: 'store', country: 'US', timeZone: 'America/New_York' })
    expect(locationFromShopify({ id: 'gid://shopify/Location/1', name: 'Main', address: {} }, ctx).error).toMatchObject(
      { field: '/country' },
    )
  })
})
