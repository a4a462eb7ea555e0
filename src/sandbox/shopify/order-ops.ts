// State changes on sandbox orders: placing one (stock moves available → committed, one
// fulfillment order per assigned location), updating, cancelling, refunding part of it, and
// fulfilling it with tracking. fulfillmentCreate's userError wording is copied from the
// captures (2026-04/orders/fulfillment-create-multi-group.json, fulfillment-create-preconditions.json).
import { convert, parseMoney } from '../../model/index.ts'
import { moveQuantity } from './catalog-ops.ts'
import { toPresentment } from './format.ts'
import { currentQuantity, displayFulfillmentStatus, lineRefundShare } from './order-math.ts'
import { restFulfillment, restOrder, restRefund } from './rest.ts'
import type {
  AddressRec,
  CustomerRec,
  FulfillmentOrderRec,
  FulfillmentRec,
  OrderLineRec,
  OrderRec,
  RefundRec,
  RestockType,
  ShopStore,
} from './store.ts'

export interface OrderLineInput {
  sku?: string
  variantId?: string
  quantity: number
  price?: string
  discount?: string
  title?: string
}
export interface OrderInput {
  lines: OrderLineInput[]
  presentmentCurrency?: string
  /** presentment units per one shop unit, e.g. "0.92" for USD → EUR */
  fxRate?: string
  email?: string
  phone?: string
  customer?: { firstName?: string; lastName?: string; email?: string; phone?: string }
  shippingAddress?: AddressRec
  shipping?: string
  taxRate?: string
  financialStatus?: OrderRec['financialStatus']
  tags?: string[]
  note?: string
}

const DEFAULT_RATES: Record<string, string> = {
  EUR: '0.92',
  GBP: '0.79',
  CAD: '1.36',
  JPY: '151',
  AUD: '1.52',
  USD: '1',
}

function applyRate(amount: number, currency: string, rate: string): number {
  if (!/[1-9]/.test(rate)) return 0
  return convert({ amount, currency }, { rate, base: currency, quote: currency, date: '2026-01-01', source: 'tax' })
    .amount
}

export function createOrder(store: ShopStore, input: OrderInput): OrderRec {
  const cur = store.shop.currencyCode
  const pres = input.presentmentCurrency ?? cur
  const fx = pres === cur ? '1' : (input.fxRate ?? DEFAULT_RATES[pres] ?? '1')
  const taxRate = input.taxRate ?? '0'
  const now = store.now()
  const lines: OrderLineRec[] = input.lines.map((li) => {
    const variant = li.variantId
      ? store.variants.get(li.variantId)
      : li.sku
        ? store.variantsBySku(li.sku)[0]
        : undefined
    if (!variant && !li.title) throw new Error(`no variant for line ${li.sku ?? li.variantId}`)
    const product = variant ? store.products.get(variant.productId) : undefined
    const unit = parseMoney(li.price ?? variant?.price ?? '0', cur, 'half-even').amount
    const discount = li.discount ? parseMoney(li.discount, cur).amount : 0
    const unitP = toPresentment(unit, cur, pres, fx)
    const discountP = toPresentment(discount, cur, pres, fx)
    const ids = store.newId('LineItem')
    return {
      ...ids,
      variantId: variant?.id ?? null,
      productId: product?.id ?? null,
      sku: variant?.sku ?? li.sku ?? null,
      title: li.title ?? product?.title ?? 'Custom item',
      variantTitle: variant && variant.title !== 'Default Title' ? variant.title : null,
      vendor: product?.vendor ?? null,
      quantity: li.quantity,
      refundedQuantity: 0,
      unitPrice: unit,
      unitPriceP: unitP,
      discount,
      discountP,
      tax: applyRate(unit * li.quantity - discount, cur, taxRate),
      taxP: applyRate(unitP * li.quantity - discountP, pres, taxRate),
      taxRate,
      requiresShipping: variant ? store.items.get(variant.inventoryItemId)!.requiresShipping : true,
      taxable: true,
    }
  })
  const shipping = input.shipping ? parseMoney(input.shipping, cur).amount : 0
  const customer = input.customer || input.email ? customerFor(store, input) : null
  const number = store.nextOrderNumber()
  const order: OrderRec = {
    ...store.newId('Order'),
    name: `#${number}`,
    number,
    email: input.email ?? customer?.email ?? null,
    phone: input.phone ?? null,
    createdAt: now,
    updatedAt: now,
    processedAt: now,
    cancelledAt: null,
    cancelReason: null,
    closedAt: null,
    currency: cur,
    presentmentCurrency: pres,
    fxRate: fx,
    lines,
    shipping,
    shippingP: toPresentment(shipping, cur, pres, fx),
    shippingTitle: 'Standard',
    shippingAddress: input.shippingAddress ?? null,
    billingAddress: input.shippingAddress ?? null,
    customer,
    financialStatus: input.financialStatus ?? 'PAID',
    refunds: [],
    tags: input.tags ?? [],
    note: input.note ?? null,
    test: false,
  }
  store.orders.set(order.id, order)
  assignFulfillmentOrders(store, order, now)
  store.announce('orders/create', () => restOrder(store, order))
  return order
}

