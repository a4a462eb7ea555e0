// Table tests for the pure warehouse mappers: carriers (names, tracking pages, number formats),
// ShipBob order bodies, shipments, statuses, inventory and facilities.
import { describe, expect, it } from 'vitest'
import { canonicalCarrier, isValidTrackingNumber, trackingUrlFor } from '../../src/mappers/warehouse/carriers.ts'
import {
  allocationStatusFor,
  facilityItem,
  inventoryItems,
  orderShipmentItems,
  orderStatusItem,
  shipBobTime,
  shipmentItem,
  shipmentStatusRecord,
  toShipBobOrder,
} from '../../src/mappers/warehouse/shipbob.ts'
import type { SbShipment } from '../../src/mappers/warehouse/shipbob-types.ts'
import { allocation, FACILITIES, order } from './support.ts'

describe('carriers', () => {
  it.each([
    ['UPS', 'UPS'],
    ['ups', 'UPS'],
    ['UPSMI', 'UPS'],
    ['USPS', 'USPS'],
    ['FedEx Ground', 'FedEx'],
    ['DHLExpress', 'DHL Express'],
    ['DHL Express', 'DHL Express'],
    ['dhl_ecommerce', 'DHL eCommerce'],
    ['Yamato Transport', 'Yamato'],
    ['Japan Post', 'Japan Post'],
    ['Royal Mail', 'Royal Mail'],
    ['OnTrac', 'OnTrac'],
  ])('%s is called %s', (remote, name) => {
    expect(canonicalCarrier(remote)).toBe(name)
  })

  it.each([
    ['UPS', '1Z999AA10123456784', 'https://www.ups.com/track?tracknum=1Z999AA10123456784'],
    ['USPS', '9400111899223197428497', 'https://tools.usps.com/go/TrackConfirmAction?tLabels=9400111899223197428497'],
    [
      'DHL Express',
      '1234567891',
      'https://www.dhl.com/global-en/home/tracking/tracking-express.html?submit=1&tracking-id=1234567891',
    ],
    ['Yamato', '444413758703', 'https://toi.kuronekoyamato.co.jp/cgi-bin/tneko?number00=1&number01=444413758703'],
    ['OnTrac', 'C10000000000000', undefined],
  ])('%s %s tracks at %s', (carrier, n, url) => {
    expect(trackingUrlFor(carrier, n)).toBe(url)
  })

  // check digits computed independently (UPS: the carrier's published sample; Yamato/Sagawa/Japan
  // Post samples from TakamoriYamashiro/shipping-jp-js; the rest by hand with each carrier's rule)
  it.each([
    ['UPS', '1Z999AA10123456784', true],
    ['UPS', '1Z999AA10123456785', false],
    ['UPS', '1Z999AA1012345678', false],
    ['USPS', '9400111899223197428497', true],
    ['USPS', '9400111899223197428490', false],
    ['USPS', '940011189922319742849', false],
    ['DHL Express', '1234567891', true],
    ['DHL Express', '3318810025', true],
    ['DHL Express', '1234567890', false],
    ['DHL Express', '123456789', false],
    ['Yamato', '444413758703', true],
    ['Yamato', '123456789013', true],
    ['Yamato', '444413758704', false],
    ['Sagawa', '512547514334', true],
    ['Japan Post', '405548424886', true],
    ['Japan Post', 'EE123456789JP', true],
    ['OnTrac', 'C10000000000000', undefined],
  ])('%s %s is valid: %s', (carrier, n, valid) => {
    expect(isValidTrackingNumber(carrier, n)).toBe(valid)
  })
})

