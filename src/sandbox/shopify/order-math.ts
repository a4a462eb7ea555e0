// Order figures the sandbox derives from its order records, in both currencies, the way Shopify
// reports them: original totals (subtotalPriceSet, totalPriceSet…), what was refunded
// (totalRefundedSet) and the current figures after refunds (currentTotalPriceSet…).
import type { FulfillmentOrderRec, FulfillmentRec, OrderLineRec, OrderRec } from './store.ts'

export interface Pair {
  shop: number
  pres: number
}

export interface OrderFigures {
  subtotal: Pair
  discounts: Pair
  tax: Pair
  shipping: Pair
  total: Pair
  refunded: Pair
  refundedShipping: Pair
  currentSubtotal: Pair
  currentTax: Pair
  currentTotal: Pair
  currentDiscounts: Pair
  currentShipping: Pair
}

const pair = (shop = 0, pres = 0): Pair => ({ shop, pres })
const plus = (a: Pair, b: Pair): Pair => ({ shop: a.shop + b.shop, pres: a.pres + b.pres })
const minus = (a: Pair, b: Pair): Pair => ({ shop: a.shop - b.shop, pres: a.pres - b.pres })

export function currentQuantity(l: OrderLineRec): number {
  return l.quantity - l.refundedQuantity
}

export function lineGross(l: OrderLineRec): Pair {
  return pair(l.unitPrice * l.quantity, l.unitPriceP * l.quantity)
}

export function orderFigures(o: OrderRec): OrderFigures {
  let gross = pair()
  let discounts = pair()
  let tax = pair()
  for (const l of o.lines) {
    gross = plus(gross, lineGross(l))
    discounts = plus(discounts, pair(l.discount, l.discountP))
    tax = plus(tax, pair(l.tax, l.taxP))
  }
  const subtotal = minus(gross, discounts)
  const shipping = pair(o.shipping, o.shippingP)
  const total = plus(plus(subtotal, tax), shipping)
  let refunded = pair()
  let refundedShipping = pair()
  let refundedSub = pair()
  let refundedTax = pair()
  for (const r of o.refunds) {
    refunded = plus(refunded, pair(r.total, r.totalP))
    refundedShipping = plus(refundedShipping, pair(r.shipping, r.shippingP))
    for (const rl of r.lines) {
      refundedSub = plus(refundedSub, pair(rl.subtotal, rl.subtotalP))
      refundedTax = plus(refundedTax, pair(rl.tax, rl.taxP))
    }
  }
  const currentSubtotal = minus(subtotal, refundedSub)
  const currentTax = minus(tax, refundedTax)
  const currentShipping = minus(shipping, refundedShipping)
  const currentDiscounts = pair(
    o.lines.reduce((s, l) => s + Math.round((l.discount * currentQuantity(l)) / Math.max(1, l.quantity)), 0),
    o.lines.reduce((s, l) => s + Math.round((l.discountP * currentQuantity(l)) / Math.max(1, l.quantity)), 0),
  )
  return {
    subtotal,
    discounts,
    tax,
    shipping,
    total,
    refunded,
    refundedShipping,
    currentSubtotal,
    currentTax,
    currentShipping,
    currentDiscounts,
    currentTotal: minus(total, refunded),
  }
}

/** What refunding `quantity` units of a line gives back (its share of discount and tax). */
export function lineRefundShare(l: OrderLineRec, quantity: number): { subtotal: Pair; tax: Pair } {
  const share = (v: number) => Math.round((v * quantity) / Math.max(1, l.quantity))
  return {
    subtotal: pair(l.unitPrice * quantity - share(l.discount), l.unitPriceP * quantity - share(l.discountP)),
    tax: pair(share(l.tax), share(l.taxP)),
  }
}

export type DisplayFulfillmentStatus = 'UNFULFILLED' | 'PARTIALLY_FULFILLED' | 'FULFILLED' | 'RESTOCKED'

/** From what is still to ship (open fulfillment orders) and what has shipped (fulfillments). */
export function displayFulfillmentStatus(
  o: OrderRec,
  fos: FulfillmentOrderRec[],
  fulfillments: FulfillmentRec[],
): DisplayFulfillmentStatus {
  const remaining = fos
    .filter((f) => f.status === 'OPEN' || f.status === 'IN_PROGRESS')
    .flatMap((f) => f.lineItems)
    .reduce((s, l) => s + l.remainingQuantity, 0)
  const shipped = fulfillments
    .filter((f) => f.status === 'SUCCESS')
    .flatMap((f) => f.lines)
    .reduce((s, l) => s + l.quantity, 0)
  if (shipped === 0) return o.cancelledAt ? 'RESTOCKED' : 'UNFULFILLED'
  return remaining === 0 ? 'FULFILLED' : 'PARTIALLY_FULFILLED'
}
