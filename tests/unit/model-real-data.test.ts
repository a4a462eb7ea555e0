// The model's answers to what real stores send: http(s)-only tracking URLs, several parcels per
// shipment, unsellable stock, negative counts, refunds releasing units, and late updates.
import { describe, expect, it } from 'vitest'
import {
  applyNegativePolicy,
  check,
  isStale,
  sellableOnHand,
  shipmentTracking,
  ShipmentSchema,
  unitsStillReserved,
  type Order,
  type Shipment,
} from '../../src/model/index.ts'

const shipment: Shipment = {
  externalId: 'f-1',
  carrier: 'DHL Express',
  trackingNumber: 'JD014600003SE',
  shippedAt: '2026-07-03T14:00:00.000Z',
  lines: [{ sku: 'MUG', quantity: 1 }],
}

describe('tracking URLs are http(s) only (issue 12.6)', () => {
  it.each([
    ['https://www.dhl.com/track?id=JD014600003SE', true],
    ['http://track.example/JD1', true],
    ['HTTPS://TRACK.EXAMPLE', true],
    ['javascript:alert(document.cookie)', false],
    ['JavaScript://%0Aalert(1)', false],
    ['data:text/html,<script>alert(1)</script>', false],
    ['ftp://track.example/x', false],
    ['https:///no-host', false],
    ['https://user@evil.example', false],
    ['https://track.example/a b', false],
    ['//track.example/x', false],
  ])('%s → %s', (url, ok) => {
    expect(check(ShipmentSchema, { ...shipment, trackingUrl: url }).ok).toBe(ok)
    expect(check(ShipmentSchema, { ...shipment, tracking: [{ number: 'X1', url }] }).ok).toBe(ok)
  })

  it('every parcel is kept; a shipment from before has its single number as the one parcel', () => {
    const two = {
      ...shipment,
      tracking: [
        { number: 'JD014600003SE', carrier: 'DHL Express' },
        { number: 'JD014600004SE', carrier: 'DHL Express', url: 'https://dhl.example/JD014600004SE' },
      ],
    }
    expect(check(ShipmentSchema, two).ok).toBe(true)
    expect(shipmentTracking(two).map((t) => t.number)).toEqual(['JD014600003SE', 'JD014600004SE'])
    expect(shipmentTracking({ ...shipment, trackingUrl: 'https://dhl.example/1' })).toEqual([
      { number: 'JD014600003SE', carrier: 'DHL Express', url: 'https://dhl.example/1' },
    ])
    expect(check(ShipmentSchema, { ...shipment, tracking: [] }).ok).toBe(false)
  })
})

describe('sellableOnHand: only what the source calls sellable', () => {
  it.each([
    // onHand, unsellable → counted
    [
      'issue 13: on hand 14, damaged 2, QC 4, reserved 3, safety 5',
      14,
      { damaged: 2, qualityControl: 4, reservedElsewhere: 3, safetyStock: 5 },
      0,
    ],
    ['nothing unsellable', 10, undefined, 10],
    ['a 3PL exception', 10, { exception: 3 }, 7],
    ['an ERP quarantine', 8, { quarantine: 8 }, 0],
    ['a source reporting more unsellable than on hand', 3, { damaged: 5 }, 0],
    ['a debt the source allowed stays a debt', -4, { damaged: 1 }, -4],
  ] as const)('%s', (_name, onHand, unsellable, counted) => {
    expect(sellableOnHand({ onHand, ...(unsellable ? { unsellable } : {}) })).toBe(counted)
  })

  it('committed units are the hub’s own orders: not subtracted (Shopify on hand 10, committed 3 → 10)', () => {
    expect(sellableOnHand({ onHand: 10 })).toBe(10)
  })
})

describe('negative counts: the source’s policy', () => {
  it.each([
    [5, 'clamp', { count: 5 }],
    [0, 'clamp', { count: 0 }],
    [-3, 'clamp', { count: 0, clampedFrom: -3 }],
    [-3, 'allow', { count: -3 }],
    [7, 'allow', { count: 7 }],
  ] as const)('%i with %s → %o', (count, policy, want) => {
    expect(applyNegativePolicy(count, policy)).toEqual(want)
  })
})

