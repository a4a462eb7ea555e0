// The sandbox's control API (not part of Shopify): what tests and the demo use to set the shop
// up and to look inside it. Every call exists as a function (ShopifyControl) and as an HTTP route
// under /__control/… so a demo script or another process can drive it too.
import type { FastifyInstance } from 'fastify'
import { PLAN_LIMITS, type CostBucket, type ShopifyPlan } from './bucket.ts'
import {
  addLocation,
  seedCatalog,
  setLevelStates,
  setProduct,
  setQuantities,
  type LevelStates,
  type ProductInput,
  type SeedOptions,
} from './catalog-ops.ts'
import type { GraphqlStats } from './graphql-route.ts'
import type { PushedInventoryCall } from './mutations-inventory.ts'
import {
  cancelFulfillment,
  cancelOrder,
  createOrder,
  fulfillFromShop,
  refundOrder,
  touchOrder,
  updateTracking,
  type OrderInput,
  type RefundLineInput,
} from './order-ops.ts'
import { restOrder } from './rest.ts'
import type { AddressRec, CustomerRec, FulfillmentRec, OrderRec, ShopStore } from './store.ts'
import type { DeliveryAttempt, WebhookKnobs, WebhookSender } from './webhook-sender.ts'

export interface ShopifyControl {
  reset(): void
  seed(o: SeedOptions): ReturnType<typeof seedCatalog>
  addLocation(o: { name: string; address?: Partial<AddressRec> }): { id: string; name: string }
  createOrder(o: OrderInput): { id: string; name: string; lineItemIds: string[] }
  updateOrder(id: string, patch?: { note?: string; tags?: string[]; email?: string }): { id: string; updatedAt: string }
  cancelOrder(
    id: string,
    o?: { reason?: string; restock?: boolean; refund?: boolean },
  ): { id: string; cancelledAt: string | null }
  refundOrder(
    id: string,
    o: { lines: RefundLineInput[]; shipping?: boolean; restock?: boolean; note?: string },
  ): { id: string; refundId: string }
  /** the merchant fulfils in the admin: one fulfillment per location, with every tracking number given */
  fulfillOrder(id: string, o?: { tracking?: Tracking; notifyCustomer?: boolean }): { fulfillmentIds: string[] }
  /** tracking added or replaced after the fulfillment was created (fires fulfillments/update) */
  updateTracking(fulfillmentId: string, tracking: Tracking): { id: string; status: string }
  /** the fulfillment turns CANCELLED, its units are to be fulfilled again (fires fulfillments/update) */
  cancelFulfillment(fulfillmentId: string): { id: string; status: string }
  /** every state of a level at once; available is what they leave */
  setLevelStates(o: { sku?: string; inventoryItemId?: string; locationId?: string; states: LevelStates }): {
    inventoryItemId: string
    locationId: string
    quantities: Record<string, number>
  }
  /** a change to a product as the merchant makes it (fires products/update) */
  updateProduct(id: string, patch: Omit<ProductInput, 'variants'>): { id: string; updatedAt: string }
  /** the buyer changes their email: orders keep pointing at the same customer */
  updateCustomer(id: string, patch: { email?: string; phone?: string }): { id: string; email: string | null }
  setStock(o: { sku?: string; inventoryItemId?: string; locationId?: string; available: number }): {
    inventoryItemId: string
    locationId: string
    available: number
  }
  stock(sku: string): {
    locationId: string
    available: number
    onHand: number
    committed: number
    quantities: Record<string, number>
  }[]
  pushed(): { inventory: PushedInventoryCall[]; mutations: { name: string; at: string }[] }
  stats(): GraphqlStats & { bucket: ReturnType<CostBucket['status']> }
  setKnobs(k: {
    webhooks?: Partial<WebhookKnobs>
    throttle?: { plan?: ShopifyPlan; bucketSize?: number; restoreRate?: number; fill?: boolean; drain?: boolean }
    latencyMs?: number
    failNext?: { count: number; status?: number }
  }): void
  flushWebhooks(): Promise<void>
  deliveries(): DeliveryAttempt[]
  /** retrySchedule 'clock': send the retries due by the sandbox clock */
  deliverDueRetries(): Promise<{ sent: number; waiting: ReturnType<WebhookSender['waitingRetries']> }>
  /** app/uninstalled goes out; then the token answers 401 and the subscriptions are gone, as on Shopify */
  uninstallApp(): void
  reinstallApp(): void
  privacy(
    topic: 'customers/data_request' | 'customers/redact' | 'shop/redact',
    o: { uri?: string; email?: string; customerId?: string; orderIds?: string[] },
  ): void
}