describe('ShipBob order body', () => {
  it('maps an allocation to CreateOrderModel with our allocation id as reference_id', () => {
    const o = order()
    const item = allocation(o, 'US-WEST')
    const r = toShipBobOrder(item, { shippingMethod: 'Standard', facilities: FACILITIES })
    expect(r).toEqual({
      ok: true,
      body: {
        reference_id: item.key,
        order_number: '#1001',
        shipping_method: 'Standard',
        type: 'DTC',
        recipient: {
          name: 'Ada Buyer',
          address: {
            address1: '1 Main St',
            address2: null,
            city: 'Springfield',
            state: 'PA',
            zip_code: '19001',
            country: 'US',
            company_name: null,
          },
          email: 'ada@example.com',
          phone_number: '+12155550100',
        },
        products: [{ reference_id: 'MUG-BLUE', sku: 'MUG-BLUE', name: 'Blue mug', quantity: 2, unit_price: 12.5 }],
        purchase_date: '2026-11-20T10:00:00.000Z',
        tags: [
          { name: 'crossdock_order', value: o.externalId },
          { name: 'crossdock_channel', value: 'shopify' },
        ],
        location_id: 11,
      },
    })
  })

  it.each([
    ['no address', { shippingAddress: undefined }, 'order.shippingAddress'],
    [
      'no recipient name',
      { buyer: undefined, shippingAddress: { line1: 'x', city: 'y', country: 'US' } },
      'order.shippingAddress.name',
    ],
    ['no first line', { shippingAddress: { name: 'A', city: 'y', country: 'US' } }, 'order.shippingAddress.line1'],
    ['no city', { shippingAddress: { name: 'A', line1: 'x', country: 'US' } }, 'order.shippingAddress.city'],
  ])('refuses an order with %s', (_n, over, field) => {
    const r = toShipBobOrder(allocation(order(over), 'US-EAST'), { shippingMethod: 'Standard', facilities: FACILITIES })
    expect(r.ok).toBe(false)
    expect(!r.ok && r.errors[0]).toMatchObject({ code: 'MAPPING_FIELD_MISSING', field })
  })

  it('refuses a location the facility map does not know, and sends no price in a currency ShipBob cannot name', () => {
    const item = allocation(order(), 'BR-SAO')
    const r = toShipBobOrder(item, { shippingMethod: 'Standard', facilities: FACILITIES })
    expect(!r.ok && r.errors[0]?.field).toBe('allocation.locationCode')
    const eur = order({
      currency: 'EUR',
      lines: [{ externalLineId: 'l', sku: 'MUG-BLUE', quantity: 1, unitPrice: { amount: 1999, currency: 'EUR' } }],
    })
    const body = toShipBobOrder(allocation(eur, 'DE-HAM'), { shippingMethod: 'Standard', facilities: FACILITIES })
    expect(body.ok && body.body.products[0]).toEqual({
      reference_id: 'MUG-BLUE',
      sku: 'MUG-BLUE',
      name: 'MUG-BLUE',
      quantity: 1,
    })
    expect(body.ok && body.body.location_id).toBe(20)
  })
})

const shipped: SbShipment = {
  id: 500001,
  order_id: 100001,
  reference_id: 'alloc-1',
  status: 'Completed',
  location: { id: 10, name: 'Bethlehem (PA)' },
  products: [
    {
      sku: 'MUG-BLUE',
      inventory_items: [
        { id: 1, quantity: 2 },
        { id: 1, quantity: 1 },
      ],
    },
    { reference_id: 'TEE-M', inventory_items: [{ id: 2, quantity: 1 }] },
  ],
  tracking: {
    carrier: 'UPSMI',
    carrier_service: 'Ground',
    tracking_number: '1Z999AA10123456784',
    shipping_date: '2026-11-21T15:04:05',
  },
  last_tracking_update_at: '2026-11-21T15:05:00Z',
}

describe('ShipBob shipments', () => {
  it('turn into a shipment record referencing our allocation', () => {
    expect(shipmentItem(shipped)).toEqual({
      externalId: '500001',
      raw: shipped,
      records: [
        {
          type: 'shipment',
          reference: { allocationId: 'alloc-1' },
          value: {
            externalId: '500001',
            carrier: 'UPS',
            service: 'Ground',
            trackingNumber: '1Z999AA10123456784',
            trackingUrl: 'https://www.ups.com/track?tracknum=1Z999AA10123456784',
            shippedAt: '2026-11-21T15:04:05.000Z',
            lines: [
              { sku: 'MUG-BLUE', quantity: 3 },
              { sku: 'TEE-M', quantity: 1 },
            ],
          },
        },
      ],
      bindings: [{ entity: 'shipment', canonicalKey: '500001', externalId: '500001' }],
    })
  })

  it.each([
    ['no tracking yet', { tracking: null }],
    ['an empty tracking number', { tracking: { carrier: 'UPS', tracking_number: ' ' } }],
    ['a cancelled shipment', { status: 'Cancelled' as const }],
  ])('wait while there is %s', (_n, over) => {
    expect(shipmentItem({ ...shipped, ...over })).toBeNull()
  })

  it('fail with the field when a shipment has no date at all', () => {
    const item = shipmentItem({
      ...shipped,
      tracking: { carrier: 'UPS', tracking_number: '1Z999AA10123456784' },
      last_tracking_update_at: null,
    })
    expect(item?.error).toMatchObject({ code: 'MAPPING_INVALID', field: 'shipment/shippedAt' })
  })

  it('inside an order inherit its reference and carry a delivery event', () => {
    const items = orderShipmentItems({
      id: 100001,
      reference_id: 'alloc-9',
      shipments: [{ ...shipped, reference_id: null, delivery_date: '2026-11-23T09:00:00Z' }],
    })
    const rec = items[0]!.records![0]!
    expect(rec).toMatchObject({
      reference: { allocationId: 'alloc-9' },
      value: { events: [{ at: '2026-11-23T09:00:00.000Z', status: 'delivered' }] },
    })
  })

  it.each([
    ['2026-11-21T15:04:05Z', '2026-11-21T15:04:05.000Z'],
    ['2026-11-21T15:04:05.123+09:00', '2026-11-21T06:04:05.123Z'],
    ['2026-11-21T15:04:05', '2026-11-21T15:04:05.000Z'],
    ['2026-11-21', '2026-11-21T00:00:00.000Z'],
    ['not a date', undefined],
    [null, undefined],
  ])('time %s reads as %s', (text, iso) => {
    expect(shipBobTime(text)).toBe(iso)
  })
})