/** The shop's customer for this email (Shopify keeps one per email), created on first order. */
function customerFor(store: ShopStore, input: OrderInput): CustomerRec {
  const email = input.customer?.email ?? input.email ?? null
  const known = email ? [...store.customers.values()].find((c) => c.email === email) : undefined
  if (known) return known
  const c: CustomerRec = {
    ...store.newId('Customer'),
    email,
    firstName: input.customer?.firstName ?? input.shippingAddress?.firstName ?? null,
    lastName: input.customer?.lastName ?? input.shippingAddress?.lastName ?? null,
    phone: input.customer?.phone ?? input.phone ?? null,
  }
  store.customers.set(c.id, c)
  return c
}

function assignFulfillmentOrders(store: ShopStore, order: OrderRec, now: string): void {
  const byLocation = new Map<string, FulfillmentOrderRec>()
  for (const line of order.lines) {
    if (!line.requiresShipping) continue
    const variant = line.variantId ? store.variants.get(line.variantId) : undefined
    const itemId = variant?.inventoryItemId ?? null
    const locations = [...store.locations.values()].filter((l) => l.isActive && l.fulfillsOnlineOrders)
    const stocked = itemId
      ? locations.find((l) => (store.level(itemId, l.id)?.q.available ?? 0) >= line.quantity)
      : undefined
    const location = stocked ?? locations[0]
    if (!location) continue
    let fo = byLocation.get(location.id)
    if (!fo) {
      fo = {
        ...store.newId('FulfillmentOrder'),
        orderId: order.id,
        locationId: location.id,
        status: 'OPEN',
        requestStatus: 'UNSUBMITTED',
        lineItems: [],
        createdAt: now,
        updatedAt: now,
      }
      byLocation.set(location.id, fo)
      store.fulfillmentOrders.set(fo.id, fo)
    }
    fo.lineItems.push({
      ...store.newId('FulfillmentOrderLineItem'),
      lineItemId: line.id,
      inventoryItemId: itemId,
      variantId: variant?.id ?? null,
      sku: line.sku,
      totalQuantity: line.quantity,
      remainingQuantity: line.quantity,
    })
    if (itemId && store.items.get(itemId)!.tracked)
      moveQuantity(store, itemId, location.id, 'available', 'committed', line.quantity)
  }
}

export function ordersFulfillmentOrders(store: ShopStore, orderId: string): FulfillmentOrderRec[] {
  return [...store.fulfillmentOrders.values()].filter((f) => f.orderId === orderId)
}

export function orderFulfillments(store: ShopStore, orderId: string): FulfillmentRec[] {
  return [...store.fulfillments.values()].filter((f) => f.orderId === orderId)
}

