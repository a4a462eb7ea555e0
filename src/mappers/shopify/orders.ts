// Shopify orders → canonical Order. Money: the order's currency is the shop currency (shopMoney,
// what the seller books); when the buyer paid in another currency (presentmentMoney) each line
// keeps its presentment unit price beside it. Totals are the original figures; refunds are in
// totals.refunded and in the lines' current quantities (what is still owed to the buyer).
import {
  check,
  OrderSchema,
  toDecimalString,
  type Order,
  type OrderLine,
  type OrderStatusValue,
} from '../../model/index.ts'
import type { BindingHint, RecordError } from '../../model/records.ts'
import { gidOf, nodesOf, nonEmpty, presentment, restBag, shop, toMoney, utc } from './common.ts'
import { refundFromRest, refundLinesOf } from './refunds.ts'
import type {
  GqlAddress,
  GqlFinancialStatus,
  GqlFulfillmentStatus,
  GqlLineItem,
  GqlOrder,
  MapContext,
  RestAddress,
  RestOrder,
} from './types.ts'

/**
 * Status: cancelled wins; then what shipped; a payment not settled yet (PENDING) reserves stock
 * but is not routed; a voided or expired authorization, or a refund of every unit, leaves
 * nothing to ship.
 */
export function orderStatus(
  o: {
    cancelledAt?: string | null
    displayFinancialStatus?: GqlFinancialStatus | null
    displayFulfillmentStatus?: GqlFulfillmentStatus | null
  },
  unitsLeft: number,
): OrderStatusValue {
  if (o.cancelledAt) return 'cancelled'
  const fin = o.displayFinancialStatus
  const ful = o.displayFulfillmentStatus
  if (ful === 'FULFILLED') return 'shipped'
  if (ful === 'PARTIALLY_FULFILLED') return 'partially_shipped'
  if (fin === 'VOIDED' || fin === 'EXPIRED') return 'cancelled'
  if (fin === 'REFUNDED' && unitsLeft === 0) return 'cancelled'
  if (ful === 'ON_HOLD' || ful === 'REQUEST_DECLINED') return 'on_hold'
  if (fin === 'PENDING') return 'pending'
  return 'open'
}

function address(a: GqlAddress | null | undefined): Order['shippingAddress'] {
  if (!a?.countryCodeV2) return undefined
  const name = nonEmpty(a.name) ?? nonEmpty([a.firstName, a.lastName].filter(Boolean).join(' '))
  return {
    country: a.countryCodeV2,
    ...(name ? { name } : {}),
    ...(nonEmpty(a.company) ? { company: a.company! } : {}),
    ...(nonEmpty(a.address1) ? { line1: a.address1! } : {}),
    ...(nonEmpty(a.address2) ? { line2: a.address2! } : {}),
    ...(nonEmpty(a.city) ? { city: a.city! } : {}),
    ...(nonEmpty(a.provinceCode ?? a.province) ? { region: (a.provinceCode ?? a.province)! } : {}),
    ...(nonEmpty(a.zip) ? { postalCode: a.zip! } : {}),
    ...(nonEmpty(a.phone) ? { phone: a.phone! } : {}),
  }
}

/**
 * The line's SKU as Shopify knows it; a variant without one (most real variants) is named by its
 * variant gid, which the engine resolves through the variant's binding (its external id).
 */
function lineSku(li: GqlLineItem): string | undefined {
  return nonEmpty(li.sku) ?? nonEmpty(li.variant?.sku) ?? nonEmpty(li.variant?.id)
}

function line(li: GqlLineItem, currency: string, presentmentCurrency: string): OrderLine | undefined {
  const sku = lineSku(li)
  if (!sku) return undefined
  const unitPrice = shop(li.originalUnitPriceSet, currency)
  const discount = shop(li.totalDiscountSet, currency)
  const tax = (li.taxLines ?? []).reduce((s, t) => s + shop(t.priceSet, currency).amount, 0)
  const pUnit = presentment(li.originalUnitPriceSet)
  const quantity = li.currentQuantity ?? li.quantity
  return {
    externalLineId: li.id,
    sku,
    quantity,
    ...(quantity !== li.quantity ? { orderedQuantity: li.quantity } : {}),
    ...(li.variant?.id ? { externalVariantId: li.variant.id } : {}),
    unitPrice,
    ...(li.title ? { title: li.title } : {}),
    ...(discount.amount ? { discount } : {}),
    ...(tax ? { tax: { amount: tax, currency } } : {}),
    ...(pUnit && presentmentCurrency !== currency ? { presentmentUnitPrice: pUnit } : {}),
  }
}

