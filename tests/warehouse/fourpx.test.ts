// The second provider through the same connector: 4PX's signed FOP calls, idempotent outbound
// orders by ref_no, cancellation, shipments and statuses by polling, stock per warehouse code.
// Against a signature-checking FOP stand-in over real HTTP (tests/warehouse/fourpx-fake.ts).
import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CanonicalRecord, Page, PulledItem } from '../../src/connectors/types.ts'
import { fourPxSign } from '../../src/connectors/warehouse/fourpx.ts'
import { warehouseConnector as connector } from '../../src/connectors/warehouse/index.ts'
import type { WarehouseSettings } from '../../src/connectors/warehouse/settings.ts'
import { CrossdockError } from '../../src/errors.ts'
import { fourPxAllocationStatus, fourPxInventoryItems, toFourPxOutbound } from '../../src/mappers/warehouse/fourpx.ts'
import { APP_KEY, APP_SECRET, startFourPxFake, type FourPxFake } from './fourpx-fake.ts'
import { allocation, collect, context, order } from './support.ts'

const FACILITIES: WarehouseSettings['facilities'] = {
  USLAX01: { code: 'US-LAX', country: 'US', timeZone: 'America/Los_Angeles', cutoffHour: 12 },
  JPTYO01: { code: 'JP-TYO', country: 'JP', timeZone: 'Asia/Tokyo', cutoffHour: 13 },
}

let fake: FourPxFake
beforeAll(async () => {
  fake = await startFourPxFake()
})
afterAll(async () => fake.close())

const ctxFor = (creds: { appKey?: string; appSecret?: string } = {}) =>
  context(
    fake.url,
    { provider: '4px', facilities: FACILITIES, shippingMethod: 'F3' },
    { apiToken: undefined, webhookSecret: undefined, appKey: APP_KEY, appSecret: APP_SECRET, ...creds },
  )
const all = (pages: Page[]) => pages.flatMap((p) => p.items)
const ofType = <T extends CanonicalRecord['type']>(items: PulledItem[], type: T) =>
  items.flatMap((i) => i.records ?? []).filter((r): r is Extract<CanonicalRecord, { type: T }> => r.type === type)

describe('4PX signing', () => {
  it('signs app_key, format, method, timestamp and v in that order, then the body, then the secret (lowercase md5)', () => {
    const body = '{"ref_no":"R1"}'
    const sign = fourPxSign(
      { app_key: 'K', format: 'json', method: 'fu.wms.outbound.create', timestamp: 1700000000000, v: '1.0.0' },
      body,
      'S',
    )
    expect(sign).toBe(
      createHash('md5')
        .update('app_keyKformatjsonmethodfu.wms.outbound.createtimestamp1700000000000v1.0.0{"ref_no":"R1"}S')
        .digest('hex'),
    )
    expect(sign).toMatch(/^[0-9a-f]{32}$/)
  })

  it("every call the connector makes passes the router's signature check", async () => {
    expect(await connector.testConnection(ctxFor())).toMatchObject({
      ok: true,
      message: 'connected to 4PX: 3 fulfilment warehouses, 2 mapped',
    })
    expect(fake.calls.length).toBeGreaterThan(0)
    expect(fake.calls.every((c) => c.signed)).toBe(true)
  })

  it("a wrong secret is the connection's fault: the item stays retryable, the test says why", async () => {
    const ctx = ctxFor({ appSecret: 'wrong' })
    const [r] = await connector.push!(ctx, 'orders', [allocation(order(), 'US-LAX')])
    expect(r).toMatchObject({ status: 'retryable', error: { code: 'CONNECTOR_AUTH_FAILED' } })
    expect((await connector.testConnection(ctx)).message).toMatch(/refused the app key or signature/)
  })
})

