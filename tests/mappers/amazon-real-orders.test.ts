// Amazon orders as real accounts return them: the ship-by date from either model lands on the
// order; a merchant-fulfilled order whose buyer name and street Amazon withheld (v0 without a
// restricted data token, or no restricted role) maps but says which fields are missing; the v0
// and 2026-01-01 mappings agree on the order and on what is missing. Listings whose seller SKU
// differs from the canonical one bind by an explicit alias, or are suggested by barcode or ASIN.
import { describe, expect, it } from 'vitest'
import {
  gtinKey,
  mapOrder2026,
  mapOrderV0,
  matchListing,
  type CatalogIndex,
  type Order2026,
  type OrderItemV0,
  type OrderMapContext,
  type OrderV0,
} from '../../src/mappers/amazon/index.ts'

const ctx: OrderMapContext = {
  connectionId: '6b0a3d1e-2f4c-4e8a-9a51-0c3f3b1d2e77',
  marketplace: (id) => (id === 'ATVPDKIKX0DER' ? { id, currency: 'USD', timeZone: 'America/Los_Angeles' } : undefined),
}

interface Case {
  status: [v0: string, v2026: string]
  afn?: boolean
  pii: 'full' | 'withheld' | 'none'
  shipBy?: string
}

/** The same order in both models. `withheld` is what Amazon returns without RDT / role: city, state, zip, country. */
function pair(c: Case): { v0: [OrderV0, OrderItemV0[]]; v2026: Order2026 } {
  const full = c.pii === 'full'
  const address =
    c.pii === 'none' ? undefined : { city: 'Seattle', stateOrRegion: 'WA', postalCode: '98101', countryCode: 'US' }
  const v2026: Order2026 = {
    orderId: '113-5555555-0000001',
    createdTime: '2026-03-01T10:00:00Z',
    lastUpdatedTime: '2026-03-01T11:00:00Z',
    salesChannel: { channelName: 'AMAZON', marketplaceId: 'ATVPDKIKX0DER' },
    fulfillment: {
      fulfillmentStatus: c.status[1],
      fulfilledBy: c.afn ? 'AMAZON' : 'MERCHANT',
      ...(c.shipBy ? { shipByWindow: { earliestDateTime: '2026-03-01T10:00:00Z', latestDateTime: c.shipBy } } : {}),
    },
    ...(full ? { buyer: { buyerName: 'Jane Roe', buyerEmail: 'j@marketplace.amazon.com' } } : {}),
    ...(address
      ? {
          recipient: {
            deliveryAddress: { ...address, ...(full ? { name: 'Jane Roe', addressLine1: '1 Pike St' } : {}) },
          },
        }
      : {}),
    proceeds: { grandTotal: { amount: '8.00', currencyCode: 'USD' } },
    orderItems: [
      {
        orderItemId: '00000000000001',
        quantityOrdered: 1,
        product: {
          asin: 'B000000001',
          sellerSku: 'MUG',
          price: { unitPrice: { amount: '8.00', currencyCode: 'USD' } },
        },
        proceeds: { breakdowns: [{ type: 'ITEM', subtotal: { amount: '8.00', currencyCode: 'USD' } }] },
      },
    ],
  }
  const v0: OrderV0 = {
    AmazonOrderId: v2026.orderId,
    PurchaseDate: v2026.createdTime,
    LastUpdateDate: v2026.lastUpdatedTime,
    OrderStatus: c.status[0],
    FulfillmentChannel: c.afn ? 'AFN' : 'MFN',
    MarketplaceId: 'ATVPDKIKX0DER',
    OrderTotal: { Amount: '8.00', CurrencyCode: 'USD' },
    ...(c.shipBy ? { EarliestShipDate: '2026-03-01T10:00:00Z', LatestShipDate: c.shipBy } : {}),
    ...(full ? { BuyerInfo: { BuyerName: 'Jane Roe', BuyerEmail: 'j@marketplace.amazon.com' } } : {}),
    ...(address
      ? {
          ShippingAddress: {
            City: address.city,
            StateOrRegion: address.stateOrRegion,
            PostalCode: address.postalCode,
            CountryCode: address.countryCode,
            ...(full ? { Name: 'Jane Roe', AddressLine1: '1 Pike St' } : {}),
          },
        }
      : {}),
  }
  const items: OrderItemV0[] = [
    {
      ASIN: 'B000000001',
      OrderItemId: '00000000000001',
      QuantityOrdered: 1,
      SellerSKU: 'MUG',
      ItemPrice: { Amount: '8.00', CurrencyCode: 'USD' },
    },
  ]
  return { v0: [v0, items], v2026 }
}

const WITHHELD = ['buyer.name', 'shippingAddress.name', 'shippingAddress.line1']

