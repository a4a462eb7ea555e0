// Every source's stock states land on one canonical level, and sellableOnHand counts only what the
// source calls sellable: Shopify's damaged / quality_control / safety_stock / reserved, ShipBob's
// exception stock, 4PX's bad-quality batches and an ERP's quarantine are on hand but never sold;
// inbound units are never on hand; a negative count follows the source's policy.
import { describe, expect, it } from 'vitest'
import { mapDocument, validateErpMapping, type ErpMapping } from '../../src/mappers/erp/index.ts'
import { inventoryLevelFromShopify, SHOPIFY_QUANTITY_NAMES } from '../../src/mappers/shopify/index.ts'
import { fourPxLevel } from '../../src/mappers/warehouse/fourpx.ts'
import { shipBobLevel } from '../../src/mappers/warehouse/shipbob.ts'
import { sellableOnHand, type InventoryLevel } from '../../src/model/index.ts'

const AS_OF = '2026-07-01T00:00:00.000Z'
const ctx = { connectionId: '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b', shopCurrency: 'USD' }

function shopify(quantities: Record<string, number>, sku: string | null = 'MUG'): InventoryLevel {
  const r = inventoryLevelFromShopify(
    {
      item: { id: 'gid://shopify/InventoryItem/111', sku },
      location: { id: 'gid://shopify/Location/42' },
      quantities: Object.entries(quantities).map(([name, quantity]) => ({ name, quantity })),
    },
    ctx,
  )
  expect(r.error).toBeUndefined()
  return r.level!
}

describe('Shopify quantity states', () => {
  it.each([
    [
      'issue 13: on hand 14, damaged 2, QC 4, reserved 3, safety 5 → 0 sellable',
      { available: 0, on_hand: 14, committed: 0, damaged: 2, quality_control: 4, reserved: 3, safety_stock: 5 },
      { onHand: 14, reserved: 0, available: 0 },
      { damaged: 2, qualityControl: 4, reservedElsewhere: 3, safetyStock: 5 },
      0,
    ],
    [
      'committed are Shopify orders the hub reserves itself: counted',
      { available: 7, on_hand: 10, committed: 3 },
      { onHand: 10, reserved: 3, available: 7 },
      undefined,
      10,
    ],
    [
      'safety stock only',
      { available: 6, on_hand: 10, committed: 0, safety_stock: 4 },
      { onHand: 10, reserved: 0, available: 6 },
      { safetyStock: 4 },
      6,
    ],
    [
      'incoming is not on hand',
      { available: 2, on_hand: 2, committed: 0, incoming: 40 },
      { onHand: 2, incoming: 40 },
      undefined,
      2,
    ],
    [
      'on_hand absent: the sum of the states',
      { available: 1, committed: 2, damaged: 3 },
      { onHand: 6, reserved: 2 },
      { damaged: 3 },
      3,
    ],
    [
      'a negative on_hand is clamped, and what Shopify said is kept',
      { available: -2, on_hand: -2, committed: 0 },
      { onHand: 0, clampedFrom: -2, available: -2 },
      undefined,
      0,
    ],
  ])('%s', (_name, quantities, fields, unsellable, sellable) => {
    const level = shopify(quantities)
    expect(level).toMatchObject(fields)
    expect(level.unsellable).toEqual(unsellable)
    expect(sellableOnHand(level)).toBe(sellable)
  })

  it('the connector can ask for every state by these names', () => {
    expect([...SHOPIFY_QUANTITY_NAMES].sort()).toEqual(
      [
        'available',
        'committed',
        'damaged',
        'incoming',
        'on_hand',
        'quality_control',
        'reserved',
        'safety_stock',
      ].sort(),
    )
  })

  it('a level of an item without SKU still maps, naming the item for the engine to bind', () => {
    const level = shopify({ available: 3, on_hand: 3 }, null)
    expect(level).toMatchObject({
      sku: 'gid://shopify/InventoryItem/111',
      externalItemId: 'gid://shopify/InventoryItem/111',
      onHand: 3,
    })
  })
})

describe('ShipBob per-location quantities', () => {
  it.each([
    // on hand, committed, fulfillable, awaiting → onHand, exception, incoming, sellable
    ['consistent: on hand = committed + fulfillable', 10, 3, 7, 0, 10, undefined, undefined, 10],
    ['2 units neither committed nor fulfillable are exception stock', 10, 3, 5, 0, 10, 2, undefined, 8],
    ['awaiting is inbound', 4, 0, 4, 20, 4, undefined, 20, 4],
    ['a negative on hand is clamped', -1, 0, 0, 0, 0, undefined, undefined, 0],
  ] as const)('%s', (_n, on_hand, committed, fulfillable, awaiting, onHand, exception, incoming, sellable) => {
    const level = shipBobLevel(
      'MUG',
      'US-EAST',
      {
        location_id: 1,
        on_hand_quantity: on_hand,
        committed_quantity: committed,
        fulfillable_quantity: fulfillable,
        awaiting_quantity: awaiting,
        internal_transfer_quantity: 5,
      },
      AS_OF,
    )
    expect(level.onHand).toBe(onHand)
    expect(level.reserved).toBe(Math.max(0, committed))
    expect(level.unsellable?.exception).toBe(exception)
    expect(level.incoming).toBe(incoming)
    expect(sellableOnHand(level)).toBe(sellable)
    if (on_hand < 0) expect(level.clampedFrom).toBe(on_hand)
  })
})