export function touchOrder(
  store: ShopStore,
  order: OrderRec,
  patch: { note?: string; tags?: string[]; email?: string; shippingAddress?: AddressRec } = {},
): OrderRec {
  Object.assign(order, patch, { updatedAt: store.now() })
  store.announce('orders/updated', () => restOrder(store, order))
  return order
}

function releaseRemaining(
  store: ShopStore,
  fo: FulfillmentOrderRec,
  lineItemId: string | null,
  units: number,
  restock: boolean,
): number {
  let left = units
  for (const l of fo.lineItems) {
    if (left <= 0) break
    if (lineItemId && l.lineItemId !== lineItemId) continue
    const take = Math.min(l.remainingQuantity, left)
    if (take <= 0) continue
    l.remainingQuantity -= take
    left -= take
    if (l.inventoryItemId && store.items.get(l.inventoryItemId)!.tracked)
      moveQuantity(store, l.inventoryItemId, fo.locationId, 'committed', restock ? 'available' : null, take)
  }
  if (fo.lineItems.every((l) => l.remainingQuantity === 0) && fo.status !== 'CLOSED') fo.status = 'CLOSED'
  return units - left
}

export interface RefundLineInput {
  lineItemId?: string
  sku?: string
  quantity: number
  /** default: CANCEL for units not shipped yet (NO_RESTOCK when restock is false); RETURN puts shipped units back */
  restockType?: RestockType
}

/** Shipped units of a line, by the location they left from (not counting cancelled fulfillments). */
function shippedFrom(store: ShopStore, order: OrderRec, lineItemId: string): string | undefined {
  return orderFulfillments(store, order.id).find(
    (f) => f.status === 'SUCCESS' && f.lines.some((l) => l.lineItemId === lineItemId),
  )?.locationId
}

/**
 * refundCreate: refund some units of some lines. Units not shipped yet leave their fulfillment
 * orders first (their committed stock goes back to available with CANCEL, or out of on_hand with
 * NO_RESTOCK); RETURN puts shipped units back on hand where they shipped from. Fires refunds/create
 * (the REST Refund) and orders/updated.
 */
export function refundOrder(
  store: ShopStore,
  order: OrderRec,
  input: { lines: RefundLineInput[]; shipping?: boolean; note?: string; restock?: boolean },
): RefundRec {
  const now = store.now()
  const refund: RefundRec = {
    ...store.newId('Refund'),
    createdAt: now,
    note: input.note ?? null,
    lines: [],
    shipping: 0,
    shippingP: 0,
    total: 0,
    totalP: 0,
  }
  for (const r of input.lines) {
    const line = order.lines.find((l) => l.id === r.lineItemId || (r.sku && l.sku === r.sku))
    if (!line) throw new Error(`no line ${r.lineItemId ?? r.sku} on ${order.name}`)
    const quantity = Math.min(r.quantity, currentQuantity(line))
    if (quantity <= 0) continue
    const share = lineRefundShare(line, quantity)
    line.refundedQuantity += quantity
    const restockType: RestockType = r.restockType ?? (input.restock === false ? 'NO_RESTOCK' : 'CANCEL')
    let unshipped = 0
    let locationId: string | null = null
    for (const fo of ordersFulfillmentOrders(store, order.id).filter(
      (f) => f.status === 'OPEN' || f.status === 'IN_PROGRESS',
    )) {
      const released = releaseRemaining(store, fo, line.id, quantity - unshipped, restockType !== 'NO_RESTOCK')
      if (released > 0 && restockType !== 'NO_RESTOCK') locationId = fo.locationId
      unshipped += released
    }
    const returned = quantity - unshipped
    const from = shippedFrom(store, order, line.id)
    const variant = line.variantId ? store.variants.get(line.variantId) : undefined
    if (restockType === 'RETURN' && returned > 0 && from && variant) {
      moveQuantity(store, variant.inventoryItemId, from, null, 'available', returned)
      locationId = from
    }
    refund.lines.push({
      id: store.newId('RefundLineItem').id,
      lineItemId: line.id,
      quantity,
      restockType,
      locationId,
      subtotal: share.subtotal.shop,
      subtotalP: share.subtotal.pres,
      tax: share.tax.shop,
      taxP: share.tax.pres,
    })
    refund.total += share.subtotal.shop + share.tax.shop
    refund.totalP += share.subtotal.pres + share.tax.pres
  }
  if (input.shipping) {
    const refundedShipping = order.refunds.reduce((s, r) => s + r.shipping, 0)
    refund.shipping = order.shipping - refundedShipping
    refund.shippingP = order.shippingP - order.refunds.reduce((s, r) => s + r.shippingP, 0)
    refund.total += refund.shipping
    refund.totalP += refund.shippingP
  }
  order.refunds.push(refund)
  const allRefunded = order.lines.every((l) => currentQuantity(l) === 0)
  order.financialStatus = allRefunded ? 'REFUNDED' : 'PARTIALLY_REFUNDED'
  order.updatedAt = now
  store.announce('refunds/create', () => restRefund(store, order, refund))
  store.announce('orders/updated', () => restOrder(store, order))
  return refund
}

