// testConnection says plainly what is wrong, and a THROTTLED answer (HTTP 200) is waited out
// and retried by the shared client instead of failing the pull.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { shopifyClient } from '../../src/connectors/shopify/client.ts'
import { shopifyConnector } from '../../src/connectors/shopify/index.ts'
import { shopInfo } from '../../src/connectors/shopify/shop.ts'
import { collect, contextFor, startSandbox, type Sandbox } from './helpers.ts'

describe('testConnection', () => {
  let sb: Sandbox
  beforeAll(async () => {
    sb = await startSandbox()
  })
  afterAll(() => sb.close())

  it('names the shop, currency and plan when the token works', async () => {
    const r = await shopifyConnector.testConnection(contextFor(sb))
    expect(r.ok).toBe(true)
    expect(r.message).toBe(
      `connected to crossdock sandbox (${sb.shopDomain}), Admin API 2026-07, currency USD, plan Basic`,
    )
  })

  it('says the token was refused (401)', async () => {
    const r = await shopifyConnector.testConnection(contextFor(sb, {}, { accessToken: 'shpat_wrong' }))
    expect(r).toMatchObject({ ok: false, details: { code: 'CONNECTOR_AUTH_FAILED', status: 401 } })
    expect(r.message).toBe(`token refused by shop ${sb.url} (401); check the Admin API access token`)
  })

  it('says the shop cannot be reached', async () => {
    const r = await shopifyConnector.testConnection(contextFor(sb, { baseUrl: 'http://127.0.0.1:9' }))
    expect(r.ok).toBe(false)
    expect(r.message).toMatch(/^cannot reach http:\/\/127\.0\.0\.1:9: /)
  })

  it('says which setting is missing', async () => {
    const r = await shopifyConnector.testConnection({ ...contextFor(sb), settings: {} })
    expect(r).toMatchObject({ ok: false, message: expect.stringContaining('settings.shop') })
  })
})

describe('THROTTLED', () => {
  let sb: Sandbox
  beforeAll(async () => {
    sb = await startSandbox({ bucketSize: 60, restoreRate: 50 })
    sb.control.seed({ products: 2, locations: 3 })
  })
  afterAll(() => sb.close())

  it('is waited out for the time the restore rate implies, then the call succeeds', async () => {
    const ctx = contextFor(sb)
    await shopInfo(shopifyClient(ctx))
    // another app on the shop spends the whole bucket just before our next call
    sb.control.setKnobs({ throttle: { drain: true } })
    const before = sb.control.stats().throttled
    const { items } = await collect(shopifyConnector.pull!(ctx, 'locations', null))
    expect(items).toHaveLength(3)
    const client = shopifyClient(ctx)
    expect(client.tracker.throttled).toBeGreaterThanOrEqual(1)
    expect(sb.control.stats().throttled - before).toBe(client.tracker.throttled)
    expect(client.http.stats.rateLimited).toBe(client.tracker.throttled)
    expect(client.tracker.last).toMatchObject({ maximumAvailable: 60, restoreRate: 50 })
    expect(await client.http.limit('graphql')).toMatchObject({ capacity: 60, refillPerSecond: 50 })
  })
})
