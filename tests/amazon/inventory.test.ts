// Quantities out by patch and by feed with per-SKU results, and FBA stock in, against the sandbox
// over HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { amazonConnector } from '../../src/connectors/amazon/index.ts'
import { spApiFor } from '../../src/connectors/amazon/client.ts'
import type { InventoryPushItem } from '../../src/connectors/types.ts'
import type { InventoryLevel, Location } from '../../src/model/index.ts'
import { collect, contextFor, startSandbox, type Sandbox, DE, JP, UK, US } from './helpers.ts'

let sb: Sandbox
beforeAll(async () => {
  sb = await startSandbox()
})
afterAll(async () => {
  await sb.close()
})

const item = (key: string, sku: string, quantity: number, scope = US): InventoryPushItem => ({
  key,
  sku,
  scope,
  quantity,
})

describe('the patch road', () => {
  it('merges the quantity so lead time and other fields survive', async () => {
    sb.control.reset()
    sb.control.seedListings('US', [
      { sku: 'MUG', quantity: 4, leadTimeDays: 3 },
      { sku: 'CUP', quantity: 1 },
    ])
    const results = await amazonConnector.push!(contextFor(sb), 'inventory', [item('a', 'MUG', 9), item('b', 'CUP', 0)])
    expect(results.map((r) => [r.key, r.status, r.externalId])).toEqual([
      ['a', 'ok', 'MUG'],
      ['b', 'ok', 'CUP'],
    ])
    expect(sb.control.listing('US', 'MUG')!.attributes.fulfillment_availability).toEqual([
      { fulfillment_channel_code: 'DEFAULT', quantity: 9, lead_time_to_ship_max_days: 3 },
    ])
    expect(sb.control.listing('US', 'CUP')!.quantity).toBe(0)
    expect(sb.state.requests.patchListingsItem).toBe(2)
    expect(sb.state.requests.createFeed ?? 0).toBe(0)
  })

  it("records Amazon's per-SKU refusals and refuses what it cannot send", async () => {
    sb.control.reset()
    sb.control.seedListings('US', [
      { sku: 'OK', quantity: 1 },
      {
        sku: 'HAZMAT',
        quantity: 1,
        restriction: { code: '90220', message: "'[supplier_declared_dg_hz_regulation]' is required but not supplied." },
      },
    ])
    const results = await amazonConnector.push!(contextFor(sb), 'inventory', [
      item('ok', 'OK', 5),
      item('restricted', 'HAZMAT', 5),
      item('negative', 'OK', -1),
      item('nowhere', 'OK', 1, 'A1F83G8C2ARO7P'),
      item('long', 'X'.repeat(41), 1),
    ])
    const byKey = Object.fromEntries(results.map((r) => [r.key, r]))
    expect(byKey.ok!.status).toBe('ok')
    expect(byKey.restricted).toMatchObject({
      status: 'rejected',
      error: { code: 'CONNECTOR_REJECTED', remoteCode: 'AMAZON_90220' },
    })
    expect(byKey.negative).toMatchObject({
      status: 'rejected',
      error: { code: 'VALIDATION_FAILED', field: 'quantity' },
    })
    expect(byKey.nowhere).toMatchObject({ status: 'rejected', error: { code: 'VALIDATION_FAILED', field: 'scope' } })
    expect(byKey.long).toMatchObject({
      status: 'rejected',
      error: { code: 'CONNECTOR_REJECTED', remoteCode: 'AMAZON_INVALID_SKU' },
    })
    expect(sb.control.listing('US', 'HAZMAT')!.quantity).toBe(1)
    expect(sb.control.listing('US', 'OK')!.quantity).toBe(5)
  })

  it('uses the seller SKU: externalSku first, then the marketplace alias', async () => {
    sb.control.reset()
    sb.control.seedListings('DE', [
      { sku: 'DE-MUG', quantity: 0 },
      { sku: 'AMZ-CUP', quantity: 0 },
    ])
    const ctx = contextFor(sb, { marketplaceIds: [US, DE], skuAliases: { [DE]: { MUG: 'DE-MUG' } } })
    const results = await amazonConnector.push!(ctx, 'inventory', [
      item('a', 'MUG', 3, DE),
      { ...item('b', 'CUP', 4, DE), externalSku: 'AMZ-CUP' },
    ])
    expect(results.map((r) => r.status)).toEqual(['ok', 'ok'])
    expect([sb.control.listing('DE', 'DE-MUG')!.quantity, sb.control.listing('DE', 'AMZ-CUP')!.quantity]).toEqual([
      3, 4,
    ])
    expect(results[0]!.bindings).toEqual([
      { entity: 'variant', canonicalKey: 'MUG', externalId: 'DE-MUG', externalSku: 'DE-MUG', scope: DE },
    ])
  })
})

