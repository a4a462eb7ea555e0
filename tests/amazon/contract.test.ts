// The contract with Amazon's own models: the connector runs every operation it uses against the
// sandbox (token refresh and 429s included), and every request it sent and every response it
// read — taken from the sandbox's journal — is checked again here, independently, against the
// official OpenAPI models and feed schemas, strictly (no undeclared fields either way).
import { gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { amazonConnector } from '../../src/connectors/amazon/index.ts'
import type { Order } from '../../src/model/index.ts'
import { SpApiModels } from '../../src/sandbox/amazon/validator.ts'
import { collect, contextFor, minutesAgo, startSandbox, type Sandbox, DE, JP, US } from './helpers.ts'

let sb: Sandbox
beforeAll(async () => {
  // patchListingsItem at 5/s once scaled, with a burst of 2 so five patches meet 429s
  sb = await startSandbox({ rateScale: 200, plans: { patchListingsItem: { burst: 2, rate: 0.025 } } })
})
afterAll(async () => {
  await sb.close()
})

describe('every exchange validates against the official models', () => {
  it('requests sent and responses read, for every operation the connector uses', async () => {
    const models = new SpApiModels({ strict: true })
    sb.control.seedListings('US', [
      { sku: 'MUG', quantity: 1, leadTimeDays: 2 },
      ...Array.from({ length: 30 }, (_, i) => ({ sku: `F${i}`, quantity: 0 })),
    ])
    sb.control.seedFba('DE', [{ sku: 'MUG', fulfillable: 4, reserved: 1, inbound: 2 }])
    const mfn = sb.control.placeOrder({
      marketplace: 'US',
      purchaseDate: minutesAgo(30),
      buyer: { name: 'A', email: 'a@b' },
      address: { line1: '1 Main', city: 'Austin', region: 'TX', postalCode: '73301', country: 'US' },
      items: [
        { sku: 'MUG', quantity: 2, unitPrice: '9.99', itemTax: '1.60', shipping: '4.00', promotionDiscount: '1.00' },
      ],
    })
    sb.control.placeOrder({
      marketplace: 'DE',
      fulfillmentChannel: 'AFN',
      purchaseDate: minutesAgo(25),
      items: [{ sku: 'MUG', quantity: 1, unitPrice: '12.00' }],
    })
    sb.control.placeOrder({
      marketplace: 'JP',
      status: 'Pending',
      purchaseDate: minutesAgo(20),
      items: [{ sku: 'MUG', quantity: 1, unitPrice: '1500' }],
    })
    const ctx = contextFor(sb, { marketplaceIds: [US, DE, JP], feedThreshold: 30 })

    expect((await amazonConnector.testConnection(ctx)).ok).toBe(true)
    const pulled = await collect(amazonConnector.pull!(ctx, 'orders', null))
    await collect(amazonConnector.pull!({ ...ctx, settings: { ...ctx.settings, ordersApi: 'v0' } }, 'orders', null))
    // (the v0 settings built another client; this one gets a token again, which then expires)
    expect((await amazonConnector.testConnection(ctx)).ok).toBe(true)
    sb.control.expireTokens()
    await collect(amazonConnector.pull!(ctx, 'inventory', null))
    // five patches against a burst of two: some 429s, all retried
    const patched = await amazonConnector.push!(
      ctx,
      'inventory',
      Array.from({ length: 5 }, (_, i) => ({ key: `p${i}`, sku: i === 0 ? 'MUG' : `F${i}`, scope: US, quantity: i })),
    )
    const fed = await amazonConnector.push!(
      ctx,
      'inventory',
      Array.from({ length: 30 }, (_, i) => ({ key: `f${i}`, sku: `F${i}`, scope: US, quantity: 10 + i })),
    )
    const order = pulled.flatMap((p) => p.items).find((i) => i.externalId === mfn.orderId)!.records![0]!.value as Order
    const [shipped] = await amazonConnector.push!(ctx, 'shipments', [
      {
        key: 's1',
        order,
        orderExternalId: order.externalId,
        shipment: {
          externalId: 'S-1',
          carrier: 'USPS',
          trackingNumber: '9400100000000000000000',
          shippedAt: minutesAgo(1),
          lines: [{ sku: 'MUG', quantity: 2 }],
        },
        lines: [{ externalLineId: order.lines[0]!.externalLineId, sku: 'MUG', quantity: 2 }],
      },
    ])
    expect([...patched, ...fed, shipped].every((r) => r!.status === 'ok')).toBe(true)

    const journal = sb.state.journal
    const problems: string[] = []
    for (const e of journal) {
      const req = models.validateRequest({ method: e.method, url: e.url, body: e.requestBody ?? undefined })
      if (req.errors.length) problems.push(`${e.operation} request: ${req.errors.join('; ')}`)
      const res = models.validateResponse(e.operation, e.status, e.responseBody)
      if (res.length) problems.push(`${e.operation} ${e.status} response: ${res.join('; ')}`)
    }
    expect(problems).toEqual([])
    expect(sb.state.violations).toEqual([])

    const seen = new Set(journal.map((e) => e.operation))
    for (const op of [
      'getMarketplaceParticipations',
      'searchOrders',
      'getOrders',
      'getOrderItems',
      'getInventorySummaries',
      'patchListingsItem',
      'createFeedDocument',
      'createFeed',
      'getFeed',
      'getFeedDocument',
      'confirmShipment',
    ])
      expect(seen, op).toContain(op)
    const statuses = new Set(journal.map((e) => e.status))
    for (const s of [200, 201, 202, 204, 403, 429]) expect(statuses, String(s)).toContain(s)

    // the feed we uploaded and the report we read, against Amazon's feed and report schemas
    const feed = [...sb.state.feeds.values()].find((f) => f.feedType === 'JSON_LISTINGS_FEED')!
    const input = JSON.parse(sb.state.documents.get(feed.inputFeedDocumentId)!.bytes!.toString('utf8'))
    expect(models.validateSchema('listingsFeed', input)).toEqual([])
    const result = sb.state.documents.get(feed.resultFeedDocumentId!)!
    expect(result.compressionAlgorithm).toBe('GZIP')
    expect(models.validateSchema('processingReport', JSON.parse(gunzipSync(result.bytes!).toString('utf8')))).toEqual(
      [],
    )
  })
})