export function cancelOrder(
  store: ShopStore,
  order: OrderRec,
  input: { reason?: string; restock?: boolean; refund?: boolean } = {},
): OrderRec {
  if (order.cancelledAt) return order
  const restock = input.restock ?? true
  if (input.refund ?? true) {
    const open = order.lines
      .filter((l) => currentQuantity(l) > 0)
      .map((l) => ({ lineItemId: l.id, quantity: currentQuantity(l) }))
    if (open.length) refundOrder(store, order, { lines: open, shipping: true, restock, note: 'Order cancelled' })
  }
  for (const fo of ordersFulfillmentOrders(store, order.id).filter(
    (f) => f.status === 'OPEN' || f.status === 'IN_PROGRESS',
  )) {
    releaseRemaining(store, fo, null, Number.MAX_SAFE_INTEGER, restock)
    fo.status = 'CANCELLED'
  }
  const now = store.now()
  order.cancelledAt = now
  order.closedAt = now
  order.cancelReason = (input.reason ?? 'CUSTOMER').toUpperCase()
  if (order.financialStatus === 'PENDING' || order.financialStatus === 'AUTHORIZED') order.financialStatus = 'VOIDED'
  order.updatedAt = now
  store.announce('orders/cancelled', () => restOrder(store, order))
  store.announce('orders/updated', () => restOrder(store, order))
  return order
}

export interface FulfillmentGroupInput {
  fulfillmentOrderId: string
  fulfillmentOrderLineItems?: { id: string; quantity: number }[]
}
export interface FulfillmentInput {
  lineItemsByFulfillmentOrder: FulfillmentGroupInput[]
  trackingInfo?: {
    company?: string | null
    number?: string | null
    url?: string | null
    numbers?: string[]
    urls?: string[]
  }
  notifyCustomer?: boolean
}

export type UserError = { field: string[]; message: string }

