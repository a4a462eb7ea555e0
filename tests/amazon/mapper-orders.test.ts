// Table tests of the pure order mapper: both models, money in minor units (JPY exponent 0, EUR 2),
// statuses, FBA, absent PII, and the two models landing on the same canonical order.
import { describe, expect, it } from 'vitest'
import {
  mapOrder2026,
  mapOrderStatus,
  mapOrderV0,
  type Order2026,
  type OrderItemV0,
  type OrderMapContext,
  type OrderV0,
} from '../../src/mappers/amazon/index.ts'

const CONNECTION = '6b0a3d1e-2f4c-4e8a-9a51-0c3f3b1d2e77'
const MARKETS: Record<string, { id: string; currency: string; timeZone: string }> = {
  ATVPDKIKX0DER: { id: 'ATVPDKIKX0DER', currency: 'USD', timeZone: 'America/Los_Angeles' },
  A1PA6795UKMFR9: { id: 'A1PA6795UKMFR9', currency: 'EUR', timeZone: 'Europe/Berlin' },
  A1VC38T7YXB528: { id: 'A1VC38T7YXB528', currency: 'JPY', timeZone: 'Asia/Tokyo' },
}
const ctx: OrderMapContext = { connectionId: CONNECTION, marketplace: (id) => MARKETS[id] }

const m = (amount: string, currencyCode: string) => ({ amount, currencyCode })
const v = (Amount: string, CurrencyCode: string) => ({ Amount, CurrencyCode })

function order2026(
  marketplaceId: string,
  currency: string,
  over: Partial<Order2026> = {},
  item: { unit: string; qty: number; ship?: string; tax?: string; disc?: string } = { unit: '10.00', qty: 1 },
): Order2026 {
  const itemTotal = (Number(item.unit) * item.qty).toFixed(currency === 'JPY' ? 0 : 2)
  const b = [{ type: 'ITEM', subtotal: m(itemTotal, currency) }]
  if (item.ship) b.push({ type: 'SHIPPING', subtotal: m(item.ship, currency) })
  if (item.tax) b.push({ type: 'TAX', subtotal: m(item.tax, currency) })
  if (item.disc) b.push({ type: 'DISCOUNT', subtotal: m(`-${item.disc}`, currency) })
  return {
    orderId: '123-1234567-1234567',
    createdTime: '2026-03-01T10:00:00Z',
    lastUpdatedTime: '2026-03-01T11:00:00Z',
    salesChannel: { channelName: 'AMAZON', marketplaceId },
    fulfillment: {
      fulfillmentStatus: 'UNSHIPPED',
      fulfilledBy: 'MERCHANT',
      shipByWindow: { latestDateTime: '2026-03-03T10:00:00Z' },
    },
    orderItems: [
      {
        orderItemId: '11111111111111',
        quantityOrdered: item.qty,
        product: { asin: 'B000000001', sellerSku: 'SKU-1', title: 'Mug', price: { unitPrice: m(item.unit, currency) } },
        proceeds: { breakdowns: b },
      },
    ],
    ...over,
  }
}

describe('order statuses', () => {
  it.each([
    ['Pending', 'pending'],
    ['PENDING', 'pending'],
    ['PendingAvailability', 'pending'],
    ['PENDING_AVAILABILITY', 'pending'],
    ['Unshipped', 'open'],
    ['UNSHIPPED', 'open'],
    ['PartiallyShipped', 'partially_shipped'],
    ['PARTIALLY_SHIPPED', 'partially_shipped'],
    ['Shipped', 'shipped'],
    ['SHIPPED', 'shipped'],
    ['InvoiceUnconfirmed', 'shipped'],
    ['Canceled', 'cancelled'],
    ['CANCELLED', 'cancelled'],
    ['Unfulfillable', 'on_hold'],
    ['UNFULFILLABLE', 'on_hold'],
  ])('%s → %s', (amazon, canonical) => {
    expect(mapOrderStatus(amazon)).toBe(canonical)
  })
  it('an unknown status is refused, not guessed', () => {
    const r = mapOrder2026(order2026('ATVPDKIKX0DER', 'USD', { fulfillment: { fulfillmentStatus: 'TELEPORTED' } }), ctx)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error).toMatchObject({ code: 'MAPPING_INVALID', field: 'fulfillment.fulfillmentStatus' })
  })
})

