// The 3PL connector against the ShipBob sandbox over real HTTP: idempotent order creation,
// cancellation before and after shipping, shipments by webhook and by pull, stock per facility,
// order status, and riding out the provider's rate limit.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { CanonicalRecord, Page, PulledItem, PushResult } from '../../src/connectors/types.ts'
import { warehouseConnector as connector } from '../../src/connectors/warehouse/index.ts'
import { isValidTrackingNumber } from '../../src/mappers/warehouse/carriers.ts'
import {
  allocation,
  collect,
  context,
  FACILITIES,
  order,
  startReceiver,
  startSandbox,
  TOKEN,
  until,
  type Receiver,
  type Running,
} from './support.ts'

let sb: Running

beforeAll(async () => {
  sb = await startSandbox()
  sb.control.seedStock([
    { facilityId: 10, sku: 'MUG-BLUE', onHand: 50, name: 'Blue mug' },
    { facilityId: 20, sku: 'MUG-BLUE', onHand: 12, name: 'Blue mug' },
    { facilityId: 40, sku: 'MUG-BLUE', onHand: 7, name: 'Blue mug' },
    { facilityId: 40, sku: 'TEE-M', onHand: 3, name: 'T-shirt M' },
  ])
})
afterAll(async () => sb.close())
afterEach(() => sb.control.setFaults({ api: {}, webhooks: {} }))

const records = (pages: Page[]) => pages.flatMap((p) => p.items)
const ofType = <T extends CanonicalRecord['type']>(items: PulledItem[], type: T) =>
  items.flatMap((i) => i.records ?? []).filter((r): r is Extract<CanonicalRecord, { type: T }> => r.type === type)

async function pushOrder(ctx: ReturnType<typeof context>, item: ReturnType<typeof allocation>): Promise<PushResult> {
  const [r] = await connector.push!(ctx, 'orders', [item])
  return r!
}

describe('outbound orders', () => {
  it('creates one order per allocation, and a retry with the same reference returns the same order', async () => {
    const ctx = context(sb.url)
    const item = allocation(order(), 'US-EAST')
    const first = await pushOrder(ctx, item)
    const again = await pushOrder(ctx, item)
    const [c1, c2] = await connector.push!(ctx, 'orders', [item, item])
    expect(first).toMatchObject({ key: item.key, status: 'ok' })
    expect(first.externalId).toMatch(/^\d+$/)
    for (const r of [again, c1, c2]) expect(r).toMatchObject({ status: 'ok', externalId: first.externalId })
    expect(sb.control.orders().filter((o) => o.reference_id === item.key)).toHaveLength(1)
    const created = sb.control.order(item.key)!
    expect(created.shipments?.[0]?.location?.id).toBe(10)
    expect(created.products?.[0]).toMatchObject({ reference_id: 'MUG-BLUE', quantity: 2 })
  })

  it('survives an answer lost after ShipBob created the order: the retry meets 422 and finds it', async () => {
    const ctx = context(sb.url)
    const item = allocation(order(), 'US-EAST')
    sb.control.setFaults({ api: { fail: 1, when: 'after', status: 502, match: 'POST /2026-01/order' } })
    const r = await pushOrder(ctx, item)
    expect(sb.control.stats().faultsServed).toBeGreaterThan(0)
    expect(r.status).toBe('ok')
    const there = sb.control.orders().filter((o) => o.reference_id === item.key)
    expect(there).toHaveLength(1)
    expect(r.externalId).toBe(String(there[0]!.id))
  })

  it("rejects an address ShipBob refuses, naming ShipBob's field", async () => {
    const ctx = context(sb.url)
    const bad = order({
      shippingAddress: { name: 'Ada', line1: '1 Main St', city: 'Springfield', postalCode: 'ABC', country: 'US' },
    })
    const r = await pushOrder(ctx, allocation(bad, 'US-EAST'))
    expect(r.status).toBe('rejected')
    expect(r.error).toMatchObject({ code: 'CONNECTOR_REJECTED', field: 'recipient.address.zip_code' })
  })

  it('rejects an order with no shipping address before calling the warehouse', async () => {
    const ctx = context(sb.url)
    const before = sb.control.stats().requests
    const r = await pushOrder(ctx, allocation(order({ shippingAddress: undefined }), 'US-EAST'))
    expect(r.status).toBe('rejected')
    expect(r.error).toMatchObject({ code: 'MAPPING_FIELD_MISSING', field: 'order.shippingAddress' })
    expect(sb.control.stats().requests - before).toBeLessThanOrEqual(1) // at most the channel look-up
  })

  it('keeps an order the warehouse has no stock for, and reports it as backordered', async () => {
    const ctx = context(sb.url)
    const o = order({
      lines: [{ externalLineId: 'l1', sku: 'TEE-M', quantity: 5, unitPrice: { amount: 900, currency: 'USD' } }],
    })
    const item = allocation(o, 'JP-TYO')
    const r = await pushOrder(ctx, item)
    expect(r.status).toBe('ok')
    const statuses = ofType(records(await collect(connector.pull!(ctx, 'orders', null))), 'document_status')
    expect(statuses.find((s) => s.value.reference === item.key)?.value).toMatchObject({
      status: 'backordered',
      externalId: r.externalId,
    })
  })
})

