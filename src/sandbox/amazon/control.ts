// The sandbox's control side — what a test or the demo does "as Amazon" or "as a buyer": seed
// listings and FBA stock, place orders in a marketplace and its currency, move or ship them, send
// notifications, and read back what the connector pushed. Programmatic (AmazonSandboxControl) and
// over HTTP under /__control/… (same operations, JSON in and out).
import type { FastifyInstance } from 'fastify'
import { marketplaceByCode, marketplaceById, type SandboxMarketplace as Marketplace } from './marketplaces.ts'
import { parseMoney } from '../../model/money.ts'
import { newFbaStock } from './fba.ts'
import { quantityOf } from './listings.ts'
import {
  deliver,
  eventBridgeEvent,
  fbaInventoryNotification,
  mfnQuantityNotification,
  orderChangeNotification,
} from './notifications.ts'
import { SandboxState, type Listing, type PiiAccess, type SandboxOrder, type V0Status } from './state.ts'

export interface SeedListing {
  sku: string
  quantity?: number
  productType?: string
  itemName?: string
  leadTimeDays?: number
  /** every submission for the SKU is refused with this issue (a restricted or suppressed listing) */
  restriction?: { code: string; message: string }
}

export interface OrderInput {
  /** marketplace id or code (US, DE, JP…) */
  marketplace: string
  fulfillmentChannel?: 'MFN' | 'AFN'
  status?: V0Status
  purchaseDate?: string
  lastUpdated?: string
  /** the ship-by window (default: from the purchase to two days later) */
  earliestShipDate?: string
  latestShipDate?: string
  /** prices as decimal strings in the marketplace currency: "19.99", "1500" (JPY) */
  items: {
    sku: string
    quantity: number
    unitPrice: string
    title?: string
    shipping?: string
    itemTax?: string
    shippingTax?: string
    promotionDiscount?: string
    shippingDiscount?: string
  }[]
  buyer?: { name?: string; email?: string }
  address?: SandboxOrder['address']
  /** the app has no restricted role for this order: no buyer, address cut down */
  piiRestricted?: boolean
}

export interface FbaSeed {
  sku: string
  fulfillable: number
  reserved?: number
  inbound?: number
  unfulfillable?: number
  productName?: string
}

export class AmazonSandboxControl {
  constructor(
    readonly state: SandboxState,
    private readonly now: () => number,
    private readonly onReset: () => void,
    private readonly defaultRestrictedPii: boolean,
    private readonly defaultPii: PiiAccess = 'granted',
  ) {
    state.pii = defaultPii
  }

  private iso(at?: string): string {
    return at ? new Date(at).toISOString() : new Date(this.now()).toISOString()
  }

  marketplace(idOrCode: string): Marketplace {
    const m = marketplaceById(idOrCode) ?? marketplaceByCode(idOrCode)
    if (!m) throw new Error(`unknown marketplace ${idOrCode}`)
    return m
  }

  seedListings(marketplace: string, listings: SeedListing[]): void {
    const m = this.marketplace(marketplace)
    const now = this.iso()
    for (const l of listings) {
      const fa: Record<string, unknown> = { fulfillment_channel_code: 'DEFAULT', quantity: l.quantity ?? 0 }
      if (l.leadTimeDays !== undefined) fa.lead_time_to_ship_max_days = l.leadTimeDays
      const listing: Listing = {
        marketplaceId: m.id,
        sku: l.sku,
        productType: l.productType ?? 'PRODUCT',
        asin: SandboxState.asin(l.sku),
        itemName: l.itemName ?? l.sku,
        attributes: {
          item_name: [{ value: l.itemName ?? l.sku, marketplace_id: m.id }],
          fulfillment_availability: [fa],
        },
        createdDate: now,
        lastUpdatedDate: now,
        ...(l.restriction ? { restriction: l.restriction } : {}),
      }
      this.state.listings.set(SandboxState.listingKey(m.id, l.sku), listing)
    }
  }

  listing(marketplace: string, sku: string): (Listing & { quantity?: number }) | undefined {
    const l = this.state.listing(this.marketplace(marketplace).id, sku)
    return l && { ...l, quantity: quantityOf(l) }
  }

  seedFba(marketplace: string, items: FbaSeed[]): void {
    const m = this.marketplace(marketplace)
    const now = this.iso()
    for (const i of items) {
      const f = newFbaStock(m.id, i.sku, now, i.productName)
      f.fulfillable = i.fulfillable
      f.reservedFcProcessing = i.reserved ?? 0
      f.inboundShipped = i.inbound ?? 0
      f.unfulfillable = i.unfulfillable ?? 0
      this.state.fba.set(SandboxState.listingKey(m.id, i.sku), f)
    }
  }

