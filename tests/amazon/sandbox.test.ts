// The sandbox as any SP-API client meets it over HTTP: Amazon's error shape for requests the
// models or the documented rules refuse, usage-plan headers and 429s, expiring page tokens, and
// the /__control API the demo drives.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SANDBOX_DEFAULTS } from '../../src/sandbox/amazon/index.ts'
import { lwaToken, minutesAgo, startSandbox, type Sandbox, US } from './helpers.ts'

let sb: Sandbox
let token: string
beforeAll(async () => {
  sb = await startSandbox({ plans: { getInventorySummaries: { burst: 1 } } })
  token = await lwaToken(sb)
})
afterAll(async () => {
  await sb.close()
})

const get = (path: string) => fetch(`${sb.url}${path}`, { headers: { 'x-amz-access-token': token } })

describe('requests the models or the documented rules refuse', () => {
  it.each([
    [
      'both createdAfter and lastUpdatedAfter',
      `/orders/2026-01-01/orders?createdAfter=${minutesAgo(60)}&lastUpdatedAfter=${minutesAgo(60)}`,
      'Exactly one of',
    ],
    [
      'lastUpdatedBefore within two minutes of now',
      `/orders/2026-01-01/orders?lastUpdatedAfter=${minutesAgo(60)}&lastUpdatedBefore=${minutesAgo(1)}`,
      'two minutes before',
    ],
    [
      'an unknown parameter',
      `/orders/2026-01-01/orders?lastUpdatedAfter=${minutesAgo(60)}&NextToken=x`,
      'not a parameter',
    ],
    [
      'maxResultsPerPage 500',
      `/orders/2026-01-01/orders?lastUpdatedAfter=${minutesAgo(60)}&maxResultsPerPage=500`,
      'between 1 and 100',
    ],
    ['v0 without MarketplaceIds', `/orders/v0/orders?LastUpdatedAfter=${minutesAgo(60)}`, 'MarketplaceIds'],
    [
      'a page token nobody issued',
      `/orders/2026-01-01/orders?lastUpdatedAfter=${minutesAgo(60)}&paginationToken=bm9wZQ%3D%3D`,
      'could not decode',
    ],
  ])("%s → 400 InvalidInput in Amazon's shape, with the usage plan header", async (_name, path, detail) => {
    const res = await get(path)
    expect(res.status).toBe(400)
    expect(res.headers.get('x-amzn-ratelimit-limit')).toBe(path.includes('/v0/') ? '0.0167' : '0.0056')
    expect(res.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/)
    const body = (await res.json()) as { errors: { code: string; message: string; details: string }[] }
    expect(body.errors[0]!.code).toBe('InvalidInput')
    expect(body.errors[0]!.details).toContain(detail)
  })

  it('a patch body that breaks the Listings model is refused before anything applies', async () => {
    const res = await fetch(
      `${sb.url}/listings/2021-08-01/items/${SANDBOX_DEFAULTS.sellerId}/MUG?marketplaceIds=${US}`,
      {
        method: 'PATCH',
        headers: { 'x-amz-access-token': token, 'content-type': 'application/json' },
        body: JSON.stringify({
          productType: 'PRODUCT',
          patches: [{ op: 'upsert', path: '/attributes/fulfillment_availability', value: [{ quantity: 1 }] }],
        }),
      },
    )
    expect(res.status).toBe(400)
    expect(sb.control.listing('US', 'MUG')).toBeUndefined()
  })
})

describe('usage plans', () => {
  it('answers 429 QuotaExceeded once the bucket is empty, without the rate header', async () => {
    const path = `/fba/inventory/v1/summaries?granularityType=Marketplace&granularityId=${US}&marketplaceIds=${US}`
    const ok = await get(path)
    expect(ok.status).toBe(200)
    expect(ok.headers.get('x-amzn-ratelimit-limit')).toBe('2.0')
    const throttled = await get(path)
    expect(throttled.status).toBe(429)
    expect(throttled.headers.get('x-amzn-ratelimit-limit')).toBeNull()
    expect(await throttled.json()).toEqual({
      errors: [{ code: 'QuotaExceeded', message: 'You exceeded your quota for the requested resource.', details: '' }],
    })
  })
})

describe('the control API over HTTP', () => {
  it('seeds listings, places an order in the marketplace currency, ships FBA, reports pushes and stats', async () => {
    const post = (path: string, body: unknown) =>
      fetch(`${sb.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
    expect(
      (await post('/__control/listings', { marketplace: 'DE', listings: [{ sku: 'KANNE', quantity: 3 }] })).status,
    ).toBe(200)
    expect((await post('/__control/fba', { marketplace: 'JP', items: [{ sku: 'MUG', fulfillable: 5 }] })).status).toBe(
      200,
    )
    const placed = (await (
      await post('/__control/orders', {
        marketplace: 'JP',
        fulfillmentChannel: 'AFN',
        items: [{ sku: 'MUG', quantity: 2, unitPrice: '1500' }],
      })
    ).json()) as { orderId: string; currency: string; items: { unitPrice: number }[] }
    expect(placed.currency).toBe('JPY')
    expect(placed.items[0]!.unitPrice).toBe(1500)
    const shipped = (await (await post(`/__control/orders/${placed.orderId}/ship-fba`, {})).json()) as {
      status: string
    }
    expect(shipped.status).toBe('Shipped')
    expect(sb.state.fbaStock('A1VC38T7YXB528', 'MUG')).toMatchObject({ fulfillable: 3, reservedPendingOrders: 0 })
    const listing = (await (await fetch(`${sb.url}/__control/listings/DE/KANNE`)).json()) as { quantity: number }
    expect(listing.quantity).toBe(3)
    expect((await post('/__control/orders', { marketplace: 'XX', items: [] })).status).toBe(400)
    const stats = (await (await fetch(`${sb.url}/__control/stats`)).json()) as { lwaExchanges: number }
    expect(stats.lwaExchanges).toBe(1)
    expect(await (await fetch(`${sb.url}/__control/pushes`)).json()).toEqual([])
  })
})
