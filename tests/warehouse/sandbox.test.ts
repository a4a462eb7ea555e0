// The 3PL sandbox speaks ShipBob's API: auth, the 429 and its headers, error bodies and codes,
// allocation and backorders, shipping with carrier-format tracking, paging, webhook retries and
// the /__control endpoints, all over real HTTP.
import axios, { type AxiosInstance } from 'axios'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isValidTrackingNumber } from '../../src/mappers/warehouse/carriers.ts'
import type { Order as SbOrder } from '../../src/sandbox/warehouse/types.ts'
import { startReceiver, startSandbox, TOKEN, until, type Running } from './support.ts'

const V = '/2026-01'

function api(url: string, token = TOKEN): AxiosInstance {
  return axios.create({
    baseURL: url,
    validateStatus: () => true,
    headers: { Authorization: `Bearer ${token}`, shipbob_channel_id: '1001' },
  })
}

function orderBody(reference: string, over: Record<string, unknown> = {}) {
  return {
    reference_id: reference,
    shipping_method: 'Standard',
    type: 'DTC',
    recipient: {
      name: 'Ada',
      address: { address1: '1 Main St', city: 'Springfield', state: 'PA', zip_code: '19001', country: 'US' },
    },
    products: [{ reference_id: 'MUG-BLUE', name: 'Blue mug', quantity: 1 }],
    ...over,
  }
}

