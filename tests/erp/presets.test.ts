// The shipped presets against real-shape samples (tests/erp/fixtures): SAP Business One Service
// Layer JSON and Odoo XML-RPC search_read answers. Expected records are spelled out in full.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { dryRun } from '../../src/connectors/erp/dry-run.ts'
import { mappingProblems, presetMapping } from '../../src/mappers/erp/index.ts'

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url))
const b1 = presetMapping('sap-b1')
const odoo = presetMapping('odoo')

describe('presets are valid mappings', () => {
  it.each([
    ['sap-b1', b1],
    ['odoo', odoo],
  ])('%s', (_n, m) => {
    expect(mappingProblems(m)).toEqual([])
  })
})

describe('SAP Business One preset', () => {
  it('item master: titles in two locales, EAN barcode, HS code from a UDF, weight and dimensions converted from B1 unit codes', () => {
    const r = dryRun(b1, 'application/json', fixture('sap-b1-items.json'))
    expect(r.documentType).toBe('item_master') // recognised from odata.metadata …#Items
    expect(r.errors).toEqual([])
    expect(r.canonical).toEqual([
      {
        type: 'product',
        value: {
          handle: 'MUG-BLUE-350',
          title: { 'en-US': 'Enamel mug, blue, 350 ml', 'de-DE': 'Emaillebecher, blau, 350 ml' },
          status: 'active',
          variants: [
            {
              sku: 'MUG-BLUE-350',
              barcode: { type: 'EAN', value: '4006381333931' },
              hsCode: '732394',
              countryOfOrigin: 'DE',
              weight: { value: 340.194, unit: 'g' },
              dimensions: { length: 10.16, width: 10.16, height: 8.89, unit: 'cm' },
              active: true,
            },
          ],
        },
      },
      {
        type: 'product',
        value: {
          handle: 'TEAPOT-1L',
          title: { 'en-US': 'Cast-iron teapot 1 l' },
          status: 'archived',
          variants: [
            {
              sku: 'TEAPOT-1L',
              hsCode: '732393',
              countryOfOrigin: 'JP',
              weight: { value: 1200, unit: 'g' },
              active: false,
            },
          ],
        },
      },
    ])
    expect(r.records[0]!.key).toBe('MUG-BLUE-350')
  })

  it('price list: B1 currency symbols through the lookup, unused price lists skipped, money in minor units', () => {
    const r = dryRun(b1, 'application/json', fixture('sap-b1-items.json'), { documentType: 'price_list' })
    expect(r.errors).toEqual([])
    expect(r.canonical).toEqual([
      { type: 'price', value: { sku: 'MUG-BLUE-350', price: { amount: 1250, currency: 'USD' }, priceList: 'base' } },
      { type: 'price', value: { sku: 'MUG-BLUE-350', price: { amount: 1190, currency: 'EUR' }, priceList: 'retail' } },
      { type: 'price', value: { sku: 'TEAPOT-1L', price: { amount: 8900, currency: 'USD' }, priceList: 'base' } },
    ])
  })

  it('stock snapshot: one level per item and warehouse, committed as reserved, warehouse codes to locations', () => {
    const r = dryRun(b1, 'application/json', fixture('sap-b1-items.json'), { documentType: 'stock_snapshot' })
    expect(r.errors).toEqual([])
    expect(r.canonical).toEqual([
      {
        type: 'inventory_level',
        value: { sku: 'MUG-BLUE-350', locationCode: 'MAIN', onHand: 66, reserved: 4, available: 62 },
      },
      {
        type: 'inventory_level',
        value: { sku: 'MUG-BLUE-350', locationCode: 'JP-TOKYO', onHand: 12, reserved: 0, available: 12 },
      },
      {
        type: 'inventory_level',
        value: { sku: 'TEAPOT-1L', locationCode: 'MAIN', onHand: 5, reserved: 5, available: 0 },
      },
    ])
  })

  it('goods receipt: deltas referenced by DocEntry:LineNum; an unknown warehouse and a fractional quantity are rejected by field', () => {
    const r = dryRun(b1, 'application/json', fixture('sap-b1-goods-receipt.json'))
    expect(r.documentType).toBe('stock_delta')
    expect(r.canonical).toEqual([
      {
        type: 'inventory_delta',
        value: { sku: 'MUG-BLUE-350', locationCode: 'MAIN', delta: 24, reason: 'receipt', reference: '512:0' },
      },
    ])
    expect(r.errors).toEqual([
      {
        code: 'VALIDATION_FAILED',
        field: 'locationCode',
        index: 1,
        key: 'TEAPOT-1L',
        message: 'locationCode: "99" has no entry in lookup "warehouses" (from WarehouseCode)',
      },
      {
        code: 'VALIDATION_FAILED',
        field: 'delta',
        index: 2,
        key: 'TEAPOT-1L',
        message: 'delta: "2.5" is not a whole number (from Quantity)',
      },
    ])
    expect(r.summary).toEqual({ records: 3, ok: 1, rejected: 2 })
  })

  it('goods issue: the same lines, taken away', () => {
    const r = dryRun(b1, 'application/json', fixture('sap-b1-goods-issue.json'))
    expect(r.canonical).toEqual([
      {
        type: 'inventory_delta',
        value: { sku: 'MUG-BLUE-350', locationCode: 'MAIN', delta: -3, reason: 'adjustment', reference: '77:0' },
      },
    ])
  })

  it('order acknowledgements: NumAtCard is our reference, DocEntry the ERP id, status from Cancelled + DocumentStatus', () => {
    const r = dryRun(b1, 'application/json', fixture('sap-b1-orders.json'))
    expect(r.documentType).toBe('order_ack')
    expect(r.canonical).toEqual([
      {
        type: 'document_status',
        value: { reference: 'ord-1001-a1', status: 'accepted', externalId: '11464', message: '503' },
      },
      {
        type: 'document_status',
        value: { reference: 'ord-1002-a1', status: 'cancelled', externalId: '11465', message: '504' },
      },
    ])
    expect(r.errors).toEqual([
      {
        code: 'VALIDATION_FAILED',
        field: 'status',
        index: 2,
        key: 'ord-1003-a1',
        message: 'status: "tNO|bost_Paused" has no entry in lookup "documentStatus" (from Cancelled + DocumentStatus)',
      },
    ])
  })
})