export interface MappedOrder {
  order?: Order
  bindings: BindingHint[]
  error?: RecordError
}

export function orderFromShopify(o: GqlOrder, ctx: MapContext): MappedOrder {
  const currency = o.currencyCode
  const pres = o.presentmentCurrencyCode ?? currency
  const bindings: BindingHint[] = [{ entity: 'order', canonicalKey: o.id, externalId: o.id }]
  const items = nodesOf(o.lineItems)
  const lines: OrderLine[] = []
  for (const [i, li] of items.entries()) {
    const l = line(li, currency, pres)
    if (l) lines.push(l)
    // a custom line (no variant, no SKU) that needs shipping cannot be routed to a warehouse: refuse the order
    else if (li.requiresShipping !== false)
      return {
        bindings,
        error: {
          code: 'MAPPING_FIELD_MISSING',
          field: `/lines/${i}/sku`,
          message: `line "${li.title ?? li.id}" of ${o.name} has no SKU and no variant`,
        },
      }
  }
  if (lines.length === 0)
    return {
      bindings,
      error: { code: 'MAPPING_FIELD_MISSING', field: '/lines', message: `${o.name} has no line with a SKU` },
    }
  const unitsLeft = lines.reduce((s, l) => s + l.quantity, 0)
  const refunded = shop(o.totalRefundedSet, currency)
  const name = nonEmpty(o.customer?.displayName) ?? nonEmpty(o.shippingAddress?.name)
  const email = nonEmpty(o.email ?? o.customer?.email)
  const phone = nonEmpty(o.phone ?? o.customer?.phone)
  const shippingAddress = address(o.shippingAddress)
  const customerId = nonEmpty(o.customer?.id)
  const refunds = refundLinesOf(o.refunds, currency)
  const order: Order = {
    connectionId: ctx.connectionId,
    externalId: o.id,
    externalNumber: o.name,
    channel: 'shopify',
    status: orderStatus(o, unitsLeft),
    currency,
    ...(pres !== currency ? { presentmentCurrency: pres } : {}),
    lines,
    totals: {
      subtotal: shop(o.subtotalPriceSet, currency),
      shipping: shop(o.totalShippingPriceSet, currency),
      tax: shop(o.totalTaxSet, currency),
      discount: shop(o.totalDiscountsSet, currency),
      total: shop(o.totalPriceSet, currency),
      ...(refunded.amount ? { refunded } : {}),
    },
    ...(name || email || phone || customerId
      ? {
          buyer: {
            ...(name ? { name } : {}),
            ...(email ? { email } : {}),
            ...(phone ? { phone } : {}),
            ...(customerId ? { externalCustomerId: customerId } : {}),
          },
        }
      : {}),
    ...(shippingAddress ? { shippingAddress } : {}),
    placedAt: utc(o.processedAt ?? o.createdAt)!,
    ...(o.updatedAt ? { updatedAt: utc(o.updatedAt)! } : {}),
    ...(o.cancelledAt ? { cancelledAt: utc(o.cancelledAt)! } : {}),
    ...(refunds.length ? { refunds } : {}),
  }
  const valid = check(OrderSchema, order)
  if (!valid.ok)
    return {
      bindings,
      error: {
        code: 'MAPPING_INVALID',
        field: valid.errors[0]!.field,
        message: valid.errors.map((e) => `${e.field} ${e.message}`).join('; '),
      },
    }
  return { order, bindings }
}

// ---- REST (orders/create, orders/updated, orders/cancelled webhook bodies) --------------------

function restAddress(a: RestAddress | null | undefined): GqlAddress | null {
  if (!a) return null
  return {
    name: a.name ?? null,
    firstName: a.first_name ?? null,
    lastName: a.last_name ?? null,
    company: a.company ?? null,
    address1: a.address1 ?? null,
    address2: a.address2 ?? null,
    city: a.city ?? null,
    province: a.province ?? null,
    provinceCode: a.province_code ?? null,
    zip: a.zip ?? null,
    countryCodeV2: a.country_code ?? null,
    phone: a.phone ?? null,
  }
}

