// A refund of some units maps to refund lines (order line, units, restock type, money, time) so
// the engine releases what those units reserved: unitsStillReserved of a partially refunded order
// counts only the units still owed. REST (orders/updated, refunds/create) and GraphQL agree.
import { describe, expect, it } from 'vitest'
import {
  orderFromRest,
  orderFromShopify,
  refundFromShopifyWebhook,
  type GqlOrder,
  type MapContext,
  type RestOrder,
  type RestRefund,
} from '../../src/mappers/shopify/index.ts'
import { unitsStillReserved } from '../../src/model/index.ts'

const ctx: MapContext = { connectionId: '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b', shopCurrency: 'USD' }
const set = (a: string) => ({ shop_money: { amount: a, currency_code: 'USD' } })
const bag = (a: string) => ({ shopMoney: { amount: a, currencyCode: 'USD' } })

const cancelOne: RestRefund = {
  id: 509562969,
  order_id: 6010,
  created_at: '2026-07-02T06:00:00-04:00',
  processed_at: '2026-07-02T06:00:01-04:00',
  refund_line_items: [
    {
      id: 104689539,
      line_item_id: 1,
      quantity: 1,
      restock_type: 'cancel',
      location_id: 42,
      subtotal_set: set('10.00'),
      total_tax_set: set('0.80'),
    },
    { id: 104689540, line_item_id: 2, quantity: 0, restock_type: 'no_restock', subtotal: 0, total_tax: 0 },
  ],
}

const rest: RestOrder = {
  id: 6010,
  name: '#1010',
  created_at: '2026-07-01T06:00:00-04:00',
  updated_at: '2026-07-02T06:00:01-04:00',
  currency: 'USD',
  financial_status: 'partially_refunded',
  total_price_set: set('40.00'),
  current_total_price_set: set('29.20'),
  customer: { id: 207119551, email: 'anna@example.com', first_name: 'Anna' },
  line_items: [
    { id: 1, sku: 'MUG', quantity: 3, current_quantity: 2, price_set: set('10.00'), requires_shipping: true },
    { id: 2, sku: 'CUP', quantity: 1, current_quantity: 1, price_set: set('10.00'), requires_shipping: true },
  ],
  refunds: [cancelOne],
}

const wantRefund = {
  externalRefundId: 'gid://shopify/Refund/509562969',
  externalLineId: 'gid://shopify/LineItem/1',
  quantity: 1,
  restockType: 'cancel',
  amount: { amount: 1000, currency: 'USD' },
  tax: { amount: 80, currency: 'USD' },
  refundedAt: '2026-07-02T10:00:01.000Z',
  locationExternalId: 'gid://shopify/Location/42',
}

describe('refunds on an order', () => {
  it('a partial refund (1 of 3 cancelled): refund lines, the ordered quantity kept, the rest still reserved', () => {
    const o = orderFromShopify(orderFromRest(rest), ctx).order!
    expect(o.refunds).toEqual([wantRefund])
    expect(o.lines.map((l) => [l.quantity, l.orderedQuantity])).toEqual([
      [2, 3],
      [1, undefined],
    ])
    expect(unitsStillReserved(o).map((u) => [u.externalLineId, u.quantity])).toEqual([
      ['gid://shopify/LineItem/1', 2],
      ['gid://shopify/LineItem/2', 1],
    ])
  })

  it('GraphQL refunds map to the same lines as REST', () => {
    const fromRest = orderFromShopify(orderFromRest(rest), ctx).order!
    const gql: GqlOrder = {
      ...orderFromRest(rest),
      refunds: [
        {
          id: 'gid://shopify/Refund/509562969',
          createdAt: '2026-07-02T10:00:00Z',
          processedAt: '2026-07-02T10:00:01Z',
          refundLineItems: {
            nodes: [
              {
                quantity: 1,
                restockType: 'CANCEL',
                lineItem: { id: 'gid://shopify/LineItem/1' },
                location: { id: 'gid://shopify/Location/42' },
                subtotalSet: bag('10.0'),
                totalTaxSet: bag('0.8'),
              },
            ],
          },
        },
      ],
    }
    expect(orderFromShopify(gql, ctx).order!.refunds).toEqual(fromRest.refunds)
  })

  it('a returned unit (it had shipped) releases nothing; a cancelled one does', () => {
    const o = orderFromShopify(
      orderFromRest({
        ...rest,
        line_items: [{ ...rest.line_items[0]!, current_quantity: 1 }],
        refunds: [
          cancelOne,
          {
            id: 2,
            created_at: '2026-07-05T00:00:00Z',
            refund_line_items: [{ line_item_id: 1, quantity: 1, restock_type: 'return', subtotal: 10, total_tax: 0.8 }],
          },
        ],
      }),
      ctx,
    ).order!
    expect(o.refunds!.map((r) => [r.restockType, r.quantity, r.amount.amount, r.tax?.amount])).toEqual([
      ['cancel', 1, 1000, 80],
      ['return', 1, 1000, 80],
    ])
    // 3 ordered, 1 cancelled before shipping: 2 to hold (less what shipped, which the engine knows)
    expect(unitsStillReserved(o)[0]!.quantity).toBe(2)
  })

  it('the buyer carries the Shopify customer id, so customers/redact finds their orders by it', () => {
    const o = orderFromShopify(orderFromRest(rest), ctx).order!
    expect(o.buyer).toMatchObject({ email: 'anna@example.com', externalCustomerId: 'gid://shopify/Customer/207119551' })
  })
})

describe('a refunds/create webhook body', () => {
  it('names its order and carries its refund lines; plain REST numbers are read as money', () => {
    expect(refundFromShopifyWebhook(cancelOne, 'USD')).toEqual({
      orderExternalId: 'gid://shopify/Order/6010',
      refunds: [wantRefund],
    })
    const numbers = refundFromShopifyWebhook(
      {
        id: 3,
        order_id: 6010,
        created_at: '2026-07-02T10:00:00Z',
        refund_line_items: [
          { line_item_id: 1, quantity: 2, restock_type: 'no_restock', subtotal: 195.66, total_tax: 0 },
        ],
      },
      'USD',
    )
    expect(numbers.refunds).toEqual([
      {
        externalRefundId: 'gid://shopify/Refund/3',
        externalLineId: 'gid://shopify/LineItem/1',
        quantity: 2,
        restockType: 'no_restock',
        amount: { amount: 19566, currency: 'USD' },
        refundedAt: '2026-07-02T10:00:00.000Z',
      },
    ])
  })
})