  placeOrder(input: OrderInput): SandboxOrder {
    const m = this.marketplace(input.marketplace)
    const money = (v: string | undefined) => (v === undefined ? 0 : parseMoney(v, m.currency).amount)
    const purchaseDate = this.iso(input.purchaseDate)
    const order: SandboxOrder = {
      orderId: this.state.nextOrderId(m),
      marketplace: m,
      currency: m.currency,
      channel: input.fulfillmentChannel ?? 'MFN',
      status: input.status ?? 'Unshipped',
      purchaseDate,
      lastUpdated: this.iso(input.lastUpdated ?? input.purchaseDate),
      earliestShipDate: this.iso(input.earliestShipDate ?? purchaseDate),
      latestShipDate: this.iso(
        input.latestShipDate ?? new Date(Date.parse(purchaseDate) + 2 * 86_400_000).toISOString(),
      ),
      ...(input.buyer ? { buyer: input.buyer } : {}),
      ...(input.address ? { address: input.address } : {}),
      piiRestricted: input.piiRestricted ?? this.defaultRestrictedPii,
      items: input.items.map((i) => ({
        orderItemId: this.state.nextItemId(),
        asin: SandboxState.asin(i.sku),
        sku: i.sku,
        title: i.title ?? i.sku,
        quantity: i.quantity,
        quantityShipped: 0,
        unitPrice: money(i.unitPrice),
        shipping: money(i.shipping),
        itemTax: money(i.itemTax),
        shippingTax: money(i.shippingTax),
        promotionDiscount: money(i.promotionDiscount),
        shippingDiscount: money(i.shippingDiscount),
      })),
      packages: [],
    }
    this.state.orders.set(order.orderId, order)
    if (order.status !== 'Canceled') this.moveStock(order, -1)
    return order
  }

  /** An order takes stock the moment it is placed: FBA units move to reserved, MFN quantity drops. */
  private moveStock(o: SandboxOrder, sign: 1 | -1): void {
    for (const i of o.items) {
      if (o.channel === 'AFN') {
        const f = this.state.fbaStock(o.marketplace.id, i.sku)
        if (!f) continue
        f.fulfillable = Math.max(0, f.fulfillable + sign * i.quantity)
        f.reservedPendingOrders = Math.max(0, f.reservedPendingOrders - sign * i.quantity)
        f.lastUpdated = o.lastUpdated
      } else {
        const fa = this.state
          .listing(o.marketplace.id, i.sku)
          ?.attributes.fulfillment_availability?.find((e) => e.fulfillment_channel_code === 'DEFAULT')
        if (fa && typeof fa.quantity === 'number') fa.quantity = Math.max(0, fa.quantity + sign * i.quantity)
      }
    }
  }

  order(orderId: string): SandboxOrder {
    const o = this.state.orders.get(orderId)
    if (!o) throw new Error(`no order ${orderId}`)
    return o
  }

  setOrderStatus(orderId: string, status: V0Status, at?: string): SandboxOrder {
    const o = this.order(orderId)
    if (status === 'Canceled' && o.status !== 'Canceled') this.moveStock(o, 1)
    o.status = status
    o.lastUpdated = this.iso(at)
    return o
  }

  /** Amazon ships an FBA order: every unit leaves the reserved pile. */
  shipFbaOrder(orderId: string, at?: string): SandboxOrder {
    const o = this.order(orderId)
    if (o.channel !== 'AFN') throw new Error(`order ${orderId} is merchant fulfilled`)
    o.lastUpdated = this.iso(at)
    for (const i of o.items) {
      const f = this.state.fbaStock(o.marketplace.id, i.sku)
      if (f) {
        f.reservedPendingOrders = Math.max(0, f.reservedPendingOrders - (i.quantity - i.quantityShipped))
        f.lastUpdated = o.lastUpdated
      }
      i.quantityShipped = i.quantity
    }
    o.status = 'Shipped'
    return o
  }

  /** Every access token and RDT issued so far stops working (as an hour passing would do). */
  expireTokens(): void {
    for (const t of this.state.tokens.values()) t.expiresAt = 0
    for (const t of this.state.rdts.values()) t.expiresAt = 0
  }

  /** The application's restricted role: granted, refused (RDT for PII refused), empty (RDT issued, PII withheld). */
  setPiiAccess(access: PiiAccess): void {
    if (!['granted', 'refused', 'empty'].includes(access)) throw new Error(`pii access is granted, refused or empty`)
    this.state.pii = access
  }

  /** A page read with a next token hands back that same token: a client that trusts it loops. */
  setRepeatNextToken(on: boolean): void {
    this.state.repeatNextToken = on
  }