describe('cancellations', () => {
  it('cancels an unshipped order and gives its stock back', async () => {
    const ctx = context(sb.url)
    const item = allocation(order(), 'DE-HAM')
    const created = await pushOrder(ctx, item)
    const committed = () =>
      sb.state.stockRows().find((r) => r.facility.id === 20 && r.product.sku === 'MUG-BLUE')!.committed
    expect(committed()).toBe(2)
    const [r] = await connector.push!(ctx, 'cancellations', [{ key: 'c1', externalId: created.externalId! }])
    expect(r).toMatchObject({ key: 'c1', status: 'ok', externalId: created.externalId })
    expect(committed()).toBe(0)
    expect(sb.control.order(item.key)?.status).toBe('Cancelled')
  })

  it('refuses to cancel a shipped order and says so', async () => {
    const ctx = context(sb.url)
    const item = allocation(order(), 'US-EAST')
    const created = await pushOrder(ctx, item)
    expect(sb.control.shipNow(item.key)?.status).toBe('Fulfilled')
    const [r] = await connector.push!(ctx, 'cancellations', [{ key: 'c2', externalId: created.externalId! }])
    expect(r!.status).toBe('rejected')
    expect(r!.error?.code).toBe('CONNECTOR_CONFLICT')
    expect(r!.error?.message).toMatch(/already shipped and cannot be cancelled/)
    expect(sb.control.order(item.key)?.status).toBe('Fulfilled')
  })
})

