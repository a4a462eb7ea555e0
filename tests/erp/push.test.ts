// Orders and shipments to the ERP over real HTTP, through the shared client, against the ERP
// sandbox: Idempotency-Key = item key, signed bodies, retries that apply once, per-document results.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { erpConnector, type ErpCredentials, type ErpSettings } from '../../src/connectors/erp/index.ts'
import type { OrderPushItem, ShipmentPushItem } from '../../src/connectors/types.ts'
import { presetMapping } from '../../src/mappers/erp/index.ts'
import type { Order } from '../../src/model/index.ts'
import { DEFAULT_ODOO_LOGIN, listenErpSandbox } from '../../src/sandbox/erp/index.ts'
import { erpContext } from './support/context.ts'

const inboundSecret = 'connection-inbound-secret-42'
const outboundSecret = 'connection-outbound-secret-99'
const credentials: ErpCredentials = { inboundSecret, outboundSecret, xmlrpc: DEFAULT_ODOO_LOGIN }

const usd = (amount: number) => ({ amount, currency: 'USD' })
function order(n: number): Order {
  return {
    connectionId: '00000000-0000-4000-8000-000000000001',
    externalId: `shop-${n}`,
    externalNumber: `#${n}`,
    channel: 'shopify',
    status: 'open',
    currency: 'USD',
    lines: [{ externalLineId: 'gid://shopify/LineItem/1', sku: 'MUG-BLUE-350', quantity: 2, unitPrice: usd(1250) }],
    totals: { subtotal: usd(2500), shipping: usd(0), tax: usd(0), discount: usd(0), total: usd(2500) },
    placedAt: '2026-08-09T23:30:00.000Z',
    shipBy: '2026-08-11T15:00:00.000Z',
  }
}
function orderItem(n: number, extra: Partial<OrderPushItem> = {}): OrderPushItem {
  return {
    key: `ord-${n}-a1`,
    order: order(n),
    allocation: {
      orderId: '00000000-0000-4000-8000-000000000002',
      locationCode: 'MAIN',
      status: 'planned',
      lines: [{ sku: 'MUG-BLUE-350', quantity: 2 }],
    },
    // externalId: the variant's id at this ERP (Odoo product.product id) — see the report's contract note
    lines: [
      { sku: 'MUG-BLUE-350', quantity: 2, unitPrice: usd(1250), externalId: '41' } as OrderPushItem['lines'][number],
    ],
    ...extra,
  }
}
function shipmentItem(n: number, orderExternalId: string): ShipmentPushItem {
  return {
    key: `shp-${n}`,
    order: order(n),
    orderExternalId,
    shipment: {
      externalId: `1Z999AA1012345678${n}`,
      carrier: 'UPS',
      service: 'Ground',
      trackingNumber: `1Z999AA1012345678${n}`,
      shippedAt: '2026-08-11T10:00:00.000Z',
      lines: [{ sku: 'MUG-BLUE-350', quantity: 2 }],
    },
    lines: [
      { externalLineId: '0', sku: 'MUG-BLUE-350', quantity: 2, externalId: '41' } as ShipmentPushItem['lines'][number],
    ],
  }
}

type Sandbox = Awaited<ReturnType<typeof listenErpSandbox>>
let erp: Sandbox
beforeAll(async () => {
  erp = await listenErpSandbox({ verifySecret: outboundSecret, timeoutDelayMs: 1_500 })
})
afterAll(() => erp.close())
beforeEach(() => erp.control.reset())

