// The same content as JSON and as XML gives the same canonical records (and the same errors):
// JSON numbers are read as their source text, XML values are text, and paths read a single
// element and a repeated one alike.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { dryRun } from '../../src/connectors/erp/dry-run.ts'
import { presetMapping, type DocumentType, type ErpMapping } from '../../src/mappers/erp/index.ts'
import { buildDocument } from '../../src/sandbox/erp/documents.ts'
import { createState, seedItems } from '../../src/sandbox/erp/state.ts'

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url))

function same(
  m: ErpMapping,
  json: { contentType: string; body: Buffer | string },
  xml: { contentType: string; body: Buffer | string },
  documentType?: DocumentType,
) {
  const a = dryRun(m, json.contentType, json.body, documentType ? { documentType } : {})
  const b = dryRun(m, xml.contentType, xml.body, documentType ? { documentType } : {})
  expect(a.summary.records).toBeGreaterThan(0)
  expect(b.canonical).toEqual(a.canonical)
  expect(b.errors).toEqual(a.errors)
  return a
}

describe('fixtures: JSON and XML with the same content', () => {
  it.each<DocumentType>(['item_master', 'price_list', 'stock_snapshot'])(
    'SAP B1 Items as JSON and as XML elements: %s',
    (t) => {
      same(
        presetMapping('sap-b1'),
        { contentType: 'application/json', body: fixture('sap-b1-items.json') },
        { contentType: 'application/xml', body: fixture('sap-b1-items.xml') },
        t,
      )
    },
  )

  it.each<[string, DocumentType]>([
    ['odoo-products', 'item_master'],
    ['odoo-quants', 'stock_snapshot'],
    ['odoo-pricelist-items', 'price_list'],
    ['odoo-stock-moves', 'stock_delta'],
    ['odoo-sale-orders', 'order_ack'],
  ])('Odoo %s as XML-RPC and as JSON-2', (name, t) => {
    same(
      presetMapping('odoo'),
      { contentType: 'application/json', body: fixture(`${name}.json`) },
      { contentType: 'text/xml', body: fixture(`${name}.xml`) },
      t,
    )
  })

  it('an attribute-style XML document (846 semantics) and its JSON rendering, through one mapping', () => {
    const mapping: ErpMapping = {
      version: 3,
      timeZone: 'Europe/Berlin',
      documents: {
        stock_snapshot: {
          records: 'Location/Item',
          fields: {
            sku: { from: "LIN[@qualifier='SK']/@id" },
            locationCode: { from: '^/@code', transforms: [{ op: 'lookup', table: 'wh' }] },
            onHand: { from: "QTY[@code='17']/@qty", transforms: [{ op: 'integer' }] },
            available: { from: "QTY[@code='33']/@qty", transforms: [{ op: 'integer' }] },
            asOf: { from: '$.BIA/@date', transforms: [{ op: 'date', format: 'YYYYMMDD' }] },
          },
        },
      },
      lookups: { wh: { '01': 'MAIN', JP1: 'JP-TOKYO' } },
    }
    const json = JSON.stringify({
      BIA: { '@purpose': '00', '@date': '20260810' },
      Location: [
        {
          '@code': '01',
          Item: [
            {
              LIN: { '@qualifier': 'SK', '@id': 'MUG-BLUE-350' },
              QTY: [
                { '@code': '33', '@qty': '62' },
                { '@code': '17', '@qty': '66' },
              ],
            },
            {
              LIN: { '@qualifier': 'SK', '@id': 'TEAPOT-1L' },
              QTY: [
                { '@code': '17', '@qty': '5' },
                { '@code': '33', '@qty': '0' },
              ],
            },
          ],
        },
        {
          '@code': 'JP1',
          Item: {
            LIN: { '@qualifier': 'SK', '@id': 'MUG-BLUE-350' },
            QTY: [
              { '@code': '17', '@qty': 12 },
              { '@code': '33', '@qty': 12 },
            ],
          },
        },
      ],
    })
    const r = same(
      mapping,
      { contentType: 'application/json', body: json },
      { contentType: 'application/xml', body: fixture('inventory-advice.xml') },
    )
    const asOf = '2026-08-09T22:00:00.000Z'
    expect(r.canonical).toEqual([
      {
        type: 'inventory_level',
        value: { sku: 'MUG-BLUE-350', locationCode: 'MAIN', onHand: 66, reserved: 0, available: 62, asOf },
      },
      {
        type: 'inventory_level',
        value: { sku: 'TEAPOT-1L', locationCode: 'MAIN', onHand: 5, reserved: 0, available: 0, asOf },
      },
      {
        type: 'inventory_level',
        value: { sku: 'MUG-BLUE-350', locationCode: 'JP-TOKYO', onHand: 12, reserved: 0, available: 12, asOf },
      },
    ])
  })
})

describe('sandbox documents: every document type in both formats, 300 items', () => {
  const state = createState(seedItems(300))
  const now = new Date('2026-08-10T09:00:00Z')
  const movements = [
    { sku: 'MUG-BLUE-350', warehouse: '01', quantity: 24 },
    { sku: 'SKU-00007', warehouse: 'JP1', quantity: 3 },
  ]
  const b1 = presetMapping('sap-b1')
  b1.lookups!.warehouses = { '01': 'MAIN', JP1: 'JP-TOKYO' }
  const odoo = presetMapping('odoo')

  it.each<DocumentType>(['item_master', 'price_list', 'stock_snapshot', 'stock_delta'])('SAP B1 %s', (type) => {
    const opts = { flavor: 'sap-b1' as const, type, now, movements }
    const snapshot = state.nextDocEntry
    const json = buildDocument(state, { ...opts, format: 'json' })
    state.nextDocEntry = snapshot
    const xml = buildDocument(state, { ...opts, format: 'xml' })
    const r = same(b1, json, xml, type)
    expect(r.errors).toEqual([])
    expect(r.summary.records).toBe(json.records)
  })

  it.each<DocumentType>(['item_master', 'price_list', 'stock_snapshot', 'stock_delta'])('Odoo %s', (type) => {
    const opts = { flavor: 'odoo' as const, type, now, movements }
    const snapshot = state.nextDocEntry
    const json = buildDocument(state, { ...opts, format: 'json' })
    state.nextDocEntry = snapshot
    const xml = buildDocument(state, { ...opts, format: 'xml' })
    const r = same(odoo, json, xml, type)
    expect(r.errors).toEqual([])
  })

  it('the two ERPs agree on the stock of the same books', () => {
    const fromB1 = dryRun(
      b1,
      'application/json',
      buildDocument(state, { flavor: 'sap-b1', type: 'stock_snapshot', format: 'json', now }).body,
      { documentType: 'stock_snapshot' },
    )
    const fromOdoo = dryRun(
      odoo,
      'text/xml',
      buildDocument(state, { flavor: 'odoo', type: 'stock_snapshot', format: 'xml', now }).body,
      { documentType: 'stock_snapshot' },
    )
    const key = (r: { canonical: { value: unknown }[] }) =>
      r.canonical.map((c) => c.value).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))
    expect(key(fromOdoo)).toEqual(key(fromB1))
    expect(fromB1.canonical).toHaveLength(599) // 298 generated items in two warehouses, the mug in two, the teapot in one
  })
})