type Tracking = {
  company?: string | null
  number?: string | null
  numbers?: string[]
  url?: string | null
  urls?: string[]
}

export interface ControlDeps {
  store: ShopStore
  sender: WebhookSender
  bucket: CostBucket
  stats: GraphqlStats
  pushed: { inventory: PushedInventoryCall[]; mutations: { name: string; at: string; variables: unknown }[] }
  knobs: { latencyMs: number; failNext: { count: number; status: number }; webhooks: WebhookKnobs }
  complianceUri?: string
  version: string
}

function fulfillment(store: ShopStore, id: string): FulfillmentRec {
  const f = store.fulfillments.get(id) ?? [...store.fulfillments.values()].find((x) => x.legacyId === id)
  if (!f) throw new Error(`no fulfillment ${id}`)
  return f
}

function customer(store: ShopStore, idOrEmail: string): CustomerRec | undefined {
  return [...store.customers.values()].find(
    (c) => c.id === idOrEmail || c.legacyId === idOrEmail || c.email === idOrEmail,
  )
}

function itemAndLocation(
  store: ShopStore,
  o: { sku?: string; inventoryItemId?: string; locationId?: string },
): { itemId: string; locationId: string } {
  const variant = o.sku ? store.variantsBySku(o.sku)[0] : undefined
  const itemId = o.inventoryItemId ?? variant?.inventoryItemId
  if (!itemId || !store.items.has(itemId)) throw new Error(`no inventory item for ${o.sku ?? o.inventoryItemId}`)
  const locationId = o.locationId ?? store.primaryLocation()?.id
  if (!locationId) throw new Error('the shop has no location')
  return { itemId, locationId }
}

function order(store: ShopStore, id: string): OrderRec {
  const o = store.orders.get(id) ?? [...store.orders.values()].find((x) => x.name === id || x.legacyId === id)
  if (!o) throw new Error(`no order ${id}`)
  return o
}