describe('PII withheld, ship-by, and both models agreeing', () => {
  it.each([
    [
      'unshipped MFN with PII',
      { status: ['Unshipped', 'UNSHIPPED'], pii: 'full', shipBy: '2026-03-03T07:59:59Z' },
      undefined,
      '2026-03-03T07:59:59.000Z',
    ],
    [
      'unshipped MFN without RDT: name and street withheld',
      { status: ['Unshipped', 'UNSHIPPED'], pii: 'withheld', shipBy: '2026-03-03T07:59:59Z' },
      WITHHELD,
      '2026-03-03T07:59:59.000Z',
    ],
    [
      'partially shipped, withheld',
      { status: ['PartiallyShipped', 'PARTIALLY_SHIPPED'], pii: 'withheld' },
      WITHHELD,
      undefined,
    ],
    [
      'shipped with no address at all',
      { status: ['Shipped', 'SHIPPED'], pii: 'none' },
      ['buyer.name', 'shippingAddress'],
      undefined,
    ],
    [
      'pending: Amazon gives no address yet, nothing is missing',
      { status: ['Pending', 'PENDING'], pii: 'none' },
      undefined,
      undefined,
    ],
    [
      'cancelled: nothing to ship, nothing missing',
      { status: ['Canceled', 'CANCELLED'], pii: 'withheld' },
      undefined,
      undefined,
    ],
    [
      'FBA: Amazon ships it, no PII needed',
      { status: ['Unshipped', 'UNSHIPPED'], afn: true, pii: 'withheld' },
      undefined,
      undefined,
    ],
    [
      'a ship-by with an offset is UTC',
      { status: ['Unshipped', 'UNSHIPPED'], pii: 'full', shipBy: '2026-03-03T16:59:59+09:00' },
      undefined,
      '2026-03-03T07:59:59.000Z',
    ],
  ] as const)('%s', (_name, c, missing, shipBy) => {
    const { v0, v2026 } = pair(c as Case)
    const a = mapOrderV0(v0[0], v0[1], ctx)
    const b = mapOrder2026(v2026, ctx)
    expect(a.ok && b.ok).toBe(true)
    if (!a.ok || !b.ok) return
    expect(a.value).toEqual(b.value)
    expect(a.piiMissing).toEqual(missing)
    expect(b.piiMissing).toEqual(missing)
    expect(a.value.shipBy).toBe(shipBy)
    if (c.pii === 'withheld')
      expect(a.value.shippingAddress).toEqual({ city: 'Seattle', region: 'WA', postalCode: '98101', country: 'US' })
  })
})

describe('listings whose seller SKU is not the canonical SKU', () => {
  const catalog: CatalogIndex = {
    hasSku: (s) => ['MUG-BLUE', 'MUG-RED'].includes(s),
    skusByBarcode: (k) =>
      k === gtinKey('4006381333931') ? ['MUG-BLUE'] : k === gtinKey('012345678905') ? ['MUG-RED'] : [],
    skusByAsin: (a) => (a === 'B000000001' ? ['MUG-BLUE'] : []),
  }
  const aliases: Record<string, string> = { 'DE-MUG-BLUE': 'MUG-BLUE', 'OLD-1': 'MUG-GONE' }
  const alias = (s: string) => aliases[s]

  it.each([
    [
      'an explicit alias binds it',
      { sellerSku: 'DE-MUG-BLUE' },
      { status: 'bound', sku: 'MUG-BLUE', skuSource: 'alias' },
    ],
    [
      'a seller SKU that is a canonical SKU binds as it is',
      { sellerSku: 'MUG-RED' },
      { status: 'bound', sku: 'MUG-RED', skuSource: 'remote' },
    ],
    [
      'an alias to a SKU the catalog lacks is unmatched, saying so',
      { sellerSku: 'OLD-1' },
      { status: 'unmatched', reason: expect.stringContaining('MUG-GONE'), suggestions: [] },
    ],
    [
      'otherwise a barcode match is suggested (EAN-13 = GTIN-14 with a leading zero), never bound',
      { sellerSku: 'FBA-X1', barcodes: ['04006381333931'] },
      {
        status: 'unmatched',
        reason: expect.stringContaining('FBA-X1'),
        suggestions: [{ sku: 'MUG-BLUE', by: 'barcode' }],
      },
    ],
    [
      'a UPC-A and an ASIN: both suggestions, each once',
      { sellerSku: 'X2', barcodes: ['012345678905', 'not-a-gtin'], asin: 'B000000001' },
      {
        status: 'unmatched',
        reason: expect.any(String),
        suggestions: [
          { sku: 'MUG-RED', by: 'barcode' },
          { sku: 'MUG-BLUE', by: 'asin' },
        ],
      },
    ],
    ['nothing to suggest', { sellerSku: 'X3' }, { status: 'unmatched', reason: expect.any(String), suggestions: [] }],
  ])('%s', (_name, listing, want) => {
    expect(matchListing(listing, alias, catalog)).toEqual(want)
  })

  it.each([
    ['4006381333931', '04006381333931'],
    ['012345678905', '00012345678905'],
    ['96385074', '00000096385074'],
    ['ABC-123', undefined],
    ['123', undefined],
  ])('gtinKey(%s) = %s', (code, key) => {
    expect(gtinKey(code)).toBe(key)
  })
})
