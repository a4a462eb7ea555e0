// GraphQL views of sandbox orders, fulfillment orders, fulfillments and refunds, with money in
// both currencies as MoneyBag {shopMoney, presentmentMoney}.
import { moneyBag } from './format.ts'
import { currentQuantity, displayFulfillmentStatus, orderFigures, type Pair } from './order-math.ts'
import { orderFulfillments, ordersFulfillmentOrders } from './order-ops.ts'
import type { FieldMap } from './search.ts'
import type { AddressRec, FulfillmentOrderRec, FulfillmentRec, OrderLineRec, OrderRec, RefundRec } from './store.ts'
import { count, locationView, page, variantView, type SandboxContext } from './views-catalog.ts'

type Args = {
  first?: number | null
  after?: string | null
  last?: number | null
  before?: string | null
  reverse?: boolean | null
  query?: string | null
}

function addressView(a: AddressRec | null, id: string) {
  if (!a) return null
  const name = [a.firstName, a.lastName].filter(Boolean).join(' ') || null
  return {
    __typename: 'MailingAddress',
    id: `gid://shopify/MailingAddress/${id}`,
    name,
    firstName: a.firstName ?? null,
    lastName: a.lastName ?? null,
    company: a.company ?? null,
    address1: a.address1 ?? null,
    address2: a.address2 ?? null,
    city: a.city ?? null,
    province: a.province ?? null,
    provinceCode: a.provinceCode ?? null,
    country: a.country ?? null,
    countryCodeV2: a.countryCode,
    zip: a.zip ?? null,
    phone: a.phone ?? null,
    formatted: [a.address1, a.city, a.countryCode].filter(Boolean),
    coordinatesValidated: false,
  }
}

function lineView(ctx: SandboxContext, o: OrderRec, l: OrderLineRec) {
  const bag = (p: Pair) => moneyBag(p.shop, p.pres, o.currency, o.presentmentCurrency)
  const fos = ordersFulfillmentOrders(ctx.store, o.id).filter((f) => f.status === 'OPEN' || f.status === 'IN_PROGRESS')
  const unfulfilled = fos
    .flatMap((f) => f.lineItems)
    .filter((x) => x.lineItemId === l.id)
    .reduce((s, x) => s + x.remainingQuantity, 0)
  const variant = l.variantId ? ctx.store.variants.get(l.variantId) : undefined
  return {
    __typename: 'LineItem',
    id: l.id,
    sku: l.sku,
    title: l.title,
    name: l.variantTitle ? `${l.title} - ${l.variantTitle}` : l.title,
    variantTitle: l.variantTitle,
    vendor: l.vendor,
    quantity: l.quantity,
    currentQuantity: currentQuantity(l),
    unfulfilledQuantity: unfulfilled,
    refundableQuantity: currentQuantity(l),
    nonFulfillableQuantity: 0,
    requiresShipping: l.requiresShipping,
    taxable: l.taxable,
    isGiftCard: false,
    merchantEditable: true,
    restockable: true,
    originalUnitPriceSet: bag({ shop: l.unitPrice, pres: l.unitPriceP }),
    discountedUnitPriceSet: bag({
      shop: l.unitPrice - Math.round(l.discount / Math.max(1, l.quantity)),
      pres: l.unitPriceP - Math.round(l.discountP / Math.max(1, l.quantity)),
    }),
    originalTotalSet: bag({ shop: l.unitPrice * l.quantity, pres: l.unitPriceP * l.quantity }),
    totalDiscountSet: bag({ shop: l.discount, pres: l.discountP }),
    discountedTotalSet: bag({
      shop: l.unitPrice * l.quantity - l.discount,
      pres: l.unitPriceP * l.quantity - l.discountP,
    }),
    taxLines: () =>
      l.tax || l.taxP
        ? [
            {
              title: 'Tax',
              rate: Number(l.taxRate),
              ratePercentage: Number(l.taxRate) * 100,
              priceSet: bag({ shop: l.tax, pres: l.taxP }),
            },
          ]
        : [],
    variant: () => (variant ? variantView(ctx, variant) : null),
    product: null,
  }
}