describe('ShipBob API surface', () => {
  let sb: Running
  let http: AxiosInstance
  beforeAll(async () => {
    sb = await startSandbox({
      stock: [1, 2, 3, 4, 5].map((i) => ({ facilityId: [10, 11, 20, 30, 40][i - 1]!, sku: 'MUG-BLUE', onHand: 20 })),
    })
    http = api(sb.url)
  })
  afterAll(async () => sb.close())

  it('refuses a missing or unknown token with 401, and an unknown version with 404', async () => {
    expect((await axios.get(`${sb.url}${V}/fulfillment-center`, { validateStatus: () => true })).status).toBe(401)
    expect((await api(sb.url, 'nope').get(`${V}/fulfillment-center`)).status).toBe(401)
    expect((await http.get('/2019-13x/fulfillment-center')).status).toBe(404)
    expect((await http.get(`${V}/fulfillment-center`)).data).toHaveLength(5)
  })

  it('answers 201 with an OrderViewModel, 422 on a duplicate reference_id, 400 with a field map on bad data', async () => {
    const created = await http.post(`${V}/order`, orderBody('ref-a'))
    expect(created.status).toBe(201)
    expect(created.data).toMatchObject({
      reference_id: 'ref-a',
      status: 'Processing',
      shipments: [{ status: 'Processing', location: { id: 10 } }],
    })
    const dup = await http.post(`${V}/order`, orderBody('ref-a'))
    expect(dup.status).toBe(422)
    expect(dup.data).toEqual({ '': ['Cannot insert order with existing ReferenceId'] })
    const bad = await http.post(
      `${V}/order`,
      orderBody('ref-b', { recipient: { name: 'Ada', address: { address1: '', city: 'X', country: 'USA' } } }),
    )
    // refused by ShipBob's OpenAPI document (address1 has minLength 1) before any handler runs
    expect(bad.status).toBe(400)
    expect(bad.data).toEqual({ 'recipient.address.address1': ['The value must NOT have fewer than 1 characters.'] })
    // a country the document lets through (a string) but ShipBob's address check does not
    const country = await http.post(
      `${V}/order`,
      orderBody('ref-b', { recipient: { name: 'Ada', address: { address1: '1 Main', city: 'X', country: 'USA' } } }),
    )
    expect(country.status).toBe(400)
    expect(Object.keys(country.data)).toEqual(['recipient.address.country'])
    const noChannel = await http.post(`${V}/order`, orderBody('ref-c'), { headers: { shipbob_channel_id: '' } })
    expect(noChannel.status).toBe(400)
    expect(noChannel.data).toHaveProperty('shipbob_channel_id')
    expect((await http.get(`${V}/order/999999`)).status).toBe(404)
  })

  it('creates an unknown product on the fly (as ShipBob does) and holds the order in Exception without stock', async () => {
    const r = await http.post(
      `${V}/order`,
      orderBody('ref-new', { products: [{ reference_id: 'NEW-SKU', name: 'New thing', quantity: 2 }] }),
    )
    expect(r.status).toBe(201)
    expect(r.data.status).toBe('Exception')
    expect(r.data.shipments[0].status_details[0]).toMatchObject({ name: 'OutOfStock' })
    const nameless = await http.post(
      `${V}/order`,
      orderBody('ref-new2', { products: [{ reference_id: 'NEW-SKU-2', quantity: 1 }] }),
    )
    expect(nameless.status).toBe(400)
    expect(nameless.data).toHaveProperty(['products[0].name'])
  })

  it('pages /order with Page and Limit and the paging headers', async () => {
    for (let i = 0; i < 3; i++) await http.post(`${V}/order`, orderBody(`page-${i}`))
    const p1 = await http.get(`${V}/order`, { params: { Limit: 2, Page: 1, SortOrder: 'Oldest' } })
    expect(p1.data).toHaveLength(2)
    expect(Number(p1.headers['total-count'])).toBeGreaterThanOrEqual(5)
    expect(p1.headers['page-number']).toBe('1')
    expect(p1.headers['next-page']).toMatch(/Page=2/)
    const p2 = await http.get(p1.headers['next-page'] as string)
    expect((p2.data as SbOrder[])[0]!.id).toBeGreaterThan((p1.data as SbOrder[])[1]!.id)
    expect((await http.get(`${V}/order`, { params: { Limit: 251 } })).status).toBe(400)
    expect(
      (await http.get(`${V}/order`, { params: { ReferenceIds: 'page-1,page-2' } })).data
        .map((o: SbOrder) => o.reference_id)
        .sort(),
    ).toEqual(['page-1', 'page-2'])
  })

  it('ships from every facility with its carrier and a tracking number in that carrier’s format', async () => {
    const carriers: Record<number, string> = {
      10: 'UPS',
      11: 'USPS',
      20: 'DHL Express',
      30: 'DHL Express',
      40: 'Yamato',
    }
    for (const [facility, carrier] of Object.entries(carriers)) {
      for (let i = 0; i < 5; i++) {
        const ref = `ship-${facility}-${i}`
        expect((await http.post(`${V}/order`, orderBody(ref, { location_id: Number(facility) }))).status).toBe(201)
        const shippedOrder = (await axios.post(`${sb.url}/__control/orders/${ref}/ship`)).data as SbOrder
        const t = shippedOrder.shipments![0]!.tracking!
        expect(t.carrier).toBe(carrier)
        expect(isValidTrackingNumber(carrier, t.tracking_number!), `${carrier} ${t.tracking_number}`).toBe(true)
      }
    }
    const formats = { UPS: /^1Z[0-9A-Z]{16}$/, USPS: /^\d{22}$/, 'DHL Express': /^\d{10}$/, Yamato: /^\d{12}$/ }
    for (const o of sb.control.orders().filter((x) => x.reference_id?.startsWith('ship-'))) {
      const t = o.shipments![0]!.tracking!
      expect(t.tracking_number).toMatch(formats[t.carrier as keyof typeof formats])
    }
  })

  it('refuses to cancel what has shipped, and releases what has not', async () => {
    const a = (await http.post(`${V}/order`, orderBody('cancel-a'))).data as SbOrder
    const b = (await http.post(`${V}/order`, orderBody('cancel-b'))).data as SbOrder
    sb.control.shipNow(b.id)
    const ok = await http.post(`${V}/order/${a.id}:cancel`)
    expect(ok.data).toMatchObject({
      order_id: a.id,
      status: 'Success',
      canceled_shipment_results: [{ is_success: true }],
    })
    const refused = await http.post(`${V}/order/${b.id}:cancel`)
    expect(refused.status).toBe(200)
    expect(refused.data).toMatchObject({ status: 'Failure', canceled_shipment_results: [{ is_success: false }] })
    expect((await http.post(`${V}/order/12345:cancel`)).status).toBe(404)
  })

  it('lists stock per facility with next links and totals network-wide', async () => {
    sb.control.seedStock([{ facilityId: 30, sku: 'SCARF', onHand: 4 }])
    const page = await http.get(`${V}/inventory-level/locations`, { params: { PageSize: 1 } })
    expect(page.data.items).toHaveLength(1)
    expect(page.data.items[0].sku).toBe('MUG-BLUE')
    expect(page.data.items[0].locations.map((l: { location_id: number }) => l.location_id)).toEqual([
      10, 11, 20, 30, 40,
    ])
    expect(page.data.next).toMatch(new RegExp(`^${sb.url}${V}/inventory-level/locations\\?PageSize=1&Cursor=`))
    const totals = await http.get(`${V}/inventory-level`)
    const mug = totals.data.items.find((i: { sku: string }) => i.sku === 'MUG-BLUE')
    const rows = sb.state.stockRows().filter((r) => r.product.sku === 'MUG-BLUE')
    expect(mug.total_on_hand_quantity).toBe(rows.reduce((n, r) => n + r.onHand, 0))
    expect(totals.data.items.find((i: { sku: string }) => i.sku === 'NEW-SKU')).toMatchObject({
      total_on_hand_quantity: 0,
    })
    const second = await http.get(page.data.next)
    expect(second.data.items[0].inventory_id).toBeGreaterThan(page.data.items[0].inventory_id)
    const scarf = await http.get(`${V}/inventory-level/locations`, { params: { LocationId: 30 } })
    expect(scarf.data.items.map((i: { sku: string }) => i.sku)).toEqual(['MUG-BLUE', 'SCARF'])
  })
})

