// How the runtime paces Amazon (issue 14): per selling-partner account and operation, as Amazon
// meters it, shared by every connection of that seller in a region; and a throttled getFeed poll
// is only a poll that has to wait — the feed was accepted, so its SKUs are not failed and sent again.
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { amazonConnector } from '../../src/connectors/amazon/index.ts'
import type { InventoryPushItem } from '../../src/connectors/types.ts'
import { testRuntime } from '../support/runtime.ts'
import { contextFor, startSandbox, type Sandbox, DE, US } from './helpers.ts'

const item = (key: string, sku: string, quantity: number, scope = US): InventoryPushItem => ({
  key,
  sku,
  scope,
  quantity,
})

describe('a throttled getFeed poll', () => {
  let sb: Sandbox
  beforeAll(async () => {
    // the sandbox grants getFeed one call per 6 s: our declared 2/s plan meets a 429 on the second
    // poll, then x-amzn-RateLimit-Limit slows our bucket to one poll per ~6.3 s
    sb = await startSandbox({ plans: { getFeed: { rate: 1 / 6, burst: 1 } } })
  })
  afterAll(() => sb.close())

  it('does not mark the accepted feed failed: the poll waits, the outcomes are the report', async () => {
    const skus = Array.from({ length: 30 }, (_, i) => `FEED-${i}`)
    sb.control.seedListings(
      'US',
      skus.map((sku) => ({ sku, quantity: 0 })),
    )
    const base = contextFor(sb, { feedThreshold: 1, feedPollMinMs: 20, feedPollMaxMs: 500, feedTimeoutMs: 60_000 })
    // a job waits at most 2 s for rate-limit room: past that the call fails retryable at once, and
    // the poll's own loop must ride it out instead of failing the feed's SKUs
    const runtime = testRuntime({ maxLimitWaitMs: 2_000, retries: { retries: 1, minBackoffMs: 10, maxBackoffMs: 50 } })
    const ctx = runtime.context(amazonConnector, base, { log: base.log })
    const results = await amazonConnector.push!(
      ctx,
      'inventory',
      skus.map((sku, i) => item(`k${i}`, sku, i + 1)),
    )
    expect(sb.state.throttled.getFeed ?? 0).toBeGreaterThan(0)
    expect(results.map((r) => r.status)).toEqual(skus.map(() => 'ok'))
    expect(sb.state.requests.createFeed).toBe(1)
    expect(sb.control.listing('US', 'FEED-29')!.quantity).toBe(30)
  }, 90_000)
})

describe('pacing per seller account, not per connection', () => {
  let sb: Sandbox
  beforeAll(async () => {
    sb = await startSandbox()
  })
  afterAll(() => sb.close())

  it("two connections of one seller draw one bucket per region and operation; another region's is its own", async () => {
    const runtime = testRuntime()
    const tenantId = randomUUID()
    const [us, de] = [US, DE].map((mp) => ({
      ...contextFor(sb, { marketplaceIds: [mp] }),
    }))
    const a = runtime.context(amazonConnector, { ...us!, tenantId, connectionId: randomUUID() }, { log: us!.log })
    const b = runtime.context(amazonConnector, { ...us!, tenantId, connectionId: randomUUID() }, { log: us!.log })
    const eu = runtime.context(amazonConnector, { ...de!, tenantId, connectionId: randomUUID() }, { log: de!.log })
    await amazonConnector.testConnection(a)
    await amazonConnector.testConnection(b)
    await amazonConnector.testConnection(eu)
    // getMarketplaceParticipations: burst 15; two calls in NA from two connections, one in EU
    const na = (await a.http.limit('getMarketplaceParticipations', 'NA'))!
    expect(na.available).toBeLessThan(13.1)
    expect(await b.http.limit('getMarketplaceParticipations', 'NA')).toMatchObject({ capacity: na.capacity })
    expect((await eu.http.limit('getMarketplaceParticipations', 'EU'))!.available).toBeGreaterThan(13.9)
  })
})