function refundView(ctx: SandboxContext, o: OrderRec, r: RefundRec) {
  const bag = (shop: number, pres: number) => moneyBag(shop, pres, o.currency, o.presentmentCurrency)
  return {
    __typename: 'Refund',
    id: r.id,
    legacyResourceId: r.legacyId,
    createdAt: r.createdAt,
    updatedAt: r.createdAt,
    processedAt: r.createdAt,
    note: r.note,
    totalRefundedSet: bag(r.total, r.totalP),
    refundLineItems: (args: Args) =>
      page(ctx, r.lines, args, (rl) => ({
        __typename: 'RefundLineItem',
        id: rl.id,
        quantity: rl.quantity,
        restocked: rl.restockType !== 'NO_RESTOCK',
        restockType: rl.restockType,
        location: () => {
          const l = rl.locationId ? ctx.store.locations.get(rl.locationId) : undefined
          return l ? locationView(ctx, l) : null
        },
        priceSet: bag(
          Math.round(rl.subtotal / Math.max(1, rl.quantity)),
          Math.round(rl.subtotalP / Math.max(1, rl.quantity)),
        ),
        subtotalSet: bag(rl.subtotal, rl.subtotalP),
        totalTaxSet: bag(rl.tax, rl.taxP),
        lineItem: () =>
          lineView(
            ctx,
            o,
            o.lines.find((l) => l.id === rl.lineItemId)!,
          ),
      })),
  }
}

export function fulfillmentOrderView(ctx: SandboxContext, f: FulfillmentOrderRec): Record<string, unknown> {
  const o = ctx.store.orders.get(f.orderId)!
  const loc = ctx.store.locations.get(f.locationId)!
  return {
    __typename: 'FulfillmentOrder',
    id: f.id,
    status: f.status,
    requestStatus: f.requestStatus,
    createdAt: f.createdAt,
    updatedAt: f.updatedAt,
    orderId: o.id,
    orderName: o.name,
    orderProcessedAt: o.processedAt,
    fulfillmentHolds: [],
    supportedActions:
      f.status === 'OPEN' || f.status === 'IN_PROGRESS' ? [{ action: 'CREATE_FULFILLMENT' }, { action: 'MOVE' }] : [],
    assignedLocation: {
      name: loc.name,
      countryCode: loc.address.countryCode,
      city: loc.address.city ?? null,
      location: () => locationView(ctx, loc),
    },
    order: () => orderView(ctx, o),
    lineItems: (args: Args) =>
      page(ctx, f.lineItems, args, (li) => ({
        __typename: 'FulfillmentOrderLineItem',
        id: li.id,
        sku: li.sku,
        totalQuantity: li.totalQuantity,
        remainingQuantity: li.remainingQuantity,
        inventoryItemId: li.inventoryItemId,
        requiresShipping: true,
        productTitle: o.lines.find((l) => l.id === li.lineItemId)?.title ?? '',
        lineItem: () =>
          lineView(
            ctx,
            o,
            o.lines.find((l) => l.id === li.lineItemId)!,
          ),
        variant: () => (li.variantId ? variantView(ctx, ctx.store.variants.get(li.variantId)!) : null),
        warnings: [],
        financialSummaries: [],
      })),
  }
}

export function fulfillmentView(ctx: SandboxContext, f: FulfillmentRec): Record<string, unknown> {
  const o = ctx.store.orders.get(f.orderId)!
  return {
    __typename: 'Fulfillment',
    id: f.id,
    legacyResourceId: f.legacyId,
    name: f.name,
    status: f.status,
    displayStatus: f.status === 'SUCCESS' ? 'FULFILLED' : 'CANCELED',
    createdAt: f.createdAt,
    updatedAt: f.updatedAt,
    requiresShipping: true,
    totalQuantity: f.lines.reduce((s, l) => s + l.quantity, 0),
    trackingInfo: (args: { first?: number }) => f.tracking.slice(0, args.first ?? undefined),
    location: () => locationView(ctx, ctx.store.locations.get(f.locationId)!),
    order: () => orderView(ctx, o),
    fulfillmentLineItems: (args: Args) =>
      page(ctx, f.lines, args, (fl) => ({
        __typename: 'FulfillmentLineItem',
        id: fl.id,
        quantity: fl.quantity,
        lineItem: () =>
          lineView(
            ctx,
            o,
            o.lines.find((l) => l.id === fl.lineItemId)!,
          ),
      })),
    fulfillmentOrders: (args: Args) =>
      page(
        ctx,
        f.fulfillmentOrderIds.map((id) => ctx.store.fulfillmentOrders.get(id)!),
        args,
        (fo) => fulfillmentOrderView(ctx, fo),
      ),
  }
}