  stats() {
    const s = this.state
    const sum = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0)
    return {
      requests: { ...s.requests },
      throttled: { ...s.throttled },
      rejected: { ...s.rejected },
      totalRequests: sum(s.requests),
      totalThrottled: sum(s.throttled),
      lwaExchanges: s.lwaExchanges,
      documentTransfers: s.documentTransfers,
      violations: s.violations.length,
    }
  }

  notificationFor(
    kind: 'ORDER_CHANGE' | 'FBA_INVENTORY_AVAILABILITY_CHANGES' | 'LISTINGS_ITEM_MFN_QUANTITY_CHANGE',
    ref: { orderId?: string; marketplace?: string; sku?: string },
  ) {
    const now = this.iso()
    const s = this.state
    if (kind === 'ORDER_CHANGE')
      return eventBridgeEvent(orderChangeNotification(s.sellerId, this.order(ref.orderId ?? ''), now), now)
    const m = this.marketplace(ref.marketplace ?? '')
    if (kind === 'FBA_INVENTORY_AVAILABILITY_CHANGES') {
      const f = s.fbaStock(m.id, ref.sku ?? '')
      if (!f) throw new Error(`no FBA stock for ${ref.sku} in ${m.code}`)
      return eventBridgeEvent(fbaInventoryNotification(s.sellerId, f, f.productName, now), now)
    }
    const l = s.listing(m.id, ref.sku ?? '')
    if (!l) throw new Error(`no listing ${ref.sku} in ${m.code}`)
    return eventBridgeEvent(mfnQuantityNotification(s.sellerId, l, quantityOf(l) ?? 0, now), now)
  }

  async sendNotification(url: string, secret: string, event: unknown): Promise<number> {
    return deliver(url, secret, event)
  }

  reset(): void {
    const s = this.state
    for (const m of [s.listings, s.orders, s.fba, s.feeds, s.documents, s.tokens, s.rdts]) m.clear()
    s.pii = this.defaultPii
    s.repeatNextToken = false
    s.pushes = []
    s.shipments = []
    s.journal = []
    s.violations = []
    s.requests = {}
    s.throttled = {}
    s.rejected = {}
    s.lwaExchanges = 0
    s.documentTransfers = 0
    this.onReset()
  }
}

export function registerControl(app: FastifyInstance, control: AmazonSandboxControl): void {
  const s = control.state
  const wrap = <T>(fn: () => T) => {
    try {
      return fn()
    } catch (err) {
      throw Object.assign(new Error((err as Error).message), { statusCode: 400 })
    }
  }
  app.post('/__control/listings', async (req) => {
    const b = req.body as { marketplace: string; listings: SeedListing[] }
    wrap(() => control.seedListings(b.marketplace, b.listings))
    return { seeded: b.listings.length }
  })
  app.get('/__control/listings/:marketplace/:sku', async (req, reply) => {
    const p = req.params as { marketplace: string; sku: string }
    const l = wrap(() => control.listing(p.marketplace, p.sku))
    return l ?? reply.code(404).send({ message: 'no such listing' })
  })
  app.post('/__control/fba', async (req) => {
    const b = req.body as { marketplace: string; items: FbaSeed[] }
    wrap(() => control.seedFba(b.marketplace, b.items))
    return { seeded: b.items.length }
  })
  app.post('/__control/orders', async (req) => wrap(() => control.placeOrder(req.body as OrderInput)))
  app.get('/__control/orders/:id', async (req) => wrap(() => control.order((req.params as { id: string }).id)))
  app.post('/__control/orders/:id/status', async (req) => {
    const b = req.body as { status: V0Status; at?: string }
    return wrap(() => control.setOrderStatus((req.params as { id: string }).id, b.status, b.at))
  })
  app.post('/__control/orders/:id/ship-fba', async (req) =>
    wrap(() => control.shipFbaOrder((req.params as { id: string }).id, (req.body as { at?: string } | undefined)?.at)),
  )
  app.post('/__control/notifications', async (req) => {
    const b = req.body as {
      url: string
      secret: string
      type: Parameters<AmazonSandboxControl['notificationFor']>[0]
      orderId?: string
      marketplace?: string
      sku?: string
    }
    const event = wrap(() => control.notificationFor(b.type, b))
    return { status: await control.sendNotification(b.url, b.secret, event), event }
  })
  app.post('/__control/tokens/expire', async () => {
    control.expireTokens()
    return { expired: s.tokens.size + s.rdts.size }
  })
  app.post('/__control/pii', async (req) => {
    const b = (req.body ?? {}) as { access: PiiAccess }
    wrap(() => control.setPiiAccess(b.access))
    return { pii: s.pii }
  })
  app.post('/__control/next-token-loop', async (req) => {
    control.setRepeatNextToken((req.body as { on?: boolean } | undefined)?.on !== false)
    return { repeatNextToken: s.repeatNextToken }
  })
  app.post('/__control/reset', async () => {
    control.reset()
    return { reset: true }
  })
  app.get('/__control/pushes', async () => s.pushes)
  app.get('/__control/shipments', async () => s.shipments)
  app.get('/__control/feeds', async () => [...s.feeds.values()])
  app.get('/__control/journal', async () => s.journal)
  app.get('/__control/violations', async () => s.violations)
  app.get('/__control/stats', async () => control.stats())
}