describe('money in minor units', () => {
  it.each([
    // marketplace, currency, unit price, qty, shipping, tax, discount → unit, subtotal, total (minor units)
    ['A1VC38T7YXB528', 'JPY', '1500', 2, '500', '300', '100', 1500, 3000, 3700],
    ['A1VC38T7YXB528', 'JPY', '1980.00', 1, undefined, undefined, undefined, 1980, 1980, 1980],
    ['A1PA6795UKMFR9', 'EUR', '12.34', 3, '4.99', '7.03', '1.00', 1234, 3702, 4804],
    ['A1PA6795UKMFR9', 'EUR', '0.10', 1, undefined, undefined, undefined, 10, 10, 10],
    ['ATVPDKIKX0DER', 'USD', '19.99', 1, '5.00', '1.60', undefined, 1999, 1999, 2659],
  ] as const)('%s %s %s × %d', (mid, currency, unit, qty, ship, tax, disc, unitMinor, subtotal, total) => {
    const r = mapOrder2026(order2026(mid, currency, {}, { unit, qty, ship, tax, disc }), ctx)
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.value.currency).toBe(currency)
    expect(r.value.lines[0]!.unitPrice).toEqual({ amount: unitMinor, currency })
    expect(r.value.totals.subtotal).toEqual({ amount: subtotal, currency })
    expect(r.value.totals.total).toEqual({ amount: total, currency })
    for (const money of Object.values(r.value.totals)) expect(Number.isInteger(money.amount)).toBe(true)
  })

  it('a yen amount with a fraction is refused rather than rounded', () => {
    const r = mapOrder2026(order2026('A1VC38T7YXB528', 'JPY', {}, { unit: '1500.5', qty: 1 }), ctx)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error.field).toContain('unitPrice')
  })

  it("the grand total is Amazon's when given", () => {
    const r = mapOrder2026(order2026('A1PA6795UKMFR9', 'EUR', { proceeds: { grandTotal: m('20.00', 'EUR') } }), ctx)
    expect(r.ok && r.value.totals.total).toEqual({ amount: 2000, currency: 'EUR' })
  })
})

describe('order fields', () => {
  it('placedAt is UTC and the marketplace zone sits beside it', () => {
    const r = mapOrder2026(order2026('A1VC38T7YXB528', 'JPY', { createdTime: '2026-03-01T09:30:00+09:00' }), ctx)
    expect(r.ok && { at: r.value.placedAt, tz: r.value.placedTimeZone }).toEqual({
      at: '2026-03-01T00:30:00.000Z',
      tz: 'Asia/Tokyo',
    })
  })

  it('an FBA order is recorded fulfilled by the channel, order and lines', () => {
    const r = mapOrder2026(
      order2026('ATVPDKIKX0DER', 'USD', { fulfillment: { fulfillmentStatus: 'SHIPPED', fulfilledBy: 'AMAZON' } }),
      ctx,
    )
    expect(r.ok).toBe(true)
    if (r.ok) {
      expect(r.value.fulfilledByChannel).toBe(true)
      expect(r.value.lines.every((l) => l.fulfilledByChannel)).toBe(true)
      expect(r.value.status).toBe('shipped')
    }
  })

  it('without buyer or address (no restricted role) the order still maps', () => {
    const r = mapOrder2026(
      order2026('ATVPDKIKX0DER', 'USD', {
        recipient: { deliveryAddress: { city: 'Seattle', postalCode: '98101', countryCode: 'US' } },
      }),
      ctx,
    )
    expect(r.ok).toBe(true)
    if (r.ok) {
      expect(r.value.buyer).toBeUndefined()
      expect(r.value.shippingAddress).toEqual({ city: 'Seattle', postalCode: '98101', country: 'US' })
    }
  })

  it('an address without a country is left out, not invented', () => {
    const r = mapOrder2026(
      order2026('ATVPDKIKX0DER', 'USD', { recipient: { deliveryAddress: { city: 'Seattle' } } }),
      ctx,
    )
    expect(r.ok && r.value.shippingAddress).toBeUndefined()
  })

  it('a Pending order has no prices yet: zero in the marketplace currency, status pending', () => {
    const o = order2026('A1PA6795UKMFR9', 'EUR', { fulfillment: { fulfillmentStatus: 'PENDING' } })
    o.orderItems[0]!.product.price = undefined
    o.orderItems[0]!.proceeds = undefined
    const r = mapOrder2026(o, ctx)
    expect(r.ok).toBe(true)
    if (r.ok) {
      expect(r.value.status).toBe('pending')
      expect(r.value.lines[0]!.unitPrice).toEqual({ amount: 0, currency: 'EUR' })
      expect(r.value.totals.total).toEqual({ amount: 0, currency: 'EUR' })
    }
  })

  it('a marketplace the connection does not have is an error naming the field', () => {
    const r = mapOrder2026(order2026('A1F83G8C2ARO7P', 'GBP'), ctx)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error.field).toBe('salesChannel.marketplaceId')
  })

  it('a line in another currency than the order is refused', () => {
    const o = order2026('A1PA6795UKMFR9', 'EUR', { proceeds: { grandTotal: m('10.00', 'EUR') } })
    o.orderItems[0]!.product.price = { unitPrice: m('10.00', 'USD') }
    const r = mapOrder2026(o, ctx)
    expect(r.ok).toBe(false)
  })
})

