// Orders, fulfillments and webhooks as Shopify really delivers them, produced by the sandbox and
// seen over HTTP by a receiver: fulfillments with several tracking numbers, tracking added later
// and cancelled fulfillments (both fulfillments/update), refunds of some units with their
// restock_type, the X-Shopify-Event-Id / -Webhook-Id / -Triggered-At / -Shop-Domain headers, one
// event under two webhook ids (two subscriptions), a failed delivery retried with its ORIGINAL
// body 8 times over 4 hours of the sandbox clock, a late older products/update after a newer one,
// customers/redact naming the customer by id and current email, and app/uninstalled after which
// the token answers 401 (specs/shopify.md §5–6; REST shapes from Shopify's fixtures there).
import { createHash } from 'node:crypto'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  control,
  delivered,
  graphql,
  startReceiver,
  startShop,
  subscribe,
  validHmac,
  type Receiver,
  type Sandbox,
} from './shopify-support.ts'

const TOPICS = [
  'ORDERS_CREATE',
  'ORDERS_UPDATED',
  'FULFILLMENTS_CREATE',
  'FULFILLMENTS_UPDATE',
  'REFUNDS_CREATE',
  'PRODUCTS_UPDATE',
  'APP_UNINSTALLED',
]

const ORDER_FULFILLMENTS = `query($id: ID!) { order(id: $id) {
  displayFulfillmentStatus
  fulfillments(first: 5) { id status trackingInfo(first: 5) { company number url } }
  fulfillmentOrders(first: 5) { nodes { status lineItems(first: 5) { nodes { remainingQuantity } } } }
  refunds(first: 5) { refundLineItems(first: 5) { nodes { quantity restockType restocked location { id } } } }
} }`

let sb: Sandbox
let clock: { now: number; advance(ms: number): void }
let receiver: Receiver
let location: string

beforeAll(async () => {
  receiver = await startReceiver()
  ;({ sb, clock } = await startShop({ complianceUri: receiver.url, webhooks: { retryBaseMs: 20 } }))
  const seeded = await control(sb, '/seed', { products: 3, variantsPerProduct: 1, locations: 1, available: 20 })
  location = seeded.locations[0]
  await subscribe(sb, receiver.url, TOPICS)
})
afterAll(async () => {
  await sb.close()
  await receiver.close()
})
beforeEach(() => {
  receiver.received.length = 0
  receiver.refuse = () => false
})
afterEach(async () => {
  await control(sb, '/knobs', {
    webhooks: {
      secondSubscription: false,
      outOfOrder: false,
      retrySchedule: 'timers',
      retryBaseMs: 20,
      failFirstAttempts: 0,
      shopDomain: null,
    },
  })
})

const placeOrder = (quantity = 3, email = 'anna@example.com') =>
  control(sb, '/orders', {
    lines: [{ sku: 'SKU-00001', quantity }],
    email,
    shippingAddress: { firstName: 'Anna', lastName: 'Berg', address1: '1 Main St', city: 'Austin', countryCode: 'US' },
  })
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex')

describe('fulfillments', () => {
  it('one fulfillment with several tracking numbers keeps them all (REST and GraphQL)', async () => {
    const order = await placeOrder(2)
    const { fulfillmentIds } = await control(sb, '/orders/fulfill', {
      id: order.id,
      tracking: {
        company: 'UPS',
        numbers: ['1Z999AA10123456784', '1Z999AA10123456785'],
        urls: ['https://ups.example/1', 'https://ups.example/2'],
      },
    })
    expect(fulfillmentIds).toHaveLength(1)
    const [created] = await delivered(sb, receiver, 'fulfillments/create')
    expect(created!.json).toMatchObject({
      status: 'success',
      tracking_company: 'UPS',
      tracking_number: '1Z999AA10123456784',
      tracking_numbers: ['1Z999AA10123456784', '1Z999AA10123456785'],
      tracking_urls: ['https://ups.example/1', 'https://ups.example/2'],
      admin_graphql_api_id: fulfillmentIds[0],
    })
    const r = await graphql(sb, ORDER_FULFILLMENTS, { id: order.id })
    expect(r.body.errors).toBeUndefined()
    expect(r.body.data.order.fulfillments[0].trackingInfo).toEqual([
      { company: 'UPS', number: '1Z999AA10123456784', url: 'https://ups.example/1' },
      { company: 'UPS', number: '1Z999AA10123456785', url: 'https://ups.example/2' },
    ])
  })

  it('tracking added after the fulfillment was created arrives as fulfillments/update', async () => {
    const order = await placeOrder(1)
    const [id] = (await control(sb, '/orders/fulfill', { id: order.id })).fulfillmentIds
    clock.advance(3_600_000)
    await control(sb, '/fulfillments/tracking', {
      id,
      tracking: { company: 'USPS', numbers: ['9400111899223197428490'] },
    })
    const [created] = await delivered(sb, receiver, 'fulfillments/create')
    const [updated] = await delivered(sb, receiver, 'fulfillments/update')
    expect(created!.json).toMatchObject({ tracking_number: null, tracking_numbers: [] })
    expect(updated!.json).toMatchObject({
      admin_graphql_api_id: id,
      tracking_company: 'USPS',
      tracking_numbers: ['9400111899223197428490'],
    })
    expect(Date.parse(updated!.json.updated_at) - Date.parse(created!.json.updated_at)).toBe(3_600_000)
  })

  it('a cancelled fulfillment turns CANCELLED (fulfillments/update) and its units are to be shipped again', async () => {
    const order = await placeOrder(2)
    const [id] = (await control(sb, '/orders/fulfill', { id: order.id, tracking: { number: '1Z1' } })).fulfillmentIds
    await control(sb, '/fulfillments/cancel', { id })
    const [update] = await delivered(sb, receiver, 'fulfillments/update')
    expect(update!.json).toMatchObject({ admin_graphql_api_id: id, status: 'cancelled' })
    const r = (await graphql(sb, ORDER_FULFILLMENTS, { id: order.id })).body.data.order
    expect(r.fulfillments[0].status).toBe('CANCELLED')
    expect(r.displayFulfillmentStatus).toBe('UNFULFILLED')
    expect(r.fulfillmentOrders.nodes[0]).toMatchObject({
      status: 'OPEN',
      lineItems: { nodes: [{ remainingQuantity: 2 }] },
    })
  })
})

