// Orders in from the sandbox over HTTP: two marketplaces in two currencies without duplicates,
// paging across three pages (and resuming mid-window), a 429 burst ridden out without losing a
// page, the v0 reads landing on the same canonical orders, Pending, FBA and absent PII.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { amazonConnector } from '../../src/connectors/amazon/index.ts'
import type { Order } from '../../src/model/index.ts'
import type { Page } from '../../src/connectors/types.ts'
import { collect, contextFor, minutesAgo, startSandbox, type Sandbox, DE, JP, US } from './helpers.ts'

const orders = (pages: Page[]): Order[] =>
  pages.flatMap((p) =>
    p.items.flatMap((i) => (i.records ?? []).filter((r) => r.type === 'order').map((r) => r.value as Order)),
  )
const ids = (pages: Page[]) => orders(pages).map((o) => o.externalId)

let sb: Sandbox
beforeAll(async () => {
  // real usage plans, 200× faster: searchOrders would otherwise allow one call per 3 minutes after its burst
  sb = await startSandbox({ rateScale: 200 })
})
afterAll(async () => {
  await sb.close()
})

describe('incremental pull', () => {
  it('brings orders from two marketplaces in two currencies, each once, and re-reads only the overlap', async () => {
    sb.control.reset()
    const ctx = contextFor(sb, { marketplaceIds: [US, DE] })
    const a = sb.control.placeOrder({
      marketplace: 'US',
      purchaseDate: minutesAgo(40),
      items: [{ sku: 'MUG', quantity: 1, unitPrice: '12.00' }],
    })
    const b = sb.control.placeOrder({
      marketplace: 'DE',
      purchaseDate: minutesAgo(5),
      items: [{ sku: 'MUG', quantity: 2, unitPrice: '9.90' }],
    })
    const first = await collect(amazonConnector.pull!(ctx, 'orders', null))
    expect(ids(first).sort()).toEqual([a.orderId, b.orderId].sort())
    expect(
      Object.fromEntries(
        orders(first).map((o) => [o.externalId, [o.currency, o.totals.total.amount, o.placedTimeZone]]),
      ),
    ).toEqual({
      [a.orderId]: ['USD', 1200, 'America/Los_Angeles'],
      [b.orderId]: ['EUR', 1980, 'Europe/Berlin'],
    })
    const cursor = first.at(-1)!.nextCursor!
    expect(JSON.parse(cursor)).toHaveProperty('since')

    // B changes a little before the cursor (inside the overlap), C is new; A did not change
    sb.control.setOrderStatus(b.orderId, 'Shipped', minutesAgo(3))
    const c = sb.control.placeOrder({
      marketplace: 'US',
      purchaseDate: minutesAgo(2.5),
      items: [{ sku: 'CUP', quantity: 1, unitPrice: '3.00' }],
    })
    const second = await collect(amazonConnector.pull!(ctx, 'orders', cursor))
    expect(ids(second).sort()).toEqual([b.orderId, c.orderId].sort())
    expect(orders(second).find((o) => o.externalId === b.orderId)!.status).toBe('shipped')
    for (const pages of [first, second]) expect(new Set(ids(pages)).size).toBe(ids(pages).length)
  })

  it('pages through three pages, and a cursor taken mid-window resumes on the next page', async () => {
    sb.control.reset()
    const placed = Array.from({ length: 5 }, (_, i) =>
      sb.control.placeOrder({
        marketplace: 'US',
        purchaseDate: minutesAgo(30 - i),
        items: [{ sku: `S${i}`, quantity: 1, unitPrice: '1.00' }],
      }),
    )
    const ctx = contextFor(sb, { maxResultsPerPage: 2 })
    const pages = await collect(amazonConnector.pull!(ctx, 'orders', null))
    expect(pages.map((p) => p.items.length)).toEqual([2, 2, 1])
    expect(ids(pages)).toEqual(placed.map((o) => o.orderId))
    expect(sb.state.requests.searchOrders).toBe(3)
    // x-amzn-RateLimit-Limit (0.0056 × 200 here) replaced the declared rate, paced at 95 %
    expect((await ctx.http.limit('searchOrders', 'NA'))?.refillPerSecond).toBeCloseTo(1.12 * 0.95, 6)
    const mid = JSON.parse(pages[0]!.nextCursor!)
    expect(mid.token).toBeTruthy()
    expect(JSON.parse(pages[2]!.nextCursor!)).toHaveProperty('since')

    const resumed = await collect(amazonConnector.pull!(ctx, 'orders', pages[0]!.nextCursor))
    expect(ids(resumed)).toEqual(placed.slice(2).map((o) => o.orderId))
  })

  it('rides out a 429 burst without losing a page', async () => {
    const tight = await startSandbox({ plans: { searchOrders: { rate: 2, burst: 1 } } })
    try {
      const placed = Array.from({ length: 6 }, (_, i) =>
        tight.control.placeOrder({
          marketplace: 'US',
          purchaseDate: minutesAgo(20 - i),
          items: [{ sku: `S${i}`, quantity: 1, unitPrice: '2.00' }],
        }),
      )
      const pages = await collect(amazonConnector.pull!(contextFor(tight, { maxResultsPerPage: 2 }), 'orders', null))
      expect(tight.state.throttled.searchOrders ?? 0).toBeGreaterThan(0)
      expect(ids(pages)).toEqual(placed.map((o) => o.orderId))
      expect(pages).toHaveLength(3)
    } finally {
      await tight.close()
    }
  })
})