describe('rate limit', () => {
  it('answers 429 with x-retry-after, x-remaining-calls and ShipBob’s body over the window', async () => {
    const sb = await startSandbox({ rateLimit: { limit: 3, windowSeconds: 60 } })
    try {
      const http = api(sb.url)
      const remaining = []
      for (let i = 0; i < 3; i++) remaining.push((await http.get(`${V}/channel`)).headers['x-remaining-calls'])
      expect(remaining).toEqual(['2', '1', '0'])
      const r = await http.get(`${V}/channel`)
      expect(r.status).toBe(429)
      expect(r.headers['x-remaining-calls']).toBe('0')
      expect(Number(r.headers['x-retry-after'])).toBeGreaterThan(55)
      expect(r.data).toEqual({
        statusCode: 429,
        message: `Rate limit is exceeded. Try again in ${r.headers['x-retry-after']} seconds.`,
      })
      expect(sb.control.stats().rateLimited).toBe(1)
    } finally {
      await sb.close()
    }
  })

  it('defaults to ShipBob’s 150 requests per minute', async () => {
    const sb = await startSandbox({ rateLimit: undefined })
    try {
      expect((await api(sb.url).get(`${V}/channel`)).headers['x-remaining-calls']).toBe('149')
    } finally {
      await sb.close()
    }
  })
})