describe('shipments', () => {
  let receiver: Receiver
  beforeAll(async () => {
    receiver = await startReceiver()
    const ctx = context(sb.url)
    const subs = await connector.registerWebhooks!(ctx, receiver.url)
    expect(subs.map((s) => s.topic)).toContain('order.shipped')
    expect(await connector.registerWebhooks!(ctx, receiver.url)).toEqual(subs.map((s) => ({ ...s, status: 'exists' })))
  })
  afterAll(async () => receiver.close())

  async function webhookRecords(ctx: ReturnType<typeof context>, webhookId: string) {
    const raw = receiver.received.find((r) => r.headers['webhook-id'] === webhookId)!
    connector.webhooks!.verify(raw, ctx)
    const [event] = connector.webhooks!.parse(raw, ctx)
    expect(event!.eventId).toBe(webhookId)
    return { event: event!, effects: await connector.webhooks!.process(ctx, event!) }
  }

  it('come back by webhook and by pull as the same records, with tracking in the carrier format', async () => {
    const ctx = context(sb.url)
    const item = allocation(order(), 'US-EAST')
    const created = await pushOrder(ctx, item)
    sb.control.shipNow(item.key)
    const delivery = await until(
      () =>
        sb.control
          .deliveries()
          .find(
            (d) =>
              d.topic === 'order.shipped' &&
              d.state === 'delivered' &&
              receiver.received.some(
                (r) => r.headers['webhook-id'] === d.webhookId && r.rawBody.includes(created.externalId!),
              ),
          ),
      'order.shipped delivery',
    )
    const { event, effects } = await webhookRecords(ctx, delivery.webhookId)
    expect(event.topic).toBe('order.shipped')
    const byWebhook = effects.flatMap((e) => (e.kind === 'records' ? e.items : []))
    const pulled = records(await collect(connector.pull!(ctx, 'shipments', null)))

    const hooked = ofType(byWebhook, 'shipment')
    expect(hooked).toHaveLength(1)
    const viaPull = ofType(pulled, 'shipment').find((s) => s.value.externalId === hooked[0]!.value.externalId)
    expect(viaPull).toEqual(hooked[0])
    const shipment = hooked[0]!
    expect(shipment.reference).toEqual({ allocationId: item.key })
    expect(shipment.value).toMatchObject({
      carrier: 'UPS',
      service: 'UPS Ground',
      lines: [{ sku: 'MUG-BLUE', quantity: 2 }],
    })
    expect(isValidTrackingNumber(shipment.value.carrier, shipment.value.trackingNumber)).toBe(true)
    expect(byWebhook.find((i) => i.externalId === shipment.value.externalId)?.externalId).toBe(
      pulled.find((i) => i.externalId === shipment.value.externalId)?.externalId,
    )
    expect(ofType(byWebhook, 'document_status')[0]?.value).toMatchObject({
      reference: item.key,
      status: 'shipped',
      externalId: created.externalId,
    })
  })

  it('a redelivered webhook keeps its webhook-id, so the inbox sees one event', async () => {
    const ctx = context(sb.url)
    sb.control.setFaults({ webhooks: { duplicate: true } })
    const item = allocation(order(), 'US-EAST')
    await pushOrder(ctx, item)
    sb.control.shipNow(item.key)
    await sb.control.webhooksIdle()
    const d = sb.control
      .deliveries()
      .filter((x) => x.topic === 'order.shipped')
      .at(-1)!
    const copies = receiver.received.filter((r) => r.headers['webhook-id'] === d.webhookId)
    expect(copies).toHaveLength(2)
    const ids = copies.map((c) => connector.webhooks!.parse(c, ctx)[0]!.eventId)
    expect(new Set(ids).size).toBe(1)
  })

  it('a webhook that never came is caught by the next pull from the stored cursor', async () => {
    const ctx = context(sb.url)
    const first = await collect(connector.pull!(ctx, 'shipments', null))
    const cursor = first.at(-1)!.nextCursor
    expect(cursor).toMatch(/^\d{4}-\d{2}-\d{2}T/)
    sb.control.setFaults({ webhooks: { drop: 10 } })
    const item = allocation(order(), 'US-WEST', [{ sku: 'MUG-BLUE', quantity: 1 }])
    sb.control.seedStock([{ facilityId: 11, sku: 'MUG-BLUE', onHand: 5 }])
    await pushOrder(ctx, item)
    sb.control.shipNow(item.key)
    expect(sb.control.deliveries().filter((d) => d.state === 'dropped').length).toBeGreaterThan(0)
    const later = records(await collect(connector.pull!(ctx, 'shipments', cursor!)))
    const s = ofType(later, 'shipment').find((x) => x.reference.allocationId === item.key)
    expect(s?.value.carrier).toBe('USPS')
    expect(isValidTrackingNumber('USPS', s!.value.trackingNumber)).toBe(true)
  })
})

