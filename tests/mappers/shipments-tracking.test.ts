// Fulfillments as Shopify really sends them: several tracking numbers on one fulfillment are all
// kept, tracking added later (fulfillments/update) maps like a create, a cancelled or failed
// fulfillment is not a shipment, and a tracking URL that is not http(s) is dropped — never the
// shipment with it (3PL shipments alike).
import { describe, expect, it } from 'vitest'
import {
  fulfillmentFromRest,
  shipmentFromShopify,
  type GqlFulfillment,
  type RestFulfillment,
} from '../../src/mappers/shopify/index.ts'
import { shipmentItem } from '../../src/mappers/warehouse/shipbob.ts'
import type { Shipment } from '../../src/model/index.ts'

const create: RestFulfillment = {
  id: 4109117243442,
  order_id: 6010,
  status: 'success',
  created_at: '2026-07-03T10:00:00-04:00',
  tracking_company: 'DHL Express',
  tracking_numbers: ['JD014600003SE', 'JD014600004SE', 'JD014600003SE'],
  tracking_urls: ['https://dhl.example/JD014600003SE', 'javascript:alert(1)'],
  line_items: [{ id: 1, sku: 'MUG', quantity: 2 }],
}

describe('Shopify fulfillments → shipments', () => {
  it('every tracking number is kept, once, the first being the shipment’s own number', () => {
    const r = shipmentFromShopify(fulfillmentFromRest(create))
    expect(r.error).toBeUndefined()
    expect(r.shipment).toMatchObject({
      externalId: 'gid://shopify/Fulfillment/4109117243442',
      carrier: 'DHL Express',
      trackingNumber: 'JD014600003SE',
      trackingUrl: 'https://dhl.example/JD014600003SE',
      tracking: [
        { number: 'JD014600003SE', carrier: 'DHL Express', url: 'https://dhl.example/JD014600003SE' },
        // the javascript: URL is dropped, the number kept
        { number: 'JD014600004SE', carrier: 'DHL Express' },
      ],
    })
  })

  it('GraphQL trackingInfo with a carrier per parcel', () => {
    const f: GqlFulfillment = {
      id: 'gid://shopify/Fulfillment/1',
      createdAt: '2026-07-03T14:00:00Z',
      status: 'SUCCESS',
      order: { id: 'gid://shopify/Order/6010' },
      trackingInfo: [
        { number: null, company: 'UPS', url: null },
        { number: '1Z999AA10123456784', company: 'UPS', url: 'https://www.ups.com/track?tracknum=1Z999AA10123456784' },
        { number: '9400111899223856928499', company: 'USPS', url: null },
      ],
      fulfillmentLineItems: { nodes: [{ quantity: 1, lineItem: { id: 'gid://shopify/LineItem/1', sku: 'MUG' } }] },
    }
    const s = shipmentFromShopify(f).shipment!
    expect(s.carrier).toBe('UPS')
    expect(s.tracking!.map((t) => [t.number, t.carrier])).toEqual([
      ['1Z999AA10123456784', 'UPS'],
      ['9400111899223856928499', 'USPS'],
    ])
  })

  it('tracking added after the fulfillment was created (fulfillments/update) is the same shipment, with both numbers', () => {
    const first = shipmentFromShopify(
      fulfillmentFromRest({ ...create, tracking_numbers: ['JD014600003SE'], tracking_urls: [] }),
    ).shipment!
    const update = shipmentFromShopify(fulfillmentFromRest(create)).shipment!
    expect(update.externalId).toBe(first.externalId)
    expect(update.shippedAt).toBe(first.shippedAt)
    expect(update.tracking!.length).toBe(2)
  })

  it.each([
    ['cancelled', 'was cancelled in Shopify'],
    ['CANCELLED', 'was cancelled in Shopify'],
    ['error', 'ended in error'],
    ['failure', 'ended in failure'],
  ])('a %s fulfillment is not a shipment: a cancellation with its reason', (status, reason) => {
    const r = shipmentFromShopify(fulfillmentFromRest({ ...create, status }))
    expect(r.shipment).toBeUndefined()
    expect(r.error).toBeUndefined()
    expect(r.orderExternalId).toBe('gid://shopify/Order/6010')
    expect(r.cancellation).toMatchObject({ externalId: 'gid://shopify/Fulfillment/4109117243442' })
    expect(r.cancellation!.reason).toContain(reason)
  })

  it.each(['success', 'open', 'pending', null])('a %s fulfillment with tracking is a shipment', (status) => {
    expect(shipmentFromShopify(fulfillmentFromRest({ ...create, status })).shipment).toBeDefined()
  })

  it('without any tracking number it is an error naming the field, as before', () => {
    const r = shipmentFromShopify(fulfillmentFromRest({ ...create, tracking_numbers: [], tracking_number: null }))
    expect(r.error).toMatchObject({ code: 'MAPPING_FIELD_MISSING', field: '/trackingNumber' })
  })
})

describe('a 3PL’s tracking URL that is not http(s)', () => {
  it('ShipBob: replaced by the carrier’s own link; the shipment still maps', () => {
    const item = shipmentItem({
      id: 500001,
      order_id: 100001,
      reference_id: 'alloc-1',
      status: 'Completed',
      products: [{ sku: 'MUG', inventory_items: [{ id: 1, quantity: 1 }] }],
      tracking: {
        carrier: 'UPS',
        tracking_number: '1Z999AA10123456784',
        tracking_url: 'javascript:alert(document.cookie)',
        shipping_date: '2026-11-21T15:04:05Z',
      },
    })!
    expect(item.error).toBeUndefined()
    const s = item.records![0]!.value as Shipment
    expect(s.trackingUrl).toMatch(/^https:\/\/www\.ups\.com\//)
  })
})