export function createControl(d: ControlDeps): ShopifyControl {
  const { store } = d
  return {
    reset: () => {
      store.reset()
      d.pushed.inventory.length = 0
      d.pushed.mutations.length = 0
      d.bucket.fill()
    },
    seed: (o) => store.silently(() => seedCatalog(store, o)),
    addLocation: (o) => {
      const l = addLocation(store, o)
      return { id: l.id, name: l.name }
    },
    createOrder: (o) => {
      const r = createOrder(store, o)
      return { id: r.id, name: r.name, lineItemIds: r.lines.map((l) => l.id) }
    },
    updateOrder: (id, patch) => {
      const r = touchOrder(store, order(store, id), patch)
      return { id: r.id, updatedAt: r.updatedAt }
    },
    cancelOrder: (id, o) => {
      const r = cancelOrder(store, order(store, id), o)
      return { id: r.id, cancelledAt: r.cancelledAt }
    },
    refundOrder: (id, o) => {
      const r = refundOrder(store, order(store, id), o)
      return { id, refundId: r.id }
    },
    setStock: (o) => {
      const { itemId, locationId } = itemAndLocation(store, o)
      setQuantities(store, [{ itemId, locationId, name: 'available', quantity: o.available }])
      return { inventoryItemId: itemId, locationId, available: o.available }
    },
    setLevelStates: (o) => {
      const { itemId, locationId } = itemAndLocation(store, o)
      const level = setLevelStates(store, itemId, locationId, o.states)
      return { inventoryItemId: itemId, locationId, quantities: { ...level.q } }
    },
    fulfillOrder: (id, o) => ({
      fulfillmentIds: fulfillFromShop(store, order(store, id), {
        ...(o?.tracking ? { tracking: o.tracking } : {}),
        ...(o?.notifyCustomer !== undefined ? { notifyCustomer: o.notifyCustomer } : {}),
      }).map((f) => f.id),
    }),
    updateTracking: (id, tracking) => {
      const r = updateTracking(store, fulfillment(store, id), tracking)
      if (!r.fulfillment) throw new Error(r.userErrors.map((e) => e.message).join('; '))
      return { id: r.fulfillment.id, status: r.fulfillment.status }
    },
    cancelFulfillment: (id) => {
      const r = cancelFulfillment(store, fulfillment(store, id))
      if (!r.fulfillment) throw new Error(r.userErrors.map((e) => e.message).join('; '))
      return { id: r.fulfillment.id, status: r.fulfillment.status }
    },
    updateProduct: (id, patch) => {
      const p = store.products.get(id) ?? [...store.products.values()].find((x) => x.legacyId === id)
      if (!p) throw new Error(`no product ${id}`)
      const r = setProduct(store, patch, p)
      return { id: r.id, updatedAt: r.updatedAt }
    },
    updateCustomer: (id, patch) => {
      const c = customer(store, id)
      if (!c) throw new Error(`no customer ${id}`)
      if (patch.email !== undefined) c.email = patch.email
      if (patch.phone !== undefined) c.phone = patch.phone
      return { id: c.id, email: c.email }
    },
    stock: (sku) =>
      store
        .variantsBySku(sku)
        .flatMap((v) => store.levelsOfItem(v.inventoryItemId))
        .map((l) => ({
          locationId: l.locationId,
          available: l.q.available,
          onHand: l.q.on_hand,
          committed: l.q.committed,
          quantities: { ...l.q },
        })),
    pushed: () => ({
      inventory: d.pushed.inventory,
      mutations: d.pushed.mutations.map((m) => ({ name: m.name, at: m.at })),
    }),
    stats: () => ({
      ...d.stats,
      byOperation: { ...d.stats.byOperation },
      lastCosts: [...d.stats.lastCosts],
      bucket: d.bucket.status(),
    }),
    setKnobs: (k) => {
      if (k.webhooks) Object.assign(d.knobs.webhooks, k.webhooks)
      if (k.latencyMs !== undefined) d.knobs.latencyMs = k.latencyMs
      if (k.failNext) d.knobs.failNext = { count: k.failNext.count, status: k.failNext.status ?? 500 }
      if (k.throttle) {
        const plan = k.throttle.plan ? PLAN_LIMITS[k.throttle.plan] : undefined
        const cur = d.bucket.status()
        d.bucket.configure(
          k.throttle.bucketSize ?? plan?.bucketSize ?? cur.maximumAvailable,
          k.throttle.restoreRate ?? plan?.restoreRate ?? cur.restoreRate,
        )
        if (k.throttle.fill) d.bucket.fill()
        if (k.throttle.drain) d.bucket.drain()
      }
      if (k.webhooks && !d.knobs.webhooks.paused && !d.knobs.webhooks.outOfOrder) d.sender.release()
    },
    flushWebhooks: () => d.sender.flush(),
    deliveries: () => d.sender.attempts,
    deliverDueRetries: async () => ({ sent: await d.sender.deliverDueRetries(), waiting: d.sender.waitingRetries() }),
    uninstallApp: () => {
      store.announce('app/uninstalled', () => ({
        id: Number(store.shop.legacyId),
        name: store.shop.name,
        email: store.shop.email,
        domain: store.shop.myshopifyDomain,
        myshopify_domain: store.shop.myshopifyDomain,
        currency: store.shop.currencyCode,
        iana_timezone: store.shop.ianaTimezone,
      }))
      store.appInstalled = false
      store.subscriptions.clear()
    },
    reinstallApp: () => {
      store.appInstalled = true
    },
    privacy: (topic, o) => {
      const uri = o.uri ?? d.complianceUri
      if (!uri) throw new Error('no compliance URL: pass uri or start the sandbox with complianceUri')
      const shop = { shop_id: Number(store.shop.legacyId), shop_domain: store.shop.myshopifyDomain }
      // Shopify names the customer by id and by their email as it is now (they may have changed it)
      const c = o.customerId ? customer(store, o.customerId) : o.email ? customer(store, o.email) : undefined
      if (o.customerId && !c) throw new Error(`no customer ${o.customerId}`)
      const orders =
        o.orderIds ??
        [...store.orders.values()]
          .filter((x) => (c ? x.customer?.id === c.id : !o.email || x.email === o.email))
          .map((x) => x.legacyId)
      const who = {
        id: c ? Number(c.legacyId) : null,
        email: c?.email ?? o.email ?? null,
        phone: c?.phone ?? null,
      }
      const payload =
        topic === 'shop/redact'
          ? shop
          : topic === 'customers/redact'
            ? { ...shop, customer: who, orders_to_redact: orders.map(Number) }
            : {
                ...shop,
                customer: who,
                orders_requested: orders.map(Number),
                data_request: { id: Number(store.nextLegacyId('DataRequest')) },
              }
      d.sender.sendDirect(topic, uri, payload, d.version)
    },
  }
}