export function createFulfillment(
  store: ShopStore,
  input: FulfillmentInput,
): { fulfillment: FulfillmentRec | null; userErrors: UserError[] } {
  const fail = (message: string, field: string[] = ['fulfillment']) => ({
    fulfillment: null,
    userErrors: [{ field, message }],
  })
  for (const [gi, g] of input.lineItemsByFulfillmentOrder.entries()) {
    for (const [li, l] of (g.fulfillmentOrderLineItems ?? []).entries()) {
      if (l.quantity <= 0)
        return fail('Quantity must be greater than 0', [
          'fulfillment',
          'lineItemsByFulfillmentOrder',
          String(gi),
          'fulfillmentOrderLineItems',
          String(li),
          'quantity',
        ])
    }
  }
  const fos = input.lineItemsByFulfillmentOrder.map((g) => store.fulfillmentOrders.get(g.fulfillmentOrderId))
  if (fos.some((f) => !f)) return fail('Fulfillment order does not exist.')
  const found = fos as FulfillmentOrderRec[]
  const orders = [...new Set(found.map((f) => f.orderId))]
  if (orders.length > 1)
    return fail(
      `All fulfillment orders must belong to the same order. Multiple orders with ids [${orders.map((o) => o.split('/').pop()).join(', ')}] were found.`,
    )
  const locations = [...new Set(found.map((f) => f.locationId))]
  if (locations.length > 1)
    return fail(
      `All fulfillment orders must be assigned to a single location. Multiple locations with ids [${locations.map((l) => l.split('/').pop()).join(', ')}] were found.`,
    )
  for (const f of found) {
    if (f.status !== 'OPEN' && f.status !== 'IN_PROGRESS')
      return fail(`Fulfillment order ${f.legacyId} has an unfulfillable status= ${f.status.toLowerCase()}.`)
  }
  const picks: { fo: FulfillmentOrderRec; line: FulfillmentOrderRec['lineItems'][number]; quantity: number }[] = []
  for (const [i, g] of input.lineItemsByFulfillmentOrder.entries()) {
    const fo = found[i]!
    const wanted =
      g.fulfillmentOrderLineItems ??
      fo.lineItems.filter((l) => l.remainingQuantity > 0).map((l) => ({ id: l.id, quantity: l.remainingQuantity }))
    for (const w of wanted) {
      const line = fo.lineItems.find((l) => l.id === w.id)
      if (!line) return fail('Fulfillment order line item does not exist.')
      if (w.quantity > line.remainingQuantity) return fail('Invalid fulfillment order line item quantity requested.')
      picks.push({ fo, line, quantity: w.quantity })
    }
  }
  const order = store.orders.get(orders[0]!)!
  const now = store.now()
  const count = orderFulfillments(store, order.id).length + 1
  const merged = new Map<string, number>()
  for (const p of picks) merged.set(p.line.lineItemId, (merged.get(p.line.lineItemId) ?? 0) + p.quantity)
  const fulfillment: FulfillmentRec = {
    ...store.newId('Fulfillment'),
    orderId: order.id,
    locationId: locations[0]!,
    name: `${order.name}.${count}`,
    status: 'SUCCESS',
    tracking: trackingList(input.trackingInfo),
    lines: [...merged].map(([lineItemId, quantity]) => ({
      ...store.newId('FulfillmentLineItem'),
      lineItemId,
      quantity,
    })),
    fulfillmentOrderIds: found.map((f) => f.id),
    notifyCustomer: input.notifyCustomer ?? false,
    createdAt: now,
    updatedAt: now,
  }
  for (const p of picks) {
    p.line.remainingQuantity -= p.quantity
    if (p.line.inventoryItemId && store.items.get(p.line.inventoryItemId)!.tracked)
      moveQuantity(store, p.line.inventoryItemId, p.fo.locationId, 'committed', null, p.quantity)
  }
  for (const f of found) {
    f.status = f.lineItems.every((l) => l.remainingQuantity === 0) ? 'CLOSED' : 'IN_PROGRESS'
    f.updatedAt = now
  }
  store.fulfillments.set(fulfillment.id, fulfillment)
  order.updatedAt = now
  const display = displayFulfillmentStatus(
    order,
    ordersFulfillmentOrders(store, order.id),
    orderFulfillments(store, order.id),
  )
  store.announce('fulfillments/create', () => restFulfillment(store, fulfillment))
  store.announce(display === 'FULFILLED' ? 'orders/fulfilled' : 'orders/partially_fulfilled', () =>
    restOrder(store, order),
  )
  store.announce('orders/updated', () => restOrder(store, order))
  return { fulfillment, userErrors: [] }
}

type TrackingInput = NonNullable<FulfillmentInput['trackingInfo']>

