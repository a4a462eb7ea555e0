// Webhooks: HMAC verification (accepted; tampered body, wrong secret, missing header refused),
// registration (create, exists, repair), and real deliveries from the sandbox to a local
// receiver, parsed and processed by the connector: orders, inventory levels (ids beyond 2^53),
// products, fulfillments, app/uninstalled, privacy topics, and the delivery knobs (duplicates,
// retries after a failure, out of order).
import { createHmac } from 'node:crypto'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { CrossdockError } from '../../src/errors.ts'
import { shopifyConnector } from '../../src/connectors/shopify/index.ts'
import { parseJsonKeepingBigInts } from '../../src/connectors/shopify/webhooks.ts'
import type { RawWebhook, WebhookEffect } from '../../src/connectors/types.ts'
import type { InventoryLevel, Order, Product, Shipment } from '../../src/model/index.ts'
import { contextFor, rawGraphql, startSandbox, type Sandbox, type ShopifyCtx } from './helpers.ts'

const hooks = shopifyConnector.webhooks!

function signed(body: string, secret: string, headers: Record<string, string> = {}): RawWebhook {
  return {
    rawBody: Buffer.from(body),
    headers: {
      'x-shopify-hmac-sha256': createHmac('sha256', secret).update(body).digest('base64'),
      'x-shopify-topic': 'orders/create',
      'x-shopify-webhook-id': 'w-1',
      ...headers,
    },
    contentType: 'application/json',
    receivedAt: new Date(),
  }
}

describe('HMAC verification', () => {
  const conn = { settings: {}, credentials: { accessToken: 't', appSecret: 'hush' } }
  const body = JSON.stringify({ id: 1, name: '#1001' })

  it('accepts a body signed with the app secret, whatever the header case', () => {
    expect(() => hooks.verify(signed(body, 'hush'), conn)).not.toThrow()
    const req = signed(body, 'hush')
    const upper: RawWebhook = { ...req, headers: { 'X-Shopify-Hmac-Sha256': req.headers['x-shopify-hmac-sha256'] } }
    expect(() => hooks.verify(upper, conn)).not.toThrow()
  })

  it.each([
    ['a tampered body', (r: RawWebhook) => ({ ...r, rawBody: Buffer.from(body.replace('1001', '1002')) })],
    ['another secret', () => signed(body, 'not-the-secret')],
    [
      'no signature header',
      (r: RawWebhook) => ({ ...r, headers: { ...r.headers, 'x-shopify-hmac-sha256': undefined } }),
    ],
    [
      'a signature that is not base64 of 32 bytes',
      (r: RawWebhook) => ({ ...r, headers: { ...r.headers, 'x-shopify-hmac-sha256': 'abc' } }),
    ],
    ['an empty body', () => signed('', 'hush')],
  ])('refuses %s with WEBHOOK_SIGNATURE_INVALID', (_name, mutate) => {
    const req = (mutate as (r: RawWebhook) => RawWebhook)(signed(body, 'hush'))
    try {
      hooks.verify(req, conn)
      expect.unreachable()
    } catch (e) {
      expect(e).toBeInstanceOf(CrossdockError)
      expect((e as CrossdockError).code).toBe('WEBHOOK_SIGNATURE_INVALID')
      expect((e as CrossdockError).status).toBe(401)
    }
  })

  it('refuses everything when the connection has no app secret', () => {
    expect(() => hooks.verify(signed(body, 'hush'), { settings: {}, credentials: { accessToken: 't' } })).toThrow(
      /no app secret/,
    )
  })

  it('parses one event keyed by X-Shopify-Webhook-Id and keeps ids beyond 2^53 exact', () => {
    const [ev] = hooks.parse(
      signed('{"inventory_item_id":271878346596884015,"available":3}', 'hush', {
        'x-shopify-topic': 'inventory_levels/update',
        'x-shopify-webhook-id': 'abc-123',
      }),
      { settings: {} },
    )
    expect(ev).toMatchObject({ eventId: 'abc-123', topic: 'inventory_levels/update' })
    expect((ev!.payload as { body: { inventory_item_id: string } }).body.inventory_item_id).toBe('271878346596884015')
    expect(parseJsonKeepingBigInts('{"a":12,"b":1.5}')).toEqual({ a: 12, b: 1.5 })
    expect(() => hooks.parse(signed('{}', 'hush', { 'x-shopify-webhook-id': '' }), { settings: {} })).toThrow(
      /Webhook-Id/,
    )
  })
})