export function registerControlRoutes(app: FastifyInstance, c: ShopifyControl, store: ShopStore): void {
  const ok =
    <T>(fn: (body: any) => T) =>
    async (req: { body?: unknown }, reply: { code(n: number): { send(x: unknown): unknown } }) => {
      try {
        return await fn(req.body ?? {})
      } catch (e) {
        return reply.code(400).send({ error: (e as Error).message })
      }
    }
  app.post(
    '/__control/reset',
    ok(() => (c.reset(), { ok: true })),
  )
  app.post(
    '/__control/seed',
    ok((b) => c.seed(b)),
  )
  app.post(
    '/__control/locations',
    ok((b) => c.addLocation(b)),
  )
  app.post(
    '/__control/orders',
    ok((b) => c.createOrder(b)),
  )
  app.post(
    '/__control/orders/update',
    ok((b) => c.updateOrder(b.id, b)),
  )
  app.post(
    '/__control/orders/cancel',
    ok((b) => c.cancelOrder(b.id, b)),
  )
  app.post(
    '/__control/orders/refund',
    ok((b) => c.refundOrder(b.id, b)),
  )
  app.get('/__control/orders', async () =>
    [...store.orders.values()]
      .map((o) => restOrder(store, o))
      .map((o) => JSON.parse(JSON.stringify(o, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)))),
  )
  app.post(
    '/__control/inventory',
    ok((b) => c.setStock(b)),
  )
  app.get<{ Querystring: { sku: string } }>('/__control/inventory', async (req) => c.stock(req.query.sku))
  app.get('/__control/pushed', async () => c.pushed())
  app.get('/__control/stats', async () => c.stats())
  app.post(
    '/__control/knobs',
    ok((b) => (c.setKnobs(b), { ok: true })),
  )
  app.post(
    '/__control/webhooks/flush',
    ok(async () => (await c.flushWebhooks(), { ok: true })),
  )
  app.get('/__control/webhooks/deliveries', async () => c.deliveries())
  app.post(
    '/__control/webhooks/retry-due',
    ok(() => c.deliverDueRetries()),
  )
  app.post(
    '/__control/app/uninstall',
    ok(() => (c.uninstallApp(), { ok: true })),
  )
  app.post(
    '/__control/app/reinstall',
    ok(() => (c.reinstallApp(), { ok: true })),
  )
  app.post(
    '/__control/inventory/states',
    ok((b) => c.setLevelStates(b)),
  )
  app.post(
    '/__control/orders/fulfill',
    ok((b) => c.fulfillOrder(b.id, b)),
  )
  app.post(
    '/__control/fulfillments/tracking',
    ok((b) => c.updateTracking(b.id, b.tracking ?? {})),
  )
  app.post(
    '/__control/fulfillments/cancel',
    ok((b) => c.cancelFulfillment(b.id)),
  )
  app.post(
    '/__control/products/update',
    ok(({ id, ...patch }) => c.updateProduct(id, patch)),
  )
  app.post(
    '/__control/customers/update',
    ok(({ id, ...patch }) => c.updateCustomer(id, patch)),
  )
  app.post(
    '/__control/privacy',
    ok((b) => (c.privacy(b.topic, b), { ok: true })),
  )
}