describe('stock and locations', () => {
  it('lands stock per facility on the right location codes, with on hand, reserved and available', async () => {
    const ctx = context(sb.url, { facilities: { 10: FACILITIES[10]!, 20: FACILITIES[20]!, 40: FACILITIES[40]! } })
    sb.control.seedStock([{ facilityId: 30, sku: 'MUG-BLUE', onHand: 9 }])
    const pages = await collect(connector.pull!(ctx, 'inventory', null))
    const items = records(pages)
    const levels = ofType(items, 'inventory_level').map((r) => r.value)
    const rows = sb.state.stockRows()
    for (const [facilityId, code] of [
      [10, 'US-EAST'],
      [20, 'DE-HAM'],
      [40, 'JP-TYO'],
    ] as const) {
      for (const row of rows.filter((r) => r.facility.id === facilityId)) {
        expect(levels.find((l) => l.locationCode === code && l.sku === row.product.sku)).toMatchObject({
          onHand: row.onHand,
          reserved: row.committed,
          available: row.onHand - row.committed,
        })
      }
    }
    expect(levels.some((l) => l.locationCode === 'JP-TYO' && l.sku === 'TEE-M' && l.onHand === 3)).toBe(true)
    const unmapped = items.find((i) => i.externalId.endsWith('@30'))
    expect(unmapped?.error).toMatchObject({ code: 'MAPPING_FIELD_MISSING' })
    expect(unmapped?.error?.message).toMatch(/facility 30 \(Coventry \(GB\)\) is not in this connection's facility map/)
    expect(pages.every((p) => p.nextCursor === null)).toBe(true)
  })

  it('follows the next links through a catalogue larger than a page', async () => {
    const big = await startSandbox()
    try {
      big.control.seedStock(
        Array.from({ length: 260 }, (_, i) => ({
          facilityId: 40,
          sku: `SKU-${String(i).padStart(4, '0')}`,
          onHand: i,
        })),
      )
      const pages = await collect(connector.pull!(context(big.url), 'inventory', null))
      expect(pages.length).toBe(2)
      const levels = ofType(records(pages), 'inventory_level').map((r) => r.value)
      expect(levels).toHaveLength(260)
      expect(levels.find((l) => l.sku === 'SKU-0259')).toMatchObject({ locationCode: 'JP-TYO', onHand: 259 })
    } finally {
      await big.close()
    }
  })

  it('pulls facilities as canonical locations with the time zone from the facility map', async () => {
    const items = records(await collect(connector.pull!(context(sb.url), 'locations', null)))
    const locations = ofType(items, 'location').map((r) => r.value)
    expect(locations.map((l) => l.code).sort()).toEqual(['DE-HAM', 'JP-TYO', 'UK-COV', 'US-EAST', 'US-WEST'])
    expect(locations.find((l) => l.code === 'JP-TYO')).toMatchObject({
      country: 'JP',
      timeZone: 'Asia/Tokyo',
      cutoffHour: 13,
      type: 'warehouse',
      name: 'Ichikawa (JP)',
    })
    expect(items.find((i) => i.externalId === '40')?.bindings).toEqual([
      { entity: 'location', canonicalKey: 'JP-TYO', externalId: '40' },
    ])
  })
})

describe('connection', () => {
  it('tests the token and the facility map', async () => {
    const ok = await connector.testConnection(context(sb.url))
    expect(ok).toMatchObject({ ok: true })
    expect(ok.message).toMatch(/5 fulfillment centres, 5 mapped/)
    const refused = await connector.testConnection(context(sb.url, {}, { apiToken: 'wrong' }))
    expect(refused).toMatchObject({ ok: false, message: 'ShipBob refused the API token (401)' })
    const unknown = await connector.testConnection(
      context(sb.url, { facilities: { ...FACILITIES, 99: { code: 'X', country: 'US', timeZone: 'UTC' } } }),
    )
    expect(unknown.ok).toBe(false)
    expect(unknown.message).toMatch(/facilities 99/)
  })
})

describe('rate limit', () => {
  it('paces itself inside the window: no 429 when it is the only caller', async () => {
    const small = await startSandbox({ rateLimit: { limit: 5, windowSeconds: 1 } })
    try {
      const ctx = context(small.url, { rateLimit: { limit: 5, windowSeconds: 1 } })
      const pulls = await Promise.all(
        Array.from({ length: 12 }, () => collect(connector.pull!(ctx, 'locations', null))),
      )
      expect(pulls.every((p) => ofType(records(p), 'location').length === 5)).toBe(true)
      expect(small.control.stats()).toMatchObject({ requests: 12, rateLimited: 0 })
    } finally {
      await small.close()
    }
  })

  it("rides out ShipBob's 429 when another application shares the window", async () => {
    const small = await startSandbox({ rateLimit: { limit: 10, windowSeconds: 2 } })
    try {
      const ctx = context(small.url, { rateLimit: { limit: 10, windowSeconds: 2 } })
      small.control.setRateLimit({ consume: 7, token: TOKEN })
      const pulls = await Promise.all(Array.from({ length: 6 }, () => collect(connector.pull!(ctx, 'locations', null))))
      expect(pulls.every((p) => ofType(records(p), 'location').length === 5)).toBe(true)
      expect(small.control.stats().rateLimited).toBeGreaterThan(0)
      expect(ctx.http.stats.rateLimited).toBe(small.control.stats().rateLimited)
    } finally {
      await small.close()
    }
  })
})