describe('behaviour over time and the control endpoints', () => {
  it('ships after the configured delay and sends a signed order.shipped, retrying a failed delivery with the same id', async () => {
    const receiver = await startReceiver()
    const sb = await startSandbox({
      shipDelayMs: 30,
      webhookSecret: `whsec_${Buffer.from('sandbox-secret-24-bytes!').toString('base64')}`,
    })
    try {
      const http = api(sb.url)
      expect((await http.post(`${V}/webhook`, { topics: ['order.shipped', 'bogus'], url: receiver.url })).status).toBe(
        422,
      )
      // ShipBob answers a created subscription with 200 (Webhooks.V2.Create.WebhookViewModelV2)
      expect((await http.post(`${V}/webhook`, { topics: ['order.shipped'], url: receiver.url })).status).toBe(200)
      expect(
        (await axios.post(`${sb.url}/__control/stock`, [{ facilityId: 40, sku: 'MUG-BLUE', onHand: 2 }])).data,
      ).toEqual({ ok: true, rows: 1 })
      await axios.post(`${sb.url}/__control/faults`, { webhooks: { fail: 1 } })
      const created = (await http.post(`${V}/order`, orderBody('timed', { location_id: 40 }))).data as SbOrder
      const got = await until(
        () => receiver.received.find((r) => r.headers['x-webhook-topic'] === 'order.shipped'),
        'the order.shipped webhook',
      )
      expect(JSON.parse(got.rawBody.toString())).toMatchObject({
        id: created.id,
        status: 'Fulfilled',
        shipments: [{ tracking: { carrier: 'Yamato' } }],
      })
      expect(got.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/)
      const deliveries = (await axios.get(`${sb.url}/__control/deliveries`)).data
      expect(deliveries[0]).toMatchObject({ state: 'delivered', webhookId: got.headers['webhook-id'] })
      expect(deliveries[0].attempts).toHaveLength(2)
      expect(deliveries[0].attempts[0].error).toMatch(/sandbox fault/)
      const orders = (await axios.get(`${sb.url}/__control/orders`)).data as SbOrder[]
      expect(orders.find((o) => o.reference_id === 'timed')?.status).toBe('Fulfilled')
    } finally {
      await sb.close()
      await receiver.close()
    }
  })

  it('allocates a backordered order when stock arrives', async () => {
    const sb = await startSandbox()
    try {
      const http = api(sb.url)
      const o = (
        await http.post(
          `${V}/order`,
          orderBody('late', { location_id: 20, products: [{ reference_id: 'TEE-M', name: 'T-shirt', quantity: 3 }] }),
        )
      ).data as SbOrder
      expect(o.status).toBe('Exception')
      expect(
        (await axios.post(`${sb.url}/__control/orders/late/ship`, undefined, { validateStatus: () => true })).status,
      ).toBe(409)
      await axios.post(`${sb.url}/__control/stock`, { facilityId: 20, sku: 'TEE-M', onHand: 5 })
      expect((await http.get(`${V}/order/${o.id}`)).data.status).toBe('Processing')
      expect((await axios.post(`${sb.url}/__control/orders/${o.id}/ship`)).data.status).toBe('Fulfilled')
      expect(sb.state.stockRows().find((r) => r.product.sku === 'TEE-M')).toMatchObject({ onHand: 2, committed: 0 })
    } finally {
      await sb.close()
    }
  })

  it.each([
    [
      'an unknown SKU',
      { unknownSku: 'reject' as const },
      [{ reference_id: 'GHOST', name: 'Ghost', quantity: 1 }],
      'products[0].reference_id',
    ],
    [
      'missing stock',
      { outOfStock: 'reject' as const },
      [{ reference_id: 'MUG-BLUE', name: 'Blue mug', quantity: 1 }],
      'products[0].quantity',
    ],
  ])('can be told to refuse %s with 422 (a stricter warehouse than ShipBob)', async (_n, opts, products, field) => {
    const sb = await startSandbox(opts)
    try {
      const r = await api(sb.url).post(`${V}/order`, orderBody('strict', { products }))
      expect(r.status).toBe(422)
      expect(r.data).toHaveProperty([field])
    } finally {
      await sb.close()
    }
  })

  it('can fail or delay answers on demand', async () => {
    const sb = await startSandbox()
    try {
      const http = api(sb.url)
      await axios.post(`${sb.url}/__control/faults`, { api: { fail: 2, status: 503 } })
      expect([
        (await http.get(`${V}/channel`)).status,
        (await http.get(`${V}/channel`)).status,
        (await http.get(`${V}/channel`)).status,
      ]).toEqual([503, 503, 200])
      await axios.delete(`${sb.url}/__control/faults`)
      expect((await axios.get(`${sb.url}/__control/stats`)).data).toMatchObject({ faultsServed: 2 })
    } finally {
      await sb.close()
    }
  })

  it('an outage: every call fails for N seconds of the sandbox clock, then the API is healthy again', async () => {
    let clock = Date.parse('2026-11-20T10:00:00Z')
    const sb = await startSandbox({ now: () => new Date(clock) })
    try {
      const http = api(sb.url)
      await axios.post(`${sb.url}/__control/faults`, { api: { outageSeconds: 30 } })
      expect((await http.get(`${V}/channel`)).status).toBe(500)
      clock += 29_000
      expect((await http.get(`${V}/fulfillment-center`)).status).toBe(500)
      clock += 2_000
      expect((await http.get(`${V}/channel`)).status).toBe(200)
      expect((await axios.get(`${sb.url}/__control/stats`)).data).toMatchObject({ faultsServed: 2 })
    } finally {
      await sb.close()
    }
  })

  it('slow answers outlast a client timeout; a held-open connection never answers until let go', async () => {
    const sb = await startSandbox()
    try {
      const http = api(sb.url)
      await axios.post(`${sb.url}/__control/faults`, { api: { delayMs: 1_000 } })
      const slow = await http.get(`${V}/channel`, { timeout: 50 }).catch((e: { code?: string }) => e.code)
      expect(slow).toBe('ECONNABORTED')
      await axios.post(`${sb.url}/__control/faults`, { api: { hang: 1, match: 'GET /2026-01/channel' } })
      const held = http.get(`${V}/channel`).catch((e: { code?: string }) => e.code)
      await until(() => sb.control.stats().held === 1, 'the call to be held')
      // other calls still answer while one is held
      expect((await http.get(`${V}/fulfillment-center`)).status).toBe(200)
      await axios.delete(`${sb.url}/__control/faults`)
      expect(await held).toBe('ECONNRESET')
      expect((await http.get(`${V}/channel`)).status).toBe(200)
    } finally {
      await sb.close()
    }
  })
})