describe('refunds of some units', () => {
  it('refunds/create names each line’s units and restock_type; unshipped units go back to available', async () => {
    const before = sb.control.stock('SKU-00001').find((l) => l.locationId === location)!
    const order = await placeOrder(3)
    const placed = sb.control.stock('SKU-00001').find((l) => l.locationId === location)!
    expect(placed.committed - before.committed).toBe(3)
    await control(sb, '/orders/refund', { id: order.id, lines: [{ lineItemId: order.lineItemIds[0], quantity: 1 }] })
    const [refund] = await delivered(sb, receiver, 'refunds/create')
    expect(refund!.json).toMatchObject({
      restock: true,
      refund_line_items: [
        { quantity: 1, restock_type: 'cancel', location_id: Number(location.split('/').pop()), subtotal: 19.99 },
      ],
    })
    const after = sb.control.stock('SKU-00001').find((l) => l.locationId === location)!
    expect([after.committed - placed.committed, after.available - placed.available]).toEqual([-1, 1])
    const [updated] = (await delivered(sb, receiver, 'orders/updated')).slice(-1)
    expect(updated!.json).toMatchObject({
      financial_status: 'partially_refunded',
      line_items: [{ current_quantity: 2 }],
    })
    // shipped units refunded without return stay gone; returned ones come back on hand
    await control(sb, '/orders/fulfill', { id: order.id })
    await control(sb, '/orders/refund', {
      id: order.id,
      lines: [{ lineItemId: order.lineItemIds[0], quantity: 1, restockType: 'RETURN' }],
    })
    const lines = (await graphql(sb, ORDER_FULFILLMENTS, { id: order.id })).body.data.order.refunds.flatMap(
      (r: { refundLineItems: { nodes: unknown[] } }) => r.refundLineItems.nodes,
    )
    expect(lines).toEqual([
      { quantity: 1, restockType: 'CANCEL', restocked: true, location: { id: location } },
      { quantity: 1, restockType: 'RETURN', restocked: true, location: { id: location } },
    ])
  })
})

