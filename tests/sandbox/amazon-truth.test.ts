// What real SP-API accounts do that our own tests used to miss, produced by the Amazon sandbox over
// HTTP exactly as Amazon documents it: Orders v0 shows buyer and address PII only to a call made
// with a Restricted Data Token (Tokens API 2021-03-01), an application without the restricted role
// is refused one, a buggy page loop hands the same NextToken back, searchOrders allows a burst of
// 20 then one call per ~180 s, and every order carries its ship-by window in both APIs. Every
// answer is also checked by the sandbox against Amazon's models (no violations).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { lwaToken, startSandbox, type Sandbox, US } from '../amazon/helpers.ts'

async function call(sb: Sandbox, token: string, path: string, body?: unknown) {
  const res = await fetch(`${sb.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'x-amz-access-token': token, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  return { status: res.status, headers: res.headers, body: (await res.json().catch(() => undefined)) as any }
}

const control = (sb: Sandbox, path: string, body: unknown) =>
  fetch(`${sb.url}/__control${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  }).then((r) => r.json())

const twoHoursAgo = () => new Date(Date.now() - 2 * 3600_000).toISOString()
const v0Orders = () => `/orders/v0/orders?MarketplaceIds=${US}&CreatedAfter=${twoHoursAgo()}`
/** createRestrictedDataToken for one GET resource, with these data elements */
const newRdt = (sb: Sandbox, token: string, dataElements?: string[], path = '/orders/v0/orders') =>
  call(sb, token, '/tokens/2021-03-01/restrictedDataToken', {
    restrictedResources: [{ method: 'GET', path, ...(dataElements ? { dataElements } : {}) }],
  })

describe('Orders v0 PII and the Restricted Data Token', () => {
  let sb: Sandbox
  let token: string
  let orderId: string
  beforeAll(async () => {
    sb = await startSandbox()
    token = await lwaToken(sb)
    orderId = (
      (await control(sb, '/orders', {
        marketplace: 'US',
        purchaseDate: new Date(Date.now() - 3600_000).toISOString(),
        buyer: { name: 'Jane Roe', email: 'jr@marketplace.amazon.com' },
        address: {
          name: 'Jane Roe',
          line1: '1 Main St',
          city: 'Austin',
          region: 'TX',
          postalCode: '73301',
          country: 'US',
        },
        items: [{ sku: 'MUG', quantity: 1, unitPrice: '9.99' }],
      })) as { orderId: string }
    ).orderId
  })
  afterAll(() => sb.close())
  afterEach(() => control(sb, '/pii', { access: 'granted' }))

  it('with the LWA token: BuyerInfo is empty and the address is cut to city, region, postal code, country', async () => {
    const r = await call(sb, token, v0Orders())
    expect(r.status).toBe(200)
    const o = r.body.payload.Orders.find((x: { AmazonOrderId: string }) => x.AmazonOrderId === orderId)
    expect(o.BuyerInfo).toEqual({})
    expect(o.ShippingAddress).toEqual({ City: 'Austin', StateOrRegion: 'TX', PostalCode: '73301', CountryCode: 'US' })
  })

  it('with an RDT naming buyerInfo and shippingAddress: the buyer and the full address, for the paths it names only', async () => {
    const rdt = await newRdt(sb, token, ['buyerInfo', 'shippingAddress'])
    expect(rdt.status).toBe(200)
    expect(rdt.body).toEqual({ restrictedDataToken: expect.stringMatching(/^Atz\.sprdt\|/), expiresIn: 3600 })
    const r = await call(sb, rdt.body.restrictedDataToken, v0Orders())
    const o = r.body.payload.Orders.find((x: { AmazonOrderId: string }) => x.AmazonOrderId === orderId)
    expect(o.BuyerInfo).toEqual({ BuyerEmail: 'jr@marketplace.amazon.com', BuyerName: 'Jane Roe' })
    expect(o.ShippingAddress).toMatchObject({ Name: 'Jane Roe', AddressLine1: '1 Main St', City: 'Austin' })
    // an RDT opens only its own resources: getOrder by id needs its own path
    expect((await call(sb, rdt.body.restrictedDataToken, `/orders/v0/orders/${orderId}`)).status).toBe(403)
    const one = await newRdt(sb, token, ['shippingAddress'], '/orders/v0/orders/{orderId}')
    const single = await call(sb, one.body.restrictedDataToken, `/orders/v0/orders/${orderId}`)
    expect(single.body.payload).toMatchObject({ BuyerInfo: {}, ShippingAddress: { AddressLine1: '1 Main St' } })
    // an RDT without dataElements opens the path but no PII
    const bare = await newRdt(sb, token)
    const plain = await call(sb, bare.body.restrictedDataToken, v0Orders())
    expect(plain.body.payload.Orders[0].BuyerInfo).toEqual({})
    expect(sb.state.violations).toEqual([])
  })

  it('searchOrders (2026-01-01) needs no RDT: PII follows the application’s roles', async () => {
    const q = `/orders/2026-01-01/orders?marketplaceIds=${US}&createdAfter=${twoHoursAgo()}&includedData=BUYER,RECIPIENT`
    const granted = (await call(sb, token, q)).body.orders[0]
    expect(granted.buyer).toEqual({ buyerName: 'Jane Roe', buyerEmail: 'jr@marketplace.amazon.com' })
    expect(granted.recipient.deliveryAddress.addressLine1).toBe('1 Main St')
    await control(sb, '/pii', { access: 'refused' })
    const withheld = (await call(sb, token, q)).body.orders[0]
    expect(withheld.buyer).toBeUndefined()
    expect(withheld.recipient.deliveryAddress).toEqual({
      city: 'Austin',
      stateOrRegion: 'TX',
      postalCode: '73301',
      countryCode: 'US',
    })
  })

  it('an application without the restricted role is refused an RDT for PII, in Amazon’s words', async () => {
    await control(sb, '/pii', { access: 'refused' })
    const r = await newRdt(sb, token, ['buyerInfo', 'shippingAddress'])
    expect(r.status).toBe(400)
    expect(r.body).toEqual({
      errors: [
        {
          code: 'InvalidInput',
          message:
            'Application does not have access to one or more requested data elements: [buyerInfo, shippingAddress]',
          details: '',
        },
      ],
    })
  })

  it('or is given an RDT that still returns empty PII', async () => {
    await control(sb, '/pii', { access: 'empty' })
    const rdt = await newRdt(sb, token, ['buyerInfo', 'shippingAddress'])
    expect(rdt.status).toBe(200)
    const o = (await call(sb, rdt.body.restrictedDataToken, v0Orders())).body.payload.Orders[0]
    expect(o.BuyerInfo).toEqual({})
    expect(o.ShippingAddress.AddressLine1).toBeUndefined()
  })
})

describe('a NextToken handed back again (a buggy page loop)', () => {
  let sb: Sandbox
  let token: string
  beforeAll(async () => {
    sb = await startSandbox()
    token = await lwaToken(sb)
    for (let i = 0; i < 3; i++)
      await control(sb, '/orders', {
        marketplace: 'US',
        purchaseDate: new Date(Date.now() - (60 - i) * 60_000).toISOString(),
        items: [{ sku: 'MUG', quantity: 1, unitPrice: '9.99' }],
      })
  })
  afterAll(() => sb.close())

  it('v0 getOrders and searchOrders name the token they were called with as the next one', async () => {
    await control(sb, '/next-token-loop', { on: true })
    const first = await call(sb, token, `${v0Orders()}&MaxResultsPerPage=1`)
    const t1 = first.body.payload.NextToken as string
    const again = await call(sb, token, `/orders/v0/orders?MarketplaceIds=${US}&NextToken=${encodeURIComponent(t1)}`)
    expect(again.body.payload.NextToken).toBe(t1)
    const s1 = await call(
      sb,
      token,
      `/orders/2026-01-01/orders?marketplaceIds=${US}&createdAfter=${twoHoursAgo()}&maxResultsPerPage=1`,
    )
    const p1 = s1.body.pagination.nextToken as string
    const s2 = await call(
      sb,
      token,
      `/orders/2026-01-01/orders?marketplaceIds=${US}&paginationToken=${encodeURIComponent(p1)}`,
    )
    expect(s2.body.pagination.nextToken).toBe(p1)
    expect(s2.body.orders[0].orderId).not.toBe(s1.body.orders[0].orderId)
    await control(sb, '/next-token-loop', { on: false })
    const fresh = await call(sb, token, `/orders/v0/orders?MarketplaceIds=${US}&NextToken=${encodeURIComponent(t1)}`)
    expect(fresh.body.payload.NextToken).not.toBe(t1)
  })
})

describe('usage plans as the models publish them, on the sandbox clock', () => {
  let sb: Sandbox
  let token: string
  let clock = Date.now()
  beforeAll(async () => {
    sb = await startSandbox({ now: () => clock, rateScale: 1 })
    token = await lwaToken(sb)
  })
  afterAll(() => sb.close())

  it('searchOrders: a burst of 20, then one call per ~180 s (0.0056/s); getOrders one per ~60 s (0.0167/s)', async () => {
    const search = () => call(sb, token, `/orders/2026-01-01/orders?marketplaceIds=${US}&createdAfter=${twoHoursAgo()}`)
    const statuses: number[] = []
    for (let i = 0; i < 21; i++) statuses.push((await search()).status)
    expect(statuses).toEqual([...Array(20).fill(200), 429])
    const refused = await search()
    expect(refused.body).toEqual({
      errors: [{ code: 'QuotaExceeded', message: 'You exceeded your quota for the requested resource.', details: '' }],
    })
    clock += 170_000
    expect((await search()).status).toBe(429)
    clock += 10_000
    const ok = await search()
    expect(ok.status).toBe(200)
    expect(ok.headers.get('x-amzn-ratelimit-limit')).toBe('0.0056')
    expect((await search()).status).toBe(429)

    for (let i = 0; i < 20; i++) expect((await call(sb, token, v0Orders())).status).toBe(200)
    expect((await call(sb, token, v0Orders())).status).toBe(429)
    clock += 61_000
    expect((await call(sb, token, v0Orders())).status).toBe(200)
  })
})

describe('the ship-by window on every order', () => {
  let sb: Sandbox
  let token: string
  beforeAll(async () => {
    sb = await startSandbox()
    token = await lwaToken(sb)
  })
  afterAll(() => sb.close())

  it('v0 LatestShipDate/EarliestShipDate and 2026 fulfillment.shipByWindow carry the same dates', async () => {
    const placed = new Date(Date.now() - 3600_000).toISOString()
    const shipBy = new Date(Date.now() + 20 * 3600_000).toISOString()
    const ids = [
      (await control(sb, '/orders', {
        marketplace: 'US',
        purchaseDate: placed,
        latestShipDate: shipBy,
        items: [{ sku: 'MUG', quantity: 1, unitPrice: '9.99' }],
      })) as { orderId: string },
      (await control(sb, '/orders', {
        marketplace: 'US',
        purchaseDate: placed,
        status: 'Pending',
        items: [{ sku: 'MUG', quantity: 1, unitPrice: '9.99' }],
      })) as { orderId: string },
    ].map((o) => o.orderId)
    const v0 = (await call(sb, token, v0Orders())).body.payload.Orders as Record<string, string>[]
    expect(v0.map((o) => o.AmazonOrderId).sort()).toEqual([...ids].sort())
    for (const o of v0) {
      expect(o.EarliestShipDate).toBe(placed)
      expect(Date.parse(o.LatestShipDate!)).toBeGreaterThan(Date.parse(placed))
    }
    expect(v0.find((o) => o.AmazonOrderId === ids[0])!.LatestShipDate).toBe(shipBy)
    const v26 = (
      await call(
        sb,
        token,
        `/orders/2026-01-01/orders?marketplaceIds=${US}&createdAfter=${twoHoursAgo()}&includedData=FULFILLMENT`,
      )
    ).body.orders as { orderId: string; fulfillment: { shipByWindow: { latestDateTime: string } } }[]
    expect(v26).toHaveLength(2)
    for (const o of v26)
      expect(o.fulfillment.shipByWindow.latestDateTime).toBe(
        v0.find((x) => x.AmazonOrderId === o.orderId)!.LatestShipDate,
      )
    expect(sb.state.violations).toEqual([])
  })
})