describe('SAP Business One Service Layer (JSON)', () => {
  const settings = (): ErpSettings => ({ mapping: presetMapping('sap-b1'), outbound: { url: erp.url, format: 'json' } })

  it('posts a sales order with Idempotency-Key and a signature; the ERP document number comes back', async () => {
    const ctx = erpContext(settings(), credentials)
    const [result] = await erpConnector.push!(ctx, 'orders', [orderItem(1001)])
    const [received] = erp.control.received('orders')
    expect(result).toEqual({
      key: 'ord-1001-a1',
      status: 'ok',
      externalId: String(received!.docEntry),
      bindings: [{ entity: 'order', canonicalKey: 'shop-1001', externalId: String(received!.docEntry) }],
    })
    expect(received!.key).toBe('ord-1001-a1')
    expect(received!.document).toEqual({
      CardCode: 'C20000',
      NumAtCard: 'ord-1001-a1',
      DocDate: '2026-08-09',
      DocDueDate: '2026-08-11',
      DocCurrency: 'USD',
      Comments: 'shopify #1001',
      DocumentLines: [{ ItemCode: 'MUG-BLUE-350', Quantity: '2', UnitPrice: '12.50', WarehouseCode: '01' }],
    })
    // the sandbox booked it: committed stock went up
    expect(erp.control.state.items.get('MUG-BLUE-350')!.stock[0]).toMatchObject({ warehouse: '01', committed: 6 })
  })

  it('a 500 after the ERP saved the order: the client retries with the same key and the order exists once', async () => {
    erp.control.failNext('500-after-apply', { target: 'orders' })
    const ctx = erpContext(settings(), credentials)
    const [result] = await erpConnector.push!(ctx, 'orders', [orderItem(1002)])
    expect(result!.status).toBe('ok')
    expect(ctx.http.stats.requests).toBe(2)
    expect(erp.control.received('orders')).toHaveLength(1)
    expect(erp.control.received('orders')[0]).toMatchObject({ key: 'ord-1002-a1', deliveries: 2 })
    expect(erp.control.stats.replays).toBe(1)
    expect(result!.externalId).toBe(String(erp.control.received('orders')[0]!.docEntry))
  })

  it('a 500 before saving: retried, saved once', async () => {
    erp.control.failNext('500', { target: 'orders', count: 2 })
    const ctx = erpContext(settings(), credentials)
    const [result] = await erpConnector.push!(ctx, 'orders', [orderItem(1003)])
    expect(result!.status).toBe('ok')
    expect(ctx.http.stats.retries).toBe(2)
    expect(erp.control.received('orders')).toEqual([expect.objectContaining({ key: 'ord-1003-a1', deliveries: 1 })])
  })

  it('the hub pushing the same item again (a job retry) gets the first answer, not a second order', async () => {
    const ctx = erpContext(settings(), credentials)
    const [a] = await erpConnector.push!(ctx, 'orders', [orderItem(1004)])
    const [b] = await erpConnector.push!(ctx, 'orders', [orderItem(1004)])
    expect(b).toEqual(a)
    expect(erp.control.received('orders')).toHaveLength(1)
  })

  it('still failing after the retries → retryable; a hang → retryable timeout; a rejection → rejected with the ERP’s words', async () => {
    erp.control.failNext('500', { target: 'orders', count: 10 })
    const [failing] = await erpConnector.push!(erpContext(settings(), credentials, { retries: 2 }), 'orders', [
      orderItem(1005),
    ])
    expect(failing).toMatchObject({ key: 'ord-1005-a1', status: 'retryable', error: { code: 'CONNECTOR_UNAVAILABLE' } })
    erp.control.reset()

    erp.control.failNext('timeout', { target: 'orders', count: 2 })
    const hanging = { ...settings(), outbound: { url: erp.url, format: 'json' as const, timeoutMs: 200 } }
    const [timedOut] = await erpConnector.push!(erpContext(hanging, credentials, { retries: 1 }), 'orders', [
      orderItem(1006),
    ])
    expect(timedOut).toMatchObject({ status: 'retryable', error: { code: 'CONNECTOR_TIMEOUT' } })

    erp.control.failNext('reject', { target: 'orders' })
    const [rejected] = await erpConnector.push!(erpContext(settings(), credentials), 'orders', [orderItem(1007)])
    expect(rejected).toEqual({
      key: 'ord-1007-a1',
      status: 'rejected',
      error: {
        code: 'CONNECTOR_REJECTED',
        message: 'remote rejected the request (400): Document rejected (injected by the sandbox)',
      },
    })
    expect(erp.control.received('orders').map((r) => r.key)).toEqual([])
  })

  it('the ERP refusing the data comes back per document, next to the ones it took', async () => {
    const unknownItem = orderItem(1009)
    unknownItem.lines = [{ sku: 'NO-SUCH-SKU', quantity: 1, unitPrice: usd(100) }]
    const results = await erpConnector.push!(erpContext(settings(), credentials), 'orders', [
      orderItem(1008),
      unknownItem,
    ])
    expect(results.map((r) => [r.key, r.status])).toEqual([
      ['ord-1008-a1', 'ok'],
      ['ord-1009-a1', 'rejected'],
    ])
    expect(results[1]!.error!.message).toBe(
      'remote rejected the request (400): DocumentLines[0].ItemCode: item "NO-SUCH-SKU" does not exist',
    )
  })

  it('a wrong outbound secret is refused by the ERP and reported as retryable (fix the credentials, not the order)', async () => {
    const [result] = await erpConnector.push!(
      erpContext(settings(), { ...credentials, outboundSecret: 'not-the-secret-the-erp-has' }),
      'orders',
      [orderItem(1010)],
    )
    expect(result).toMatchObject({ status: 'retryable', error: { code: 'CONNECTOR_AUTH_FAILED' } })
  })

  it('a shipment becomes a delivery against the order line (BaseType 17, BaseEntry, BaseLine) with the tracking number', async () => {
    const ctx = erpContext(settings(), credentials)
    const [placed] = await erpConnector.push!(ctx, 'orders', [orderItem(1011)])
    const [shipped] = await erpConnector.push!(ctx, 'shipments', [shipmentItem(1011, placed!.externalId!)])
    expect(shipped).toMatchObject({
      key: 'shp-1011',
      status: 'ok',
      bindings: [{ entity: 'shipment', canonicalKey: '1Z999AA10123456781011' }],
    })
    const [delivery] = erp.control.received('shipments')
    expect(delivery!.document).toEqual({
      CardCode: 'C20000',
      NumAtCard: 'shp-1011',
      DocDate: '2026-08-11',
      TrackingNumber: '1Z999AA10123456781011',
      Comments: 'UPS Ground 1Z999AA10123456781011',
      DocumentLines: [
        { ItemCode: 'MUG-BLUE-350', Quantity: '2', BaseType: '17', BaseEntry: placed!.externalId, BaseLine: '0' },
      ],
    })
    const [orphan] = await erpConnector.push!(ctx, 'shipments', [shipmentItem(1012, '424242')])
    expect(orphan).toMatchObject({
      status: 'rejected',
      error: { message: expect.stringContaining('sales order 424242 does not exist') },
    })
  })

  it('a document the mapping cannot write is rejected before any call, naming the field', async () => {
    const ctx = erpContext(settings(), credentials)
    const [result] = await erpConnector.push!(ctx, 'shipments', [shipmentItem(1013, 'not-a-number')])
    expect(result).toEqual({
      key: 'shp-1013',
      status: 'rejected',
      error: {
        code: 'VALIDATION_FAILED',
        field: 'DocumentLines[0].BaseEntry',
        message:
          'DocumentLines[0].BaseEntry: "not-a-number" is not a number at DocumentLines[0].BaseEntry (from $.orderExternalId)',
      },
    })
    expect(ctx.http.stats.requests).toBe(0)
  })

  it('XML documents: the same order as elements, the ERP answers in XML', async () => {
    const [result] = await erpConnector.push!(
      erpContext({ ...settings(), outbound: { url: erp.url, format: 'xml' } }, credentials),
      'orders',
      [orderItem(1014)],
    )
    const [received] = erp.control.received('orders')
    expect(received!.contentType).toMatch(/application\/xml/)
    expect(result).toMatchObject({ status: 'ok', externalId: String(received!.docEntry) })
    expect(received!.document).toMatchObject({
      NumAtCard: 'ord-1014-a1',
      DocumentLines: { ItemCode: 'MUG-BLUE-350', Quantity: '2', UnitPrice: '12.50' },
    })
  })

  it('testConnection reads the endpoint and checks the mapping', async () => {
    expect(await erpConnector.testConnection(erpContext(settings(), credentials))).toMatchObject({
      ok: true,
      message: expect.stringContaining('mapping version 1 is valid; outbound endpoint'),
    })
    const down = await erpConnector.testConnection(
      erpContext({ ...settings(), outbound: { url: 'http://127.0.0.1:9', format: 'json' } }, credentials),
    )
    expect(down).toMatchObject({ ok: false, message: expect.stringContaining('did not answer') })
    const broken = await erpConnector.testConnection(
      erpContext({ mapping: { ...presetMapping('sap-b1'), timeZone: 'Mars/Olympus' } }, credentials),
    )
    expect(broken).toMatchObject({ ok: false, message: expect.stringContaining('unknown IANA time zone Mars/Olympus') })
  })
})