interface Received {
  headers: IncomingHttpHeaders
  body: Buffer
}

describe('deliveries from the sandbox', () => {
  let sb: Sandbox
  let receiver: Server
  let url = ''
  let received: Received[] = []
  let failNext = { topic: '', count: 0 }
  let ctx: ShopifyCtx

  const raw = (r: Received): RawWebhook => ({
    rawBody: r.body,
    headers: Object.fromEntries(Object.entries(r.headers).map(([k, v]) => [k, String(v)])),
    contentType: 'application/json',
    receivedAt: new Date(),
  })
  const topic = (t: string) => received.filter((r) => r.headers['x-shopify-topic'] === t)
  async function processed(r: Received): Promise<WebhookEffect[]> {
    const req = raw(r)
    hooks.verify(req, { settings: ctx.settings, credentials: ctx.credentials })
    const [event] = hooks.parse(req, ctx)
    expect(event!.eventId).toBe(r.headers['x-shopify-webhook-id'])
    return hooks.process(ctx, event!)
  }
  const records = (effects: WebhookEffect[]) => (effects[0] as Extract<WebhookEffect, { kind: 'records' }>).items[0]!

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (c) => chunks.push(c))
      req.on('end', () => {
        received.push({ headers: req.headers, body: Buffer.concat(chunks) })
        const failing = failNext.count > 0 && req.headers['x-shopify-topic'] === failNext.topic
        if (failing) failNext.count--
        res.statusCode = failing ? 500 : 200
        res.end()
      })
    })
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r))
    url = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/webhooks/shopify/conn-1`
    sb = await startSandbox({ complianceUri: url })
    sb.control.seed({ products: 4, variantsPerProduct: 2, locations: 2, available: 20 })
    ctx = contextFor(sb)
  })
  afterAll(async () => {
    await sb.close()
    await new Promise((r) => receiver.close(r))
  })
  beforeEach(() => {
    received = []
    failNext = { topic: '', count: 0 }
    sb.control.setKnobs({ webhooks: { duplicate: 0, failFirstAttempts: 0, outOfOrder: false } })
  })

  it('registers the topics, finds them again, and repairs one pointing elsewhere', async () => {
    const first = await shopifyConnector.registerWebhooks!(ctx, url)
    expect(first.map((r) => r.status)).toEqual(Array(9).fill('created'))
    expect(first.map((r) => r.topic)).toEqual(
      expect.arrayContaining(['orders/create', 'inventory_levels/update', 'app/uninstalled', 'fulfillments/create']),
    )
    const again = await shopifyConnector.registerWebhooks!(ctx, url)
    expect(again.map((r) => r.status)).toEqual(Array(9).fill('exists'))
    const sub = [...sb.store.subscriptions.values()].find((s) => s.topic === 'PRODUCTS_UPDATE')!
    const moved = await rawGraphql(
      sb,
      'mutation($id: ID!) { webhookSubscriptionUpdate(id: $id, webhookSubscription: { uri: "https://old-hub.example.com/hook" }) { userErrors { message } } }',
      { id: sub.id },
    )
    expect(moved.data.webhookSubscriptionUpdate.userErrors).toEqual([])
    const repaired = await shopifyConnector.registerWebhooks!(ctx, url)
    expect(repaired.find((r) => r.topic === 'products/update')!.status).toBe('repaired')
    expect(sb.store.subscriptions.get(sub.id)!.uri).toBe(url)
  })

  it('orders/create arrives signed and becomes the same canonical order a pull makes', async () => {
    const created = sb.control.createOrder({
      lines: [{ sku: 'SKU-00001-2', quantity: 2 }],
      presentmentCurrency: 'EUR',
      email: 'anna@example.com',
      shippingAddress: {
        firstName: 'Anna',
        lastName: 'Berg',
        address1: 'Unter den Linden 1',
        city: 'Berlin',
        countryCode: 'DE',
        zip: '10117',
      },
      taxRate: '0.19',
      shipping: '5.00',
    })
    await sb.control.flushWebhooks()
    const [delivery] = topic('orders/create')
    expect(delivery!.headers['x-shopify-shop-domain']).toBe(sb.shopDomain)
    expect(delivery!.headers['x-shopify-api-version']).toBe('2026-07')
    const fromHook = records(await processed(delivery!)).records![0]!.value as Order
    const pulled = [] as Order[]
    for await (const p of shopifyConnector.pull!(ctx, 'orders', null))
      pulled.push(...p.items.map((i) => i.records![0]!.value as Order))
    const fromPull = pulled.find((o) => o.externalId === created.id)!
    expect(fromHook).toMatchObject({
      externalId: created.id,
      status: 'open',
      currency: 'USD',
      presentmentCurrency: 'EUR',
    })
    const comparable = (o: Order) => ({
      lines: o.lines,
      totals: o.totals,
      shippingAddress: o.shippingAddress,
      status: o.status,
      buyer: o.buyer,
    })
    expect(comparable(fromHook)).toEqual(comparable(fromPull))
  })

  it('inventory_levels/update is re-read into a full level (the body has neither SKU nor committed) with the exact item id', async () => {
    const res = sb.control.setStock({ sku: 'SKU-00002-1', available: 4 })
    await sb.control.flushWebhooks()
    const [delivery] = topic('inventory_levels/update')
    expect(delivery!.body.toString()).toContain(`"inventory_item_id":${res.inventoryItemId.split('/').pop()}`)
    const item = records(await processed(delivery!))
    expect(item.records![0]!.value as InventoryLevel).toMatchObject({
      sku: 'SKU-00002-1',
      available: 4,
      onHand: 4,
      reserved: 0,
    })
    expect((item.raw as { item: { id: string } }).item.id).toBe(res.inventoryItemId)
    expect(item.bindings).toEqual([
      { entity: 'location', canonicalKey: expect.stringMatching(/^SHOPIFY-\d+$/), externalId: res.locationId },
    ])
  })

  it('products/update → product record; products/delete → ignored with the reason', async () => {
    const product = [...sb.store.products.values()][0]!
    await rawGraphql(
      sb,
      'mutation($i: ProductSetInput!, $id: ProductSetIdentifiers) { productSet(input: $i, identifier: $id, synchronous: true) { userErrors { message } } }',
      { id: { id: product.id }, i: { title: 'Linen shirt' } },
    )
    await sb.control.flushWebhooks()
    const p = records(await processed(topic('products/update')[0]!)).records![0]!.value as Product
    expect(p.title).toEqual({ 'en-US': 'Linen shirt' })
    expect(p.variants).toHaveLength(2)
    const body = JSON.stringify({ id: 10220854000001 })
    const del = {
      headers: {
        'x-shopify-topic': 'products/delete',
        'x-shopify-webhook-id': 'd1',
        'x-shopify-hmac-sha256': createHmac('sha256', sb.appSecret).update(body).digest('base64'),
      },
      body: Buffer.from(body),
    }
    const effects = await processed(del as unknown as Received)
    expect(effects[0]).toMatchObject({ kind: 'ignored' })
    expect((effects[0] as { reason: string }).reason).toContain('gid://shopify/Product/10220854000001')
  })

  it('fulfillments/create → shipment record that names the channel order', async () => {
    const order = sb.control.createOrder({
      lines: [{ sku: 'SKU-00003-1', quantity: 1 }],
      email: 'c@example.com',
      shippingAddress: { countryCode: 'US', city: 'Boston' },
    })
    const [r] = await shopifyConnector.push!(ctx, 'shipments', [
      {
        key: 's1',
        order: {} as Order,
        orderExternalId: order.id,
        notifyCustomer: true,
        lines: [{ sku: 'SKU-00003-1', quantity: 1 }],
        shipment: {
          externalId: '3pl-1',
          carrier: 'UPS',
          trackingNumber: '1Z999',
          trackingUrl: 'https://ups.example/1Z999',
          shippedAt: new Date().toISOString(),
          lines: [{ sku: 'SKU-00003-1', quantity: 1 }],
        },
      },
    ])
    expect(r!.status).toBe('ok')
    await sb.control.flushWebhooks()
    const item = records(await processed(topic('fulfillments/create')[0]!))
    const rec = item.records![0] as { type: 'shipment'; value: Shipment; reference: { orderExternalId?: string } }
    expect(rec.value).toMatchObject({
      carrier: 'UPS',
      trackingNumber: '1Z999',
      trackingUrl: 'https://ups.example/1Z999',
      lines: [{ sku: 'SKU-00003-1', quantity: 1 }],
    })
    expect(rec.reference.orderExternalId).toBe(order.id)
  })

  it('duplicates knob: the same delivery arrives twice with one webhook id', async () => {
    sb.control.setKnobs({ webhooks: { duplicate: 1 } })
    sb.control.createOrder({ lines: [{ sku: 'SKU-00001-1', quantity: 1 }] })
    await sb.control.flushWebhooks()
    const creates = topic('orders/create')
    expect(creates).toHaveLength(2)
    expect(creates[0]!.headers['x-shopify-webhook-id']).toBe(creates[1]!.headers['x-shopify-webhook-id'])
    const ids = creates.map((c) => hooks.parse(raw(c), ctx)[0]!.eventId)
    expect(new Set(ids).size).toBe(1)
  })

  it('a failed delivery is retried with the original body and webhook id', async () => {
    failNext = { topic: 'orders/create', count: 1 }
    sb.control.createOrder({ lines: [{ sku: 'SKU-00001-1', quantity: 1 }] })
    await sb.control.flushWebhooks()
    const creates = topic('orders/create')
    expect(creates).toHaveLength(2)
    expect(creates[1]!.body.equals(creates[0]!.body)).toBe(true)
    expect(creates[1]!.headers['x-shopify-webhook-id']).toBe(creates[0]!.headers['x-shopify-webhook-id'])
    const attempts = sb.control.deliveries().filter((d) => d.webhookId === creates[0]!.headers['x-shopify-webhook-id'])
    expect(attempts.map((a) => [a.attempt, a.ok])).toEqual([
      [1, false],
      [2, true],
    ])
  })

  it('failFirstAttempts knob: the receiver answered 200 yet sees the delivery again', async () => {
    sb.control.setKnobs({ webhooks: { failFirstAttempts: 1 } })
    sb.control.createOrder({ lines: [{ sku: 'SKU-00001-1', quantity: 1 }] })
    await sb.control.flushWebhooks()
    expect(topic('orders/create')).toHaveLength(2)
  })

  it('out-of-order knob: later changes can arrive first', async () => {
    sb.control.setKnobs({ webhooks: { outOfOrder: true, outOfOrderBatch: 100 } })
    const names = [1, 2, 3].map(() => sb.control.createOrder({ lines: [{ sku: 'SKU-00004-1', quantity: 1 }] }).name)
    await sb.control.flushWebhooks()
    const order = topic('orders/create').map((r) => JSON.parse(r.body.toString()).name)
    expect(order).toEqual([...names].reverse())
  })

  it('privacy topics become privacy effects; app/uninstalled disconnects the connection', async () => {
    sb.control.privacy('customers/redact', { email: 'anna@example.com' })
    sb.control.privacy('shop/redact', {})
    sb.control.uninstallApp()
    await sb.control.flushWebhooks()
    const redact = await processed(topic('customers/redact')[0]!)
    expect(redact[0]).toMatchObject({ kind: 'privacy', action: 'customer_redact', email: 'anna@example.com' })
    expect((redact[0] as { orderExternalIds: string[] }).orderExternalIds).toHaveLength(1)
    expect((redact[0] as { orderExternalIds: string[] }).orderExternalIds[0]).toMatch(/^gid:\/\/shopify\/Order\/\d+$/)
    expect(await processed(topic('shop/redact')[0]!)).toEqual([{ kind: 'privacy', action: 'shop_redact' }])
    expect(await processed(topic('app/uninstalled')[0]!)).toEqual([
      { kind: 'connection_status', status: 'disconnected' },
    ])
  })
})