describe('v0 and 2026 agree', () => {
  const cases = [
    {
      name: 'EUR with tax, shipping and discounts',
      mid: 'A1PA6795UKMFR9',
      c: 'EUR',
      unit: '12.34',
      qty: 3,
      ship: '4.99',
      itemTax: '6.00',
      shipTax: '1.03',
      promo: '1.00',
      shipDisc: '0.50',
      status: ['Unshipped', 'UNSHIPPED'],
      afn: false,
    },
    {
      name: 'JPY FBA shipped',
      mid: 'A1VC38T7YXB528',
      c: 'JPY',
      unit: '1500',
      qty: 2,
      ship: '0',
      itemTax: '0',
      shipTax: '0',
      promo: '0',
      shipDisc: '0',
      status: ['Shipped', 'SHIPPED'],
      afn: true,
    },
  ]
  it.each(cases)('$name', (t) => {
    const n = (s: string) => Number(s)
    const f = t.c === 'JPY' ? 0 : 2
    const fix = (x: number) => x.toFixed(f)
    const item = fix(n(t.unit) * t.qty)
    const tax = fix(n(t.itemTax) + n(t.shipTax))
    const disc = fix(n(t.promo) + n(t.shipDisc))
    const total = fix(n(item) + n(t.ship) + n(tax) - n(disc))
    const address = {
      name: 'Erika Muster',
      addressLine1: 'Hauptstr. 1',
      city: 'Berlin',
      postalCode: '10115',
      countryCode: 'DE',
    }
    const o26: Order2026 = {
      orderId: '302-1234567-7654321',
      createdTime: '2026-05-02T08:00:00Z',
      lastUpdatedTime: '2026-05-02T09:00:00Z',
      salesChannel: { channelName: 'AMAZON', marketplaceId: t.mid },
      buyer: { buyerName: 'Erika Muster', buyerEmail: 'x@marketplace.amazon.de' },
      recipient: { deliveryAddress: address },
      proceeds: { grandTotal: m(total, t.c) },
      fulfillment: {
        fulfillmentStatus: t.status[1]!,
        fulfilledBy: t.afn ? 'AMAZON' : 'MERCHANT',
        shipByWindow: { latestDateTime: '2026-05-04T08:00:00Z' },
      },
      orderItems: [
        {
          orderItemId: '22222222222222',
          quantityOrdered: t.qty,
          product: { asin: 'B0000002', sellerSku: 'SKU-2', title: 'Kanne', price: { unitPrice: m(t.unit, t.c) } },
          proceeds: {
            breakdowns: [
              { type: 'ITEM', subtotal: m(item, t.c) },
              { type: 'SHIPPING', subtotal: m(t.ship, t.c) },
              { type: 'TAX', subtotal: m(tax, t.c) },
              { type: 'DISCOUNT', subtotal: m(`-${disc}`, t.c) },
            ],
          },
        },
      ],
    }
    const oV0: OrderV0 = {
      AmazonOrderId: o26.orderId,
      PurchaseDate: o26.createdTime,
      LastUpdateDate: o26.lastUpdatedTime,
      OrderStatus: t.status[0]!,
      FulfillmentChannel: t.afn ? 'AFN' : 'MFN',
      MarketplaceId: t.mid,
      OrderTotal: v(total, t.c),
      LatestShipDate: '2026-05-04T08:00:00Z',
      BuyerInfo: { BuyerName: 'Erika Muster', BuyerEmail: 'x@marketplace.amazon.de' },
      ShippingAddress: {
        Name: address.name,
        AddressLine1: address.addressLine1,
        City: address.city,
        PostalCode: address.postalCode,
        CountryCode: 'DE',
      },
    }
    const items: OrderItemV0[] = [
      {
        ASIN: 'B0000002',
        OrderItemId: '22222222222222',
        QuantityOrdered: t.qty,
        SellerSKU: 'SKU-2',
        Title: 'Kanne',
        ItemPrice: v(item, t.c),
        ShippingPrice: v(t.ship, t.c),
        ItemTax: v(t.itemTax, t.c),
        ShippingTax: v(t.shipTax, t.c),
        PromotionDiscount: v(t.promo, t.c),
        ShippingDiscount: v(t.shipDisc, t.c),
      },
    ]
    const a = mapOrder2026(o26, ctx)
    const b = mapOrderV0(oV0, items, ctx)
    expect(a.ok && b.ok).toBe(true)
    if (a.ok && b.ok) expect(b.value).toEqual(a.value)
  })

  it('v0 derives the unit price from ItemPrice (unit × quantity)', () => {
    const r = mapOrderV0(
      {
        AmazonOrderId: '1',
        PurchaseDate: '2026-01-01T00:00:00Z',
        LastUpdateDate: '2026-01-01T00:00:00Z',
        OrderStatus: 'Unshipped',
        MarketplaceId: 'ATVPDKIKX0DER',
      },
      [{ ASIN: 'B', OrderItemId: '9', QuantityOrdered: 4, SellerSKU: 'S', ItemPrice: v('39.96', 'USD') }],
      ctx,
    )
    expect(r.ok && r.value.lines[0]!.unitPrice).toEqual({ amount: 999, currency: 'USD' })
    expect(r.ok && r.value.totals.subtotal).toEqual({ amount: 3996, currency: 'USD' })
  })
})