describe('Odoo XML-RPC', () => {
  const settings = (): ErpSettings => ({ preset: 'odoo', outbound: { url: erp.url, format: 'xml' } })

  it('creates a sale.order with execute_kw; the new id comes back; the API key is not kept by the sandbox', async () => {
    const [result] = await erpConnector.push!(erpContext(settings(), credentials), 'orders', [orderItem(2001)])
    const [received] = erp.control.received('orders')
    expect(result).toMatchObject({ status: 'ok', externalId: String(received!.docEntry) })
    expect(received!.document).toEqual({
      methodName: 'execute_kw',
      params: [
        'sandbox',
        '2',
        '[REDACTED]',
        'sale.order',
        'create',
        [
          {
            partner_id: '7',
            client_order_ref: 'ord-2001-a1',
            origin: 'shopify #2001',
            date_order: '2026-08-09 23:30:00',
            order_line: [['0', '0', { product_id: '41', product_uom_qty: '2', price_unit: '12.50' }]],
          },
        ],
      ],
    })
  })

  it('retries after a 500 apply once; a fault is a rejection with Odoo’s message', async () => {
    erp.control.failNext('500-after-apply')
    const [ok] = await erpConnector.push!(erpContext(settings(), credentials), 'orders', [orderItem(2002)])
    expect(ok!.status).toBe('ok')
    expect(erp.control.received('orders')).toEqual([expect.objectContaining({ key: 'ord-2002-a1', deliveries: 2 })])

    const [denied] = await erpConnector.push!(
      erpContext(settings(), { ...credentials, xmlrpc: { ...DEFAULT_ODOO_LOGIN, key: 'wrong' } }),
      'orders',
      [orderItem(2003)],
    )
    expect(denied).toEqual({
      key: 'ord-2003-a1',
      status: 'rejected',
      error: {
        code: 'CONNECTOR_REJECTED',
        message: 'the ERP answered with a fault: 3 odoo.exceptions.AccessDenied: Access Denied',
      },
    })
  })

  it('a line without the ERP product id is refused before sending, naming the field', async () => {
    const item = orderItem(2004, { lines: [{ sku: 'MUG-BLUE-350', quantity: 1 }] })
    const [result] = await erpConnector.push!(erpContext(settings(), credentials), 'orders', [item])
    expect(result).toMatchObject({
      status: 'rejected',
      error: { code: 'MAPPING_FIELD_MISSING', field: 'order_line[0][2].product_id' },
    })
  })

  it('a shipment becomes a stock.picking with the tracking number', async () => {
    const [result] = await erpConnector.push!(erpContext(settings(), credentials), 'shipments', [
      shipmentItem(2005, '17'),
    ])
    expect(result!.status).toBe('ok')
    const vals = (
      (erp.control.received('shipments')[0]!.document as { params: unknown[] }).params[5] as Record<string, unknown>[]
    )[0]!
    expect(vals).toMatchObject({
      carrier_tracking_ref: '1Z999AA10123456782005',
      origin: 'shp-2005',
      move_ids: [['0', '0', { product_id: '41', product_uom_qty: '2', name: 'MUG-BLUE-350' }]],
    })
  })

  it('testConnection asks common.version()', async () => {
    expect(await erpConnector.testConnection(erpContext(settings(), credentials))).toMatchObject({
      ok: true,
      details: { version: '17.0' },
    })
  })
})