describe('4PX batches by stock quality', () => {
  it('good units are sellable, damaged and exception batches are on hand but not, in-transit is inbound', () => {
    const level = fourPxLevel(
      'MUG',
      'US-LAX',
      [
        {
          warehouse_code: 'USLAX01',
          sku_code: 'MUG',
          available_stock: '10',
          pending_stock: '2',
          onway_stock: '50',
          stock_quality: 'G',
        },
        { warehouse_code: 'USLAX01', sku_code: 'MUG', available_stock: 4, pending_stock: 0, stock_quality: 'B' },
        { warehouse_code: 'USLAX01', sku_code: 'MUG', available_stock: 1, pending_stock: 0, stock_quality: 'E' },
        { warehouse_code: 'USLAX01', sku_code: 'MUG', available_stock: 2, stock_quality: 'C' },
      ],
      AS_OF,
    )
    expect(level).toMatchObject({
      onHand: 19,
      reserved: 2,
      available: 10,
      unsellable: { damaged: 4, exception: 1, quarantine: 2 },
      incoming: 50,
    })
    expect(sellableOnHand(level)).toBe(12)
  })

  it('a negative good count is clamped', () => {
    const level = fourPxLevel(
      'MUG',
      'US-LAX',
      [{ warehouse_code: 'W', sku_code: 'MUG', available_stock: -3, stock_quality: 'G' }],
      AS_OF,
    )
    expect(level).toMatchObject({ onHand: 0, clampedFrom: -3 })
  })
})

describe('an ERP stock snapshot names its quarantine and its negative-stock policy', () => {
  const mapping = (negative?: 'allow' | 'clamp'): ErpMapping =>
    validateErpMapping({
      version: 1,
      timeZone: 'Europe/Berlin',
      documents: {
        stock_snapshot: {
          records: '$.stock[*]',
          duplicates: 'sum',
          fields: {
            sku: { from: 'item' },
            locationCode: { from: 'whs' },
            onHand: { from: 'qty' },
            reserved: { from: 'committed', default: 0 },
            quarantine: { from: 'blocked' },
            incoming: { from: 'ordered' },
            ...(negative ? { negativeStock: { value: negative } } : {}),
          },
        },
      },
    })
  const doc = (rows: object[]) => ({ format: 'json' as const, tree: { stock: rows } })
  const level = (m: ErpMapping, rows: object[]) => {
    const r = mapDocument(m, doc(rows)).records[0]!
    expect(r.errors).toEqual([])
    return r.records[0]!.value as InventoryLevel
  }

  it.each([
    [
      'quarantine is on hand, never sold',
      undefined,
      { qty: 20, committed: 4, blocked: 6, ordered: 30 },
      { onHand: 20, reserved: 4, unsellable: { quarantine: 6 }, incoming: 30 },
      14,
    ],
    [
      'a negative count is kept by default (a debt the next receipt covers)',
      undefined,
      { qty: -5 },
      { onHand: -5 },
      -5,
    ],
    ['…or clamped when the mapping says so', 'clamp', { qty: -5 }, { onHand: 0, clampedFrom: -5 }, 0],
  ] as const)('%s', (_n, policy, row, want, sellable) => {
    const l = level(mapping(policy), [{ item: 'MUG', whs: 'DE-BER', ...row }])
    expect(l).toMatchObject(want)
    expect(sellableOnHand(l)).toBe(sellable)
  })

  it('summed quants add their unsellable parts too', () => {
    const l = level(mapping(), [
      { item: 'MUG', whs: 'DE-BER', qty: 5, blocked: 1 },
      { item: 'MUG', whs: 'DE-BER', qty: 3, blocked: 2, ordered: 4 },
    ])
    expect(l).toMatchObject({ onHand: 8, unsellable: { quarantine: 3 }, incoming: 4 })
  })

  it('an unknown policy is refused, naming the field', () => {
    const r = mapDocument(
      {
        ...mapping('clamp'),
        documents: {
          stock_snapshot: {
            ...mapping('clamp').documents.stock_snapshot!,
            fields: { ...mapping('clamp').documents.stock_snapshot!.fields, negativeStock: { value: 'maybe' } },
          },
        },
      },
      doc([{ item: 'MUG', whs: 'DE-BER', qty: 1 }]),
    ).records[0]!
    expect(r.errors[0]).toMatchObject({ field: 'negativeStock' })
  })
})