const FULFILLMENT: Record<string, GqlFulfillmentStatus> = {
  fulfilled: 'FULFILLED',
  partial: 'PARTIALLY_FULFILLED',
  restocked: 'RESTOCKED',
}

/**
 * A REST Order in the GraphQL shape. REST has no total-refunded figure: it is total_price_set −
 * current_total_price_set (current_* already nets refunds). Line current quantities come from
 * current_quantity, or the refunds' refund_line_items on older payloads.
 */
export function orderFromRest(r: RestOrder): GqlOrder {
  const currency = r.currency
  const refundedUnits = new Map<string, number>()
  for (const ref of r.refunds ?? [])
    for (const rl of ref.refund_line_items ?? [])
      refundedUnits.set(String(rl.line_item_id), (refundedUnits.get(String(rl.line_item_id)) ?? 0) + rl.quantity)
  const total = restBag(r.total_price_set) ?? { shopMoney: { amount: r.total_price ?? '0', currencyCode: currency } }
  const current = restBag(r.current_total_price_set)
  let totalRefundedSet: GqlOrder['totalRefundedSet'] = null
  if (current) {
    const diff = toMoney(total.shopMoney).amount - toMoney(current.shopMoney).amount
    totalRefundedSet = {
      shopMoney: { amount: toDecimalString({ amount: Math.max(0, diff), currency }), currencyCode: currency },
    }
  }
  const customerName = nonEmpty([r.customer?.first_name, r.customer?.last_name].filter(Boolean).join(' '))
  return {
    id: gidOf('Order', r.id, r.admin_graphql_api_id)!,
    name: r.name,
    email: r.email ?? null,
    phone: r.phone ?? null,
    createdAt: r.created_at,
    processedAt: r.processed_at ?? null,
    updatedAt: r.updated_at ?? null,
    cancelledAt: r.cancelled_at ?? null,
    displayFinancialStatus: (r.financial_status?.toUpperCase() ?? null) as GqlFinancialStatus | null,
    displayFulfillmentStatus: r.fulfillment_status
      ? (FULFILLMENT[r.fulfillment_status] ?? 'UNFULFILLED')
      : 'UNFULFILLED',
    currencyCode: currency,
    presentmentCurrencyCode: r.presentment_currency ?? currency,
    subtotalPriceSet: restBag(r.subtotal_price_set),
    totalShippingPriceSet: restBag(r.total_shipping_price_set),
    totalTaxSet: restBag(r.total_tax_set),
    totalDiscountsSet: restBag(r.total_discounts_set),
    totalPriceSet: total,
    totalRefundedSet,
    customer: r.customer
      ? {
          id: gidOf('Customer', r.customer.id ?? null) ?? null,
          displayName: customerName ?? null,
          email: r.customer.email ?? null,
          phone: r.customer.phone ?? null,
        }
      : null,
    shippingAddress: restAddress(r.shipping_address),
    refunds: (r.refunds ?? []).map((ref) => refundFromRest(ref, currency)),
    lineItems: r.line_items.map((li) => ({
      id: gidOf('LineItem', li.id, li.admin_graphql_api_id)!,
      sku: li.sku ?? null,
      title: li.title ?? null,
      variant:
        li.variant_id !== undefined && li.variant_id !== null
          ? { id: gidOf('ProductVariant', li.variant_id)!, sku: li.sku ?? null }
          : null,
      quantity: li.quantity,
      currentQuantity: li.current_quantity ?? li.quantity - (refundedUnits.get(String(li.id)) ?? 0),
      requiresShipping: li.requires_shipping ?? null,
      originalUnitPriceSet: restBag(li.price_set) ?? { shopMoney: { amount: li.price ?? '0', currencyCode: currency } },
      totalDiscountSet: restBag(li.total_discount_set),
      taxLines: (li.tax_lines ?? []).map((t) => ({
        priceSet: restBag(t.price_set) ?? { shopMoney: { amount: t.price ?? '0', currencyCode: currency } },
      })),
    })),
  }
}