export function orderView(ctx: SandboxContext, o: OrderRec): Record<string, unknown> {
  const fig = () => orderFigures(o)
  const bag = (p: Pair) => moneyBag(p.shop, p.pres, o.currency, o.presentmentCurrency)
  const fos = () => ordersFulfillmentOrders(ctx.store, o.id)
  const fulfillments = () => orderFulfillments(ctx.store, o.id)
  return {
    __typename: 'Order',
    id: o.id,
    legacyResourceId: o.legacyId,
    name: o.name,
    number: o.number - 1000,
    email: o.email,
    phone: o.phone,
    createdAt: o.createdAt,
    updatedAt: o.updatedAt,
    processedAt: o.processedAt,
    cancelledAt: o.cancelledAt,
    cancelReason: o.cancelReason,
    closed: Boolean(o.closedAt),
    closedAt: o.closedAt,
    confirmed: true,
    test: o.test,
    tags: o.tags,
    note: o.note,
    currencyCode: o.currency,
    presentmentCurrencyCode: o.presentmentCurrency,
    taxesIncluded: false,
    requiresShipping: true,
    displayFinancialStatus: o.financialStatus,
    fullyPaid: o.financialStatus === 'PAID',
    unpaid: o.financialStatus === 'PENDING',
    displayFulfillmentStatus: () => displayFulfillmentStatus(o, fos(), fulfillments()),
    subtotalPriceSet: () => bag(fig().subtotal),
    totalPriceSet: () => bag(fig().total),
    totalTaxSet: () => bag(fig().tax),
    totalDiscountsSet: () => bag(fig().discounts),
    totalShippingPriceSet: () => bag(fig().shipping),
    totalRefundedSet: () => bag(fig().refunded),
    totalRefundedShippingSet: () => bag(fig().refundedShipping),
    currentSubtotalPriceSet: () => bag(fig().currentSubtotal),
    currentTotalPriceSet: () => bag(fig().currentTotal),
    currentTotalTaxSet: () => bag(fig().currentTax),
    currentTotalDiscountsSet: () => bag(fig().currentDiscounts),
    currentShippingPriceSet: () => bag(fig().currentShipping),
    originalTotalPriceSet: () => bag(fig().total),
    shippingAddress: addressView(o.shippingAddress, `${o.legacyId}1`),
    billingAddress: addressView(o.billingAddress, `${o.legacyId}2`),
    customer: o.customer
      ? {
          __typename: 'Customer',
          id: o.customer.id,
          legacyResourceId: o.customer.legacyId,
          email: o.customer.email,
          firstName: o.customer.firstName,
          lastName: o.customer.lastName,
          phone: o.customer.phone,
          displayName: [o.customer.firstName, o.customer.lastName].filter(Boolean).join(' ') || o.customer.email,
        }
      : null,
    shippingLine:
      o.shipping || o.shippingP
        ? {
            title: o.shippingTitle,
            code: 'Standard',
            custom: false,
            isRemoved: false,
            originalPriceSet: bag({ shop: o.shipping, pres: o.shippingP }),
            discountedPriceSet: bag({ shop: o.shipping, pres: o.shippingP }),
            currentDiscountedPriceSet: bag(fig().currentShipping),
            taxLines: [],
            discountAllocations: [],
          }
        : null,
    lineItems: (args: Args) => page(ctx, o.lines, args, (l) => lineView(ctx, o, l)),
    refunds: (args: { first?: number }) =>
      o.refunds.slice(0, args.first ?? undefined).map((r) => refundView(ctx, o, r)),
    fulfillments: (args: { first?: number }) =>
      fulfillments()
        .slice(0, args.first ?? undefined)
        .map((f) => fulfillmentView(ctx, f)),
    fulfillmentsCount: () => count(fulfillments().length),
    fulfillmentOrders: (args: Args) => page(ctx, fos(), args, (f) => fulfillmentOrderView(ctx, f)),
  }
}

export const ORDER_SEARCH: FieldMap<OrderRec> = {
  id: (o) => o.legacyId,
  name: (o) => [o.name, o.name.replace('#', '')],
  email: (o) => o.email,
  tag: (o) => o.tags,
  updated_at: (o) => o.updatedAt,
  created_at: (o) => o.createdAt,
  processed_at: (o) => o.processedAt,
  status: (o) => (o.cancelledAt ? 'cancelled' : o.closedAt ? 'closed' : 'open'),
  financial_status: (o) => o.financialStatus.toLowerCase(),
  sku: (o) => o.lines.map((l) => l.sku),
  default: (o) => o.name,
}