describe('what an order carries', () => {
  // CONNECTOR BUG (issue 13, Amazon): Orders v0 returns the buyer and the street only to a call made
  // with a Restricted Data Token (Tokens API 2021-03-01), which the sandbox now enforces as Amazon
  // does; the v0 pull sends its LWA token, so its orders arrive without buyer, name and street while
  // searchOrders (roles only) has them. Remove `.fails` once the v0 pull gets and uses an RDT.
  it.fails('the v0 reads (getOrders + getOrderItems) and searchOrders give the same canonical orders', async () => {
    sb.control.reset()
    sb.control.placeOrder({
      marketplace: 'DE',
      purchaseDate: minutesAgo(50),
      buyer: { name: 'Erika Muster', email: 'e@marketplace.amazon.de' },
      address: { name: 'Erika Muster', line1: 'Hauptstr. 1', city: 'Berlin', postalCode: '10115', country: 'DE' },
      items: [
        {
          sku: 'KANNE',
          quantity: 3,
          unitPrice: '12.34',
          shipping: '4.99',
          itemTax: '7.03',
          shippingTax: '0.95',
          promotionDiscount: '1.00',
          shippingDiscount: '0.50',
        },
        { sku: 'TASSE', quantity: 1, unitPrice: '5.00' },
      ],
    })
    const fba = sb.control.placeOrder({
      marketplace: 'JP',
      fulfillmentChannel: 'AFN',
      purchaseDate: minutesAgo(45),
      items: [{ sku: 'MUG', quantity: 2, unitPrice: '1500', itemTax: '300' }],
    })
    sb.control.shipFbaOrder(fba.orderId, minutesAgo(44))
    sb.control.placeOrder({
      marketplace: 'US',
      status: 'Pending',
      purchaseDate: minutesAgo(40),
      items: [{ sku: 'MUG', quantity: 1, unitPrice: '10.00' }],
    })
    const ctx = contextFor(sb, { marketplaceIds: [US, DE, JP] })
    const v2026 = orders(await collect(amazonConnector.pull!(ctx, 'orders', null)))
    const v0 = orders(
      await collect(amazonConnector.pull!({ ...ctx, settings: { ...ctx.settings, ordersApi: 'v0' } }, 'orders', null)),
    )
    expect(v2026).toHaveLength(3)
    const byId = (list: Order[]) => [...list].sort((x, y) => x.externalId.localeCompare(y.externalId))
    expect(byId(v0)).toEqual(byId(v2026))
    expect(sb.state.requests.getOrderItems).toBe(3)

    const jp = v2026.find((o) => o.currency === 'JPY')!
    expect(jp).toMatchObject({
      status: 'shipped',
      fulfilledByChannel: true,
      totals: {
        subtotal: { amount: 3000, currency: 'JPY' },
        tax: { amount: 300, currency: 'JPY' },
        total: { amount: 3300, currency: 'JPY' },
      },
    })
    const de = v2026.find((o) => o.currency === 'EUR')!
    expect(de.totals).toEqual({
      subtotal: { amount: 4202, currency: 'EUR' },
      shipping: { amount: 499, currency: 'EUR' },
      tax: { amount: 798, currency: 'EUR' },
      discount: { amount: 150, currency: 'EUR' },
      total: { amount: 5349, currency: 'EUR' },
    })
    const pending = v2026.find((o) => o.currency === 'USD')!
    expect(pending).toMatchObject({
      status: 'pending',
      fulfilledByChannel: false,
      totals: { total: { amount: 0, currency: 'USD' } },
    })
    expect(pending.shippingAddress).toBeUndefined()
  })

  it('an order whose buyer PII is withheld still imports', async () => {
    sb.control.reset()
    const o = sb.control.placeOrder({
      marketplace: 'US',
      piiRestricted: true,
      purchaseDate: minutesAgo(30),
      buyer: { name: 'Jane Roe', email: 'j@marketplace.amazon.com' },
      address: {
        name: 'Jane Roe',
        line1: '1 Secret Way',
        city: 'Seattle',
        region: 'WA',
        postalCode: '98101',
        country: 'US',
      },
      items: [{ sku: 'MUG', quantity: 1, unitPrice: '8.00' }],
    })
    const pages = await collect(amazonConnector.pull!(contextFor(sb), 'orders', null))
    const [order] = orders(pages)
    expect(order).toMatchObject({ externalId: o.orderId, status: 'open' })
    expect(order!.buyer).toBeUndefined()
    expect(order!.shippingAddress).toEqual({ city: 'Seattle', region: 'WA', postalCode: '98101', country: 'US' })
    expect(pages[0]!.items[0]!.bindings).toContainEqual({
      entity: 'order',
      canonicalKey: o.orderId,
      externalId: o.orderId,
      scope: US,
    })
  })

  it('a seller SKU alias binds the line to the canonical SKU for that marketplace', async () => {
    sb.control.reset()
    sb.control.placeOrder({
      marketplace: 'DE',
      purchaseDate: minutesAgo(30),
      items: [{ sku: 'DE-MUG-BLUE', quantity: 1, unitPrice: '8.00' }],
    })
    const ctx = contextFor(sb, { marketplaceIds: [DE], skuAliases: { [DE]: { 'MUG-BLUE': 'DE-MUG-BLUE' } } })
    const [page] = await collect(amazonConnector.pull!(ctx, 'orders', null))
    expect(page!.items[0]!.bindings).toContainEqual({
      entity: 'variant',
      canonicalKey: 'MUG-BLUE',
      externalId: 'DE-MUG-BLUE',
      externalSku: 'DE-MUG-BLUE',
      scope: DE,
    })
  })
})