function trackingList(t: TrackingInput | undefined): FulfillmentRec['tracking'] {
  const numbers = t?.numbers?.length ? t.numbers : t?.number ? [t.number] : []
  const urls = t?.urls?.length ? t.urls : t?.url ? [t.url] : []
  return (numbers.length ? numbers : [null]).map((n, i) => ({
    company: t?.company ?? null,
    number: n,
    url: urls[i] ?? null,
  }))
}

/** The merchant (or another app) fulfils an order in the admin: one fulfillment per location with open work. */
export function fulfillFromShop(
  store: ShopStore,
  order: OrderRec,
  input: { tracking?: TrackingInput; notifyCustomer?: boolean } = {},
): FulfillmentRec[] {
  const open = ordersFulfillmentOrders(store, order.id).filter(
    (f) => (f.status === 'OPEN' || f.status === 'IN_PROGRESS') && f.lineItems.some((l) => l.remainingQuantity > 0),
  )
  return open.map((fo) => {
    const r = createFulfillment(store, {
      lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: fo.id }],
      ...(input.tracking ? { trackingInfo: input.tracking } : {}),
      notifyCustomer: input.notifyCustomer ?? false,
    })
    if (!r.fulfillment) throw new Error(r.userErrors.map((e) => e.message).join('; '))
    return r.fulfillment
  })
}

/**
 * fulfillmentTrackingInfoUpdate: tracking added or replaced after the fulfillment was created
 * (carriers often give the number later). Fires fulfillments/update with the REST Fulfillment.
 */
export function updateTracking(
  store: ShopStore,
  f: FulfillmentRec,
  tracking: TrackingInput,
): { fulfillment: FulfillmentRec | null; userErrors: UserError[] } {
  if (f.status === 'CANCELLED')
    return { fulfillment: null, userErrors: [{ field: ['fulfillmentId'], message: 'Fulfillment is cancelled.' }] }
  f.tracking = trackingList(tracking)
  return fulfillmentChanged(store, f, store.now())
}

/** A fulfillment changed after it was created: fulfillments/update, then orders/updated. */
function fulfillmentChanged(
  store: ShopStore,
  f: FulfillmentRec,
  now: string,
): { fulfillment: FulfillmentRec; userErrors: UserError[] } {
  f.updatedAt = now
  const order = store.orders.get(f.orderId)!
  order.updatedAt = now
  store.announce('fulfillments/update', () => restFulfillment(store, f))
  store.announce('orders/updated', () => restOrder(store, order))
  return { fulfillment: f, userErrors: [] }
}

/**
 * fulfillmentCancel: the shipment did not happen. The units are to be fulfilled again (back on the
 * fulfillment order, committed at its location, on hand again), the fulfillment turns CANCELLED and
 * fulfillments/update fires [UNVERIFIED: how Shopify moves the stock on a cancel].
 */
export function cancelFulfillment(
  store: ShopStore,
  f: FulfillmentRec,
): { fulfillment: FulfillmentRec | null; userErrors: UserError[] } {
  if (f.status === 'CANCELLED')
    return { fulfillment: null, userErrors: [{ field: ['id'], message: 'Fulfillment is already cancelled.' }] }
  const now = store.now()
  for (const line of f.lines) {
    let left = line.quantity
    for (const fo of f.fulfillmentOrderIds.map((id) => store.fulfillmentOrders.get(id)!)) {
      for (const l of fo.lineItems.filter((x) => x.lineItemId === line.lineItemId)) {
        const back = Math.min(left, l.totalQuantity - l.remainingQuantity)
        if (back <= 0) continue
        l.remainingQuantity += back
        left -= back
        if (l.inventoryItemId && store.items.get(l.inventoryItemId)!.tracked)
          moveQuantity(store, l.inventoryItemId, fo.locationId, null, 'committed', back)
      }
      fo.status = fo.lineItems.every((l) => l.remainingQuantity === l.totalQuantity) ? 'OPEN' : 'IN_PROGRESS'
      fo.updatedAt = now
    }
  }
  f.status = 'CANCELLED'
  return fulfillmentChanged(store, f, now)
}