describe('the feed road', () => {
  it('sends a 5,000-SKU update as one JSON_LISTINGS_FEED; bad messages come back per SKU, the rest apply', async () => {
    sb.control.reset()
    const skus = Array.from({ length: 5000 }, (_, i) => `SKU-${String(i).padStart(5, '0')}`)
    const restricted = new Set(skus.filter((_, i) => i % 1000 === 7))
    sb.control.seedListings(
      'US',
      skus.map((sku) => ({
        sku,
        quantity: 0,
        leadTimeDays: 2,
        ...(restricted.has(sku) ? { restriction: { code: '8572', message: 'This listing is restricted.' } } : {}),
      })),
    )
    const tooLong = ['Y'.repeat(45), 'Z'.repeat(60)]
    const batch = [...skus, ...tooLong].map((sku, i) => item(`k${i}`, sku, (i % 50) + 1))
    const ctx = contextFor(sb)
    const results = await amazonConnector.push!(ctx, 'inventory', batch)

    expect(sb.state.requests).toMatchObject({ createFeedDocument: 1, createFeed: 1, getFeedDocument: 1 })
    expect(sb.state.requests.patchListingsItem ?? 0).toBe(0)
    expect(results).toHaveLength(5002)
    const rejected = results.filter((r) => r.status === 'rejected')
    expect(rejected.map((r) => r.externalId).sort()).toEqual([...restricted, ...tooLong].sort())
    expect(rejected.find((r) => r.externalId === [...restricted][0])!.error).toEqual({
      code: 'CONNECTOR_REJECTED',
      remoteCode: 'AMAZON_8572',
      message: 'This listing is restricted.',
    })
    expect(results.filter((r) => r.status === 'ok')).toHaveLength(5000 - restricted.size)

    for (const [i, sku] of skus.entries()) {
      const l = sb.control.listing('US', sku)!
      expect(l.quantity).toBe(restricted.has(sku) ? 0 : (i % 50) + 1)
      expect(l.attributes.fulfillment_availability![0]!.lead_time_to_ship_max_days).toBe(2)
    }
    const feed = [...sb.state.feeds.values()][0]!
    expect(feed).toMatchObject({ feedType: 'JSON_LISTINGS_FEED', marketplaceIds: [US], processingStatus: 'DONE' })
    expect(sb.state.pushes.filter((p) => p.via === 'feed')).toHaveLength(5000 - restricted.size)
    expect(sb.state.violations).toEqual([])
  })

  it('chooses the road per marketplace by the threshold', async () => {
    sb.control.reset()
    const ctx = contextFor(sb, { marketplaceIds: [US, UK], feedThreshold: 3 })
    const results = await amazonConnector.push!(ctx, 'inventory', [
      item('u1', 'A', 1),
      item('u2', 'B', 2),
      item('u3', 'C', 3),
      item('k1', 'A', 7, UK),
    ])
    expect(results.every((r) => r.status === 'ok')).toBe(true)
    expect(sb.state.requests).toMatchObject({ createFeed: 1, patchListingsItem: 1 })
    expect(sb.state.pushes.map((p) => [p.via, p.marketplaceId, p.sku, p.quantity]).sort()).toEqual(
      [
        ['feed', US, 'A', 1],
        ['feed', US, 'B', 2],
        ['feed', US, 'C', 3],
        ['patch', UK, 'A', 7],
      ].sort(),
    )
  })

  it('a retired XML feed type ends FATAL, as it does at Amazon since July 2025', async () => {
    sb.control.reset()
    const ctx = contextFor(sb)
    const api = spApiFor(ctx)
    const doc = await api.call<{ feedDocumentId: string; url: string }>('NA', 'createFeedDocument', {
      method: 'POST',
      url: '/feeds/2021-06-30/documents',
      data: { contentType: 'text/xml; charset=UTF-8' },
    })
    await api.upload(doc.url, 'text/xml; charset=UTF-8', Buffer.from('<AmazonEnvelope/>'))
    const { feedId } = await api.call<{ feedId: string }>('NA', 'createFeed', {
      method: 'POST',
      url: '/feeds/2021-06-30/feeds',
      data: {
        feedType: 'POST_INVENTORY_AVAILABILITY_DATA',
        marketplaceIds: [US],
        inputFeedDocumentId: doc.feedDocumentId,
      },
    })
    let status = ''
    for (let i = 0; i < 100 && !['DONE', 'FATAL'].includes(status); i++) {
      await new Promise((r) => setTimeout(r, 20))
      status = (
        await api.call<{ processingStatus: string }>('NA', 'getFeed', {
          method: 'GET',
          url: `/feeds/2021-06-30/feeds/${feedId}`,
        })
      ).processingStatus
    }
    expect(status).toBe('FATAL')
  })

  it('an upload with another Content-Type than declared is refused by the document store', async () => {
    const api = spApiFor(contextFor(sb))
    const doc = await api.call<{ feedDocumentId: string; url: string }>('NA', 'createFeedDocument', {
      method: 'POST',
      url: '/feeds/2021-06-30/documents',
      data: { contentType: 'application/json; charset=UTF-8' },
    })
    await expect(api.upload(doc.url, 'text/plain', Buffer.from('{}'))).rejects.toMatchObject({
      code: 'CONNECTOR_AUTH_FAILED',
    })
  })
})