const money = (amount: number) => ({ amount, currency: 'USD' })
function order(over: Partial<Order>): Pick<Order, 'status' | 'lines' | 'refunds'> {
  return {
    status: 'open',
    lines: [
      { externalLineId: 'L1', sku: 'MUG', quantity: 3, unitPrice: money(1000) },
      { externalLineId: 'L2', sku: 'CUP', quantity: 2, unitPrice: money(500) },
    ],
    ...over,
  }
}
const refund = (
  line: string,
  quantity: number,
  restockType: 'cancel' | 'return' | 'no_restock' | 'legacy_restock',
) => ({
  externalRefundId: `r-${line}-${restockType}`,
  externalLineId: line,
  quantity,
  restockType,
  amount: money(1000 * quantity),
  refundedAt: '2026-07-02T10:00:00.000Z',
})

describe('unitsStillReserved: a refund of some units releases what they reserved', () => {
  it.each([
    ['no refund: every unit', order({}), [3, 2]],
    [
      '1 of 3 cancelled before shipping',
      order({
        lines: [
          { externalLineId: 'L1', sku: 'MUG', quantity: 2, orderedQuantity: 3, unitPrice: money(1000) },
          { externalLineId: 'L2', sku: 'CUP', quantity: 2, unitPrice: money(500) },
        ],
        refunds: [refund('L1', 1, 'cancel')],
      }),
      [2, 2],
    ],
    [
      'a returned unit had shipped: its reservation is gone already, nothing more to release',
      order({
        lines: [
          { externalLineId: 'L1', sku: 'MUG', quantity: 1, orderedQuantity: 3, unitPrice: money(1000) },
          { externalLineId: 'L2', sku: 'CUP', quantity: 2, unitPrice: money(500) },
        ],
        refunds: [refund('L1', 1, 'return'), refund('L1', 1, 'cancel')],
      }),
      [2, 2],
    ],
    [
      'no_restock and legacy_restock release too',
      order({
        lines: [
          { externalLineId: 'L1', sku: 'MUG', quantity: 1, orderedQuantity: 3, unitPrice: money(1000) },
          { externalLineId: 'L2', sku: 'CUP', quantity: 1, orderedQuantity: 2, unitPrice: money(500) },
        ],
        refunds: [refund('L1', 2, 'no_restock'), refund('L2', 1, 'legacy_restock')],
      }),
      [1, 1],
    ],
    [
      'refunds beyond the ordered units never go below zero',
      order({
        lines: [{ externalLineId: 'L1', sku: 'MUG', quantity: 0, orderedQuantity: 1, unitPrice: money(1000) }],
        refunds: [refund('L1', 2, 'cancel')],
      }),
      [0],
    ],
    ['a cancelled order holds nothing', order({ status: 'cancelled' }), [0, 0]],
    [
      'an FBA line holds nothing',
      order({
        lines: [{ externalLineId: 'L1', sku: 'MUG', quantity: 3, unitPrice: money(1000), fulfilledByChannel: true }],
      }),
      [0],
    ],
    [
      'a line without orderedQuantity is taken as already net of its refunds',
      order({
        lines: [{ externalLineId: 'L1', sku: 'MUG', quantity: 2, unitPrice: money(1000) }],
        refunds: [refund('L1', 1, 'cancel')],
      }),
      [2],
    ],
  ] as const)('%s', (_name, o, want) => {
    expect(unitsStillReserved(o as Order).map((u) => u.quantity)).toEqual(want)
  })
})

describe('isStale: a late update never overwrites a newer one', () => {
  it.each([
    ['2026-07-01T10:00:00Z', '2026-07-01T09:59:59Z', true],
    ['2026-07-01T10:00:00Z', '2026-07-01T06:00:00-04:00', false],
    ['2026-07-01T10:00:00Z', '2026-07-01T05:59:00-04:00', true],
    ['2026-07-01T10:00:00Z', '2026-07-01T10:00:01Z', false],
    [new Date('2026-07-01T10:00:00Z'), '2026-07-01T09:00:00Z', true],
    [null, '2026-07-01T09:00:00Z', false],
    ['2026-07-01T10:00:00Z', undefined, false],
    ['2026-07-01T10:00:00Z', 'not a time', false],
  ] as const)('held %s, incoming %s → %s', (held, incoming, stale) => {
    expect(isStale(held, incoming)).toBe(stale)
  })
})