describe('ShipBob statuses', () => {
  const oos: SbShipment = {
    id: 1,
    order_id: 2,
    status: 'Exception',
    status_details: [{ name: 'OutOfStock', description: 'Out of stock: TEE-M' }],
  }
  const address: SbShipment = {
    id: 1,
    order_id: 2,
    status: 'Exception',
    status_details: [{ name: 'InvalidAddress', description: 'Address could not be verified' }],
  }
  it.each([
    ['Processing', [], 'accepted'],
    ['ImportReview', [], 'accepted'],
    ['PartiallyFulfilled', [], 'accepted'],
    ['Fulfilled', [], 'shipped'],
    ['Cancelled', [], 'cancelled'],
    ['Exception', [oos], 'backordered'],
    ['Exception', [address], 'rejected'],
    [undefined, [], 'accepted'],
  ] as const)('order %s → %s', (status, shipments, expected) => {
    expect(allocationStatusFor(status, [...shipments])).toBe(expected)
  })

  it('become document_status records for our reference', () => {
    expect(orderStatusItem({ id: 7, reference_id: 'alloc-7', status: 'Exception', shipments: [oos] }).records).toEqual([
      {
        type: 'document_status',
        value: {
          reference: 'alloc-7',
          status: 'backordered',
          externalId: '7',
          message: 'Exception: Out of stock: TEE-M',
        },
      },
    ])
    expect(orderStatusItem({ id: 8, status: 'Processing' }).error?.field).toBe('reference_id')
    expect(shipmentStatusRecord({ id: 3, order_id: 9, reference_id: 'alloc-9', status: 'Cancelled' })).toEqual({
      type: 'document_status',
      value: { reference: 'alloc-9', status: 'cancelled', externalId: '9', message: 'Cancelled' },
    })
  })
})

describe('ShipBob inventory and facilities', () => {
  const inv = {
    inventory_id: 9001,
    sku: 'MUG-BLUE',
    name: 'Blue mug',
    locations: [
      {
        location_id: 10,
        name: 'Bethlehem (PA)',
        on_hand_quantity: 50,
        committed_quantity: 3,
        fulfillable_quantity: 47,
      },
      { location_id: 40, name: 'Ichikawa (JP)', on_hand_quantity: 7, committed_quantity: 0, fulfillable_quantity: 7 },
      { location_id: 77, name: 'Somewhere (XX)', on_hand_quantity: 1, committed_quantity: 0, fulfillable_quantity: 1 },
    ],
  }
  it('give one absolute level per mapped facility and a named failure for an unmapped one', () => {
    const items = inventoryItems(inv, FACILITIES, '2026-11-25T00:00:00.000Z')
    expect(items.map((i) => i.records?.[0]?.value ?? i.error?.code)).toEqual([
      {
        sku: 'MUG-BLUE',
        locationCode: 'US-EAST',
        onHand: 50,
        reserved: 3,
        available: 47,
        asOf: '2026-11-25T00:00:00.000Z',
      },
      {
        sku: 'MUG-BLUE',
        locationCode: 'JP-TYO',
        onHand: 7,
        reserved: 0,
        available: 7,
        asOf: '2026-11-25T00:00:00.000Z',
      },
      'MAPPING_FIELD_MISSING',
    ])
    expect(items[0]!.bindings).toEqual([
      { entity: 'variant', canonicalKey: 'MUG-BLUE', externalId: '9001', externalSku: 'MUG-BLUE' },
    ])
    expect(items.map((i) => i.externalId)).toEqual(['9001@10', '9001@40', '9001@77'])
  })

  it('map a fulfillment centre to a location from the facility map, whatever its own time zone text says', () => {
    const item = facilityItem(
      { id: 20, name: 'Hamburg (DE)', country: 'DE', timezone: 'W. Europe Standard Time' },
      FACILITIES,
    )
    expect(item.records?.[0]?.value).toEqual({
      code: 'DE-HAM',
      name: 'Hamburg (DE)',
      type: 'warehouse',
      country: 'DE',
      timeZone: 'Europe/Berlin',
      cutoffHour: 15,
      workingDays: [1, 2, 3, 4, 5],
    })
    expect(facilityItem({ id: 5 }, FACILITIES).error?.message).toMatch(/settings\.facilities\["5"\]/)
  })
})