describe('FBA inventory', () => {
  it('reads getInventorySummaries per marketplace into FBA-<country> levels and locations', async () => {
    sb.control.reset()
    sb.control.seedFba(
      'US',
      Array.from({ length: 60 }, (_, i) => ({
        sku: `F${String(i).padStart(2, '0')}`,
        fulfillable: i,
        reserved: 1,
        inbound: 100,
      })),
    )
    sb.control.seedFba('JP', [{ sku: 'MUG', fulfillable: 12 }])
    sb.control.placeOrder({
      marketplace: 'JP',
      fulfillmentChannel: 'AFN',
      items: [{ sku: 'MUG', quantity: 2, unitPrice: '1500' }],
    })
    const ctx = contextFor(sb, { marketplaceIds: [US, JP] })
    const pages = await collect(amazonConnector.pull!(ctx, 'inventory', null))
    const records = pages.flatMap((p) => p.items.flatMap((i) => i.records ?? []))
    const levels = records.filter((r) => r.type === 'inventory_level').map((r) => r.value as InventoryLevel)
    const locations = records.filter((r) => r.type === 'location').map((r) => r.value as Location)
    expect(locations.map((l) => [l.code, l.country, l.type, l.timeZone])).toEqual([
      ['FBA-US', 'US', 'fba', 'America/Los_Angeles'],
      ['FBA-JP', 'JP', 'fba', 'Asia/Tokyo'],
    ])
    expect(levels).toHaveLength(61)
    expect(levels.find((l) => l.sku === 'F10')).toMatchObject({
      locationCode: 'FBA-US',
      onHand: 11,
      reserved: 1,
      available: 10,
    })
    // the placed FBA order moved 2 units from fulfillable to reserved
    expect(levels.find((l) => l.sku === 'MUG')).toMatchObject({
      locationCode: 'FBA-JP',
      onHand: 12,
      reserved: 2,
      available: 10,
    })
    // two pages for US (50 a page), one for JP; a 429 (the sandbox counts one bucket per seller) is retried
    expect(sb.state.requests.getInventorySummaries! - (sb.state.throttled.getInventorySummaries ?? 0)).toBe(3)
  })

  it('the locations stream names one FBA location per marketplace', async () => {
    const pages = await collect(
      amazonConnector.pull!(contextFor(sb, { marketplaceIds: [US, UK, DE, JP] }), 'locations', null),
    )
    expect(pages[0]!.items.map((i) => i.externalId)).toEqual(['FBA-US', 'FBA-UK', 'FBA-DE', 'FBA-JP'])
  })
})