describe('4PX outbound orders', () => {
  it('are created once per allocation: the retry meets the duplicate ref_no and finds the first', async () => {
    const ctx = ctxFor()
    const item = allocation(order(), 'US-LAX')
    const first = (await connector.push!(ctx, 'orders', [item]))[0]!
    const again = (await connector.push!(ctx, 'orders', [item]))[0]!
    expect(first).toMatchObject({ status: 'ok' })
    expect(first.externalId).toMatch(/^OC\d+$/)
    expect(again).toMatchObject({ status: 'ok', externalId: first.externalId })
    expect(fake.outbounds.filter((o) => o.ref_no === item.key)).toHaveLength(1)
    expect(fake.outbounds.find((o) => o.ref_no === item.key)).toMatchObject({
      from_warehouse_code: 'USLAX01',
      logistics_product_code: 'F3',
    })
  })

  it('cancel before shipping works; after shipping it is refused and reported', async () => {
    const ctx = ctxFor()
    const a = (await connector.push!(ctx, 'orders', [allocation(order(), 'US-LAX')]))[0]!
    const b = (await connector.push!(ctx, 'orders', [allocation(order(), 'JP-TYO')]))[0]!
    fake.ship(b.externalId!)
    const [ca, cb] = await connector.push!(ctx, 'cancellations', [
      { key: 'ca', externalId: a.externalId! },
      { key: 'cb', externalId: b.externalId! },
    ])
    expect(ca).toMatchObject({ status: 'ok' })
    expect(cb).toMatchObject({ status: 'rejected', error: { code: 'CONNECTOR_CONFLICT' } })
    expect(cb!.error!.message).toMatch(/already shipped and cannot be cancelled/)
  })

  it('ship out and come back by polling, with our allocation as the reference', async () => {
    const ctx = ctxFor()
    const item = allocation(order(), 'US-LAX')
    const r = (await connector.push!(ctx, 'orders', [item]))[0]!
    fake.ship(r.externalId!)
    const pages = await collect(connector.pull!(ctx, 'shipments', null))
    const s = ofType(all(pages), 'shipment').find((x) => x.reference.allocationId === item.key)
    expect(s?.value).toMatchObject({
      externalId: r.externalId,
      carrier: 'USPS',
      trackingNumber: '9400111899223197428497',
      service: 'F3',
      lines: [{ sku: 'MUG-BLUE', quantity: 2 }],
    })
    expect(pages.at(-1)!.nextCursor).toBe(s!.value.shippedAt)
    const statuses = ofType(all(await collect(connector.pull!(ctx, 'orders', null))), 'document_status')
    expect(statuses.find((x) => x.value.reference === item.key)?.value).toMatchObject({
      status: 'shipped',
      externalId: r.externalId,
    })
  })

  it('are refused before the call when 4PX could not take them', () => {
    const noPhone = order({
      shippingAddress: { name: 'Ada', line1: '1 Main St', city: 'LA', country: 'US' },
      buyer: { name: 'Ada' },
    })
    const r = toFourPxOutbound(allocation(noPhone, 'US-LAX'), { logisticsProductCode: 'F3', facilities: FACILITIES })
    expect(!r.ok && r.errors.map((e) => e.field)).toEqual(['order.shippingAddress.phone'])
    const r2 = toFourPxOutbound(allocation(order(), 'DE-FRA'), { facilities: FACILITIES })
    expect(!r2.ok && r2.errors.map((e) => e.field)).toEqual(['allocation.locationCode', 'settings.shippingMethod'])
  })

  it.each([
    [{ status: 'S' }, 'accepted'],
    [{ status: 'P' }, 'accepted'],
    [{ status: 'C' }, 'shipped'],
    [{ status: 'X' }, 'cancelled'],
    [{ status: 'E', sub_status: 'S' }, 'backordered'],
    [{ status: 'E', sub_status: 'R' }, 'rejected'],
  ] as const)('status %o → %s', (o, expected) => {
    expect(fourPxAllocationStatus(o)).toBe(expected)
  })
})

describe('4PX stock and warehouses', () => {
  it('adds batches per warehouse and SKU onto the mapped location codes; damaged units are on hand but unsellable', async () => {
    fake.inventory.push(
      {
        warehouse_code: 'USLAX01',
        sku_code: 'MUG-BLUE',
        batch_no: 'B1',
        available_stock: 10,
        pending_stock: 2,
        onway_stock: 50,
        stock_quality: 'G',
      },
      {
        warehouse_code: 'USLAX01',
        sku_code: 'MUG-BLUE',
        batch_no: 'B2',
        available_stock: 5,
        pending_stock: 0,
        stock_quality: 'G',
      },
      {
        warehouse_code: 'USLAX01',
        sku_code: 'MUG-BLUE',
        batch_no: 'B3',
        available_stock: 4,
        pending_stock: 0,
        stock_quality: 'B',
      },
      { warehouse_code: 'JPTYO01', sku_code: 'MUG-BLUE', available_stock: 7, pending_stock: 1, stock_quality: 'G' },
      { warehouse_code: 'DEFRA01', sku_code: 'MUG-BLUE', available_stock: 3, pending_stock: 0, stock_quality: 'G' },
    )
    const items = all(await collect(connector.pull!(ctxFor(), 'inventory', null)))
    expect(ofType(items, 'inventory_level').map((r) => r.value)).toEqual([
      expect.objectContaining({
        sku: 'MUG-BLUE',
        locationCode: 'US-LAX',
        onHand: 21,
        reserved: 2,
        available: 15,
        unsellable: { damaged: 4 },
        incoming: 50,
      }),
      expect.objectContaining({ sku: 'MUG-BLUE', locationCode: 'JP-TYO', onHand: 8, reserved: 1, available: 7 }),
    ])
    expect(items.find((i) => i.externalId === 'MUG-BLUE@DEFRA01')?.error?.code).toBe('MAPPING_FIELD_MISSING')
    expect(fourPxInventoryItems([], FACILITIES, '2026-01-01T00:00:00.000Z')).toEqual([])
  })

  it('pulls warehouses as locations and says it has no webhooks', async () => {
    const ctx = ctxFor()
    const locations = ofType(all(await collect(connector.pull!(ctx, 'locations', null))), 'location').map(
      (r) => r.value,
    )
    expect(locations).toEqual([
      {
        code: 'US-LAX',
        name: 'Los Angeles Warehouse',
        type: 'warehouse',
        country: 'US',
        timeZone: 'America/Los_Angeles',
        cutoffHour: 12,
      },
      {
        code: 'JP-TYO',
        name: 'Tokyo Warehouse',
        type: 'warehouse',
        country: 'JP',
        timeZone: 'Asia/Tokyo',
        cutoffHour: 13,
      },
    ])
    expect(() =>
      connector.webhooks!.verify(
        { headers: {}, rawBody: Buffer.from('{}'), contentType: 'application/json', receivedAt: new Date() },
        ctx,
      ),
    ).toThrow(CrossdockError)
    expect(await connector.registerWebhooks!(ctx, 'https://hub.example/webhooks/warehouse/x')).toEqual([])
  })
})