describe('Odoo XML-RPC preset', () => {
  it('products: False is no value, weight kg → g, a product without default_code is rejected naming sku', () => {
    const r = dryRun(odoo, 'text/xml', fixture('odoo-products.xml'), { documentType: 'item_master' })
    expect(r.canonical).toEqual([
      {
        type: 'product',
        value: {
          handle: 'MUG-BLUE-350',
          title: { 'en-US': 'Enamel mug, blue, 350 ml' },
          status: 'active',
          variants: [
            {
              sku: 'MUG-BLUE-350',
              barcode: { type: 'EAN', value: '4006381333931' },
              hsCode: '732394',
              weight: { value: 340, unit: 'g' },
              active: true,
            },
          ],
        },
      },
      {
        type: 'product',
        value: {
          handle: 'TEAPOT-1L',
          title: { 'en-US': 'Cast-iron teapot 1 l' },
          status: 'active',
          variants: [{ sku: 'TEAPOT-1L', weight: { value: 1200, unit: 'g' }, active: true }],
        },
      },
    ])
    expect(r.errors).toEqual([
      {
        code: 'MAPPING_FIELD_MISSING',
        field: 'sku',
        index: 2,
        key: 'record 2',
        message: 'sku is required but default_code is empty or absent',
      },
    ])
    expect(r.records[0]!.records).toHaveLength(1)
  })

  it('quants: SKU from the many2one display name, quants of one product and location summed (lots), unknown location rejected', () => {
    const r = dryRun(odoo, 'text/xml', fixture('odoo-quants.xml'), { documentType: 'stock_snapshot' })
    expect(r.canonical).toEqual([
      {
        type: 'inventory_level',
        value: { sku: 'MUG-BLUE-350', locationCode: 'MAIN', onHand: 66, reserved: 4, available: 62 },
      },
      {
        type: 'inventory_level',
        value: { sku: 'MUG-BLUE-350', locationCode: 'JP-TOKYO', onHand: 12, reserved: 0, available: 12 },
      },
      {
        type: 'inventory_level',
        value: { sku: 'TEAPOT-1L', locationCode: 'MAIN', onHand: 5, reserved: 5, available: 0 },
      },
    ])
    expect(r.errors).toEqual([
      {
        code: 'VALIDATION_FAILED',
        field: 'locationCode',
        index: 4,
        key: 'TEAPOT-1L',
        message: 'locationCode: "WH/Quality Control" has no entry in lookup "locations" (from location_id[1])',
      },
    ])
  })

  it('pricelist items: currency from the many2one, JPY without decimals', () => {
    const r = dryRun(odoo, 'text/xml', fixture('odoo-pricelist-items.xml'), { documentType: 'price_list' })
    expect(r.canonical).toEqual([
      {
        type: 'price',
        value: { sku: 'MUG-BLUE-350', price: { amount: 1190, currency: 'EUR' }, priceList: 'Public Pricelist (EUR)' },
      },
      {
        type: 'price',
        value: { sku: 'MUG-BLUE-350', price: { amount: 1980, currency: 'JPY' }, priceList: 'Japan (JPY)' },
      },
    ])
  })

  it('stock moves: receipts add at the destination, deliveries take away at the source', () => {
    const r = dryRun(odoo, 'text/xml', fixture('odoo-stock-moves.xml'), { documentType: 'stock_delta' })
    expect(r.errors).toEqual([])
    expect(r.canonical).toEqual([
      {
        type: 'inventory_delta',
        value: {
          sku: 'MUG-BLUE-350',
          locationCode: 'MAIN',
          delta: 24,
          reason: 'receipt',
          reference: 'WH/IN/00012#301',
        },
      },
      {
        type: 'inventory_delta',
        value: {
          sku: 'TEAPOT-1L',
          locationCode: 'MAIN',
          delta: -1,
          reason: 'adjustment',
          reference: 'WH/OUT/00031#302',
        },
      },
    ])
  })

  it('sale orders: state through the lookup; an order without client_order_ref is rejected naming reference', () => {
    const r = dryRun(odoo, 'text/xml', fixture('odoo-sale-orders.xml'), { documentType: 'order_ack' })
    expect(r.canonical).toEqual([
      {
        type: 'document_status',
        value: { reference: 'ord-1001-a1', status: 'accepted', externalId: '17', message: 'S00017' },
      },
    ])
    expect(r.errors.map((e) => [e.field, e.code])).toEqual([['reference', 'MAPPING_FIELD_MISSING']])
  })

  it('an XML-RPC fault is a document-level error with Odoo’s message', () => {
    const r = dryRun(odoo, 'text/xml', fixture('odoo-fault.xml'), { documentType: 'stock_snapshot' })
    expect(r.records).toEqual([])
    expect(r.errors).toHaveLength(1)
    expect(r.errors[0]).toMatchObject({ code: 'WEBHOOK_PAYLOAD_INVALID', index: -1 })
    expect(r.errors[0]!.message).toMatch(/XML-RPC fault 3: .*AccessError: You are not allowed to access 'Quants'/s)
  })
})