describe('webhook deliveries', () => {
  it('carry X-Shopify-Event-Id, -Webhook-Id, -Triggered-At and -Shop-Domain, signed with the app secret', async () => {
    await placeOrder(1)
    const [d] = await delivered(sb, receiver, 'orders/create')
    expect(validHmac(d!, sb.appSecret)).toBe(true)
    expect(d!.headers).toMatchObject({
      'x-shopify-shop-domain': sb.shopDomain,
      'x-shopify-api-version': '2026-07',
      'x-shopify-event-id': expect.stringMatching(/^\d+$/),
      'x-shopify-webhook-id': expect.stringMatching(/^[0-9a-f-]{36}$/),
      'x-shopify-triggered-at': new Date(clock.now).toISOString().replace('.000', ''),
    })
    await control(sb, '/knobs', { webhooks: { shopDomain: 'someone-else.myshopify.com' } })
    await placeOrder(1)
    const [, spoofed] = await delivered(sb, receiver, 'orders/create')
    expect(spoofed!.headers['x-shopify-shop-domain']).toBe('someone-else.myshopify.com')
  })

  it('two subscriptions to one topic: the same event id arrives under two webhook ids', async () => {
    await control(sb, '/knobs', { webhooks: { secondSubscription: true } })
    await placeOrder(1)
    const twins = await delivered(sb, receiver, 'orders/create')
    expect(twins).toHaveLength(2)
    expect(new Set(twins.map((d) => d.headers['x-shopify-event-id'])).size).toBe(1)
    expect(new Set(twins.map((d) => d.headers['x-shopify-webhook-id'])).size).toBe(2)
    expect(twins[0]!.body.equals(twins[1]!.body)).toBe(true)
  })

  it('a refused delivery is retried 8 times over 4 hours of the sandbox clock, always with the original body', async () => {
    await control(sb, '/knobs', { webhooks: { retrySchedule: 'clock', retryBaseMs: 56_500 } })
    receiver.refuse = (d) => d.headers['x-shopify-topic'] === 'products/update'
    const product = [...sb.store.products.values()][1]!
    await control(sb, '/products/update', { id: product.id, title: 'First title' })
    await control(sb, '/webhooks/flush')
    const start = clock.now
    const webhookId = receiver.received.find((d) => d.json?.title === 'First title')!.headers['x-shopify-webhook-id']
    // the product changes again meanwhile: retries must still carry the first body
    await control(sb, '/products/update', { id: product.id, title: 'Second title' })
    // walk the sandbox clock to each retry as it falls due
    for (;;) {
      const { waiting } = await control(sb, '/webhooks/retry-due')
      const next = waiting.find((w: { webhookId: string }) => w.webhookId === webhookId)
      if (!next) break
      clock.now = Date.parse(next.dueAt)
    }
    const first = receiver.received.filter((d) => d.json?.title === 'First title')
    expect(first).toHaveLength(9)
    expect(new Set(first.map((d) => d.headers['x-shopify-webhook-id'])).size).toBe(1)
    expect(new Set(first.map((d) => d.headers['x-shopify-event-id'])).size).toBe(1)
    expect(new Set(first.map((d) => d.headers['x-shopify-triggered-at'])).size).toBe(1)
    expect(new Set(first.map((d) => sha(d.body))).size).toBe(1)
    const attempts = sb.control.deliveries().filter((a) => a.webhookId === first[0]!.headers['x-shopify-webhook-id'])
    expect(attempts.map((a) => a.attempt)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9])
    expect(new Set(attempts.map((a) => a.bodySha256))).toEqual(new Set([sha(first[0]!.body)]))
    // waits of 56.5 s × 2^(n−1): the eighth retry goes out 56.5 s × 255 = 14,407.5 s (4 h) after the first try
    expect(attempts.map((a) => (Date.parse(a.at) - start) / 1000)).toEqual([
      0, 56.5, 169.5, 395.5, 847.5, 1751.5, 3559.5, 7175.5, 14407.5,
    ])
  })

  it('out of order: a late, older products/update arrives after the newer one', async () => {
    await control(sb, '/knobs', { webhooks: { outOfOrder: true, outOfOrderBatch: 2 } })
    const product = [...sb.store.products.values()][2]!
    await control(sb, '/products/update', { id: product.id, title: 'Older' })
    clock.advance(5_000)
    await control(sb, '/products/update', { id: product.id, title: 'Newer' })
    const updates = await delivered(sb, receiver, 'products/update')
    expect(updates.map((d) => d.json.title)).toEqual(['Newer', 'Older'])
    const [newer, older] = updates
    expect(Date.parse(String(older!.headers['x-shopify-triggered-at']))).toBeLessThan(
      Date.parse(String(newer!.headers['x-shopify-triggered-at'])),
    )
    expect(Date.parse(older!.json.updated_at)).toBeLessThan(Date.parse(newer!.json.updated_at))
  })
})

describe('privacy and uninstall', () => {
  it('customers/redact names the customer by id and by their current email, with all their orders', async () => {
    const a = await placeOrder(1, 'olga@example.com')
    const b = await placeOrder(1, 'olga@example.com')
    const customer = sb.store.orders.get(a.id)!.customer!
    await control(sb, '/customers/update', { id: customer.id, email: 'olga.new@example.com' })
    await control(sb, '/privacy', { topic: 'customers/redact', customerId: customer.id })
    const [redact] = await delivered(sb, receiver, 'customers/redact')
    expect(validHmac(redact!, sb.appSecret)).toBe(true)
    expect(redact!.json).toEqual({
      shop_id: Number(sb.store.shop.legacyId),
      shop_domain: sb.shopDomain,
      customer: { id: Number(customer.legacyId), email: 'olga.new@example.com', phone: null },
      orders_to_redact: [a, b].map((o) => Number(sb.store.orders.get(o.id)!.legacyId)),
    })
  })

  it('after app/uninstalled every call with the token answers 401 and no webhook is sent', async () => {
    await control(sb, '/app/uninstall')
    const [gone] = await delivered(sb, receiver, 'app/uninstalled')
    expect(gone!.headers['x-shopify-shop-domain']).toBe(sb.shopDomain)
    expect(gone!.json).toMatchObject({ myshopify_domain: sb.shopDomain })
    const r = await graphql(sb, '{ shop { name } }')
    expect(r.status).toBe(401)
    expect(r.body).toEqual({ errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' })
    receiver.received.length = 0
    await placeOrder(1)
    await control(sb, '/webhooks/flush')
    expect(receiver.received).toEqual([])
    await control(sb, '/app/reinstall')
    expect((await graphql(sb, '{ shop { name } }')).status).toBe(200)
  })
})
