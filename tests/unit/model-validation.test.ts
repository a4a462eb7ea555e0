import { describe, expect, it } from 'vitest'
import {
  assertValid,
  check,
  LocationSchema,
  OrderSchema,
  ProductSchema,
  ValidationError,
} from '../../src/model/index.ts'

const goodProduct = {
  handle: 'ceramic-mug',
  title: { 'en-US': 'Ceramic mug', 'ja-JP': 'セラミックマグ' },
  status: 'active',
  variants: [
    {
      sku: 'MUG-BLUE',
      barcode: { type: 'EAN', value: '4006381333931' },
      hsCode: '691200',
      countryOfOrigin: 'PT',
      weight: { value: 350, unit: 'g' },
      dimensions: { length: 12, width: 9, height: 10, unit: 'cm' },
      prices: [
        { amount: 1500, currency: 'USD' },
        { amount: 2200, currency: 'JPY' },
      ],
      options: { Color: 'Blue' },
    },
  ],
}

const goodOrder = {
  connectionId: '3f0c5a52-6f1e-4a57-9f1e-6c2b8d8f3a10',
  externalId: 'gid://shopify/Order/1001',
  channel: 'shopify',
  status: 'open',
  currency: 'USD',
  lines: [{ externalLineId: '1', sku: 'MUG-BLUE', quantity: 2, unitPrice: { amount: 1500, currency: 'USD' } }],
  totals: {
    subtotal: { amount: 3000, currency: 'USD' },
    shipping: { amount: 500, currency: 'USD' },
    tax: { amount: 0, currency: 'USD' },
    discount: { amount: 0, currency: 'USD' },
    total: { amount: 3500, currency: 'USD' },
  },
  shippingAddress: {
    name: 'A Buyer',
    line1: '1 Main St',
    city: 'Austin',
    region: 'TX',
    postalCode: '78701',
    country: 'US',
  },
  placedAt: '2026-11-24T15:00:00.000Z',
  placedTimeZone: 'America/Chicago',
}

describe('canonical model validation', () => {
  it('accepts good records', () => {
    expect(check(ProductSchema, goodProduct).ok).toBe(true)
    expect(check(OrderSchema, goodOrder).ok).toBe(true)
    expect(
      check(LocationSchema, {
        code: 'US-EAST',
        name: 'NJ',
        type: 'warehouse',
        country: 'US',
        timeZone: 'America/New_York',
      }).ok,
    ).toBe(true)
  })

  it.each([
    ['a float quantity', { ...goodOrder, lines: [{ ...goodOrder.lines[0], quantity: 1.5 }] }, '/lines/0/quantity'],
    [
      'a float amount',
      { ...goodOrder, totals: { ...goodOrder.totals, total: { amount: 35.5, currency: 'USD' } } },
      '/totals/total/amount',
    ],
    ['a lower-case currency', { ...goodOrder, currency: 'usd' }, '/currency'],
    ['an unknown currency', { ...goodOrder, currency: 'ABC' }, '/currency'],
    ['a naive placedAt', { ...goodOrder, placedAt: '2026-11-24 15:00' }, '/placedAt'],
    ['an unknown time zone', { ...goodOrder, placedTimeZone: 'Mars/Olympus' }, '/placedTimeZone'],
    ['no lines', { ...goodOrder, lines: [] }, '/lines'],
    [
      'a bad country',
      { ...goodOrder, shippingAddress: { ...goodOrder.shippingAddress, country: 'USA' } },
      '/shippingAddress/country',
    ],
  ])('names the field for %s', (_what, value, field) => {
    const r = check(OrderSchema, value)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.errors.map((e) => e.field)).toContain(field)
  })

  it('names nested product fields', () => {
    const bad = {
      ...goodProduct,
      variants: [{ ...goodProduct.variants[0], hsCode: '69', weight: { value: 1, unit: 'stone' } }],
    }
    const r = check(ProductSchema, bad)
    expect(r.ok).toBe(false)
    if (!r.ok) {
      const fields = r.errors.map((e) => e.field)
      expect(fields).toContain('/variants/0/hsCode')
      expect(fields.some((f) => f.startsWith('/variants/0/weight/unit'))).toBe(true)
    }
  })

  it('assertValid throws a ValidationError listing the fields', () => {
    expect(() => assertValid(ProductSchema, { ...goodProduct, variants: [{ sku: '' }] }, 'product')).toThrow(
      ValidationError,
    )
    try {
      assertValid(ProductSchema, { ...goodProduct, variants: [{ sku: '' }] }, 'product')
    } catch (err) {
      expect((err as ValidationError).message).toMatch(/invalid product: \/variants\/0\/sku/)
    }
  })
})
