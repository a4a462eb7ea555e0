// One sandbox order, two wire shapes: Orders 2026-01-01 (camelCase, no `payload` wrapper, items
// inside the order, datasets by includedData) and v0 (PascalCase, `payload`, items by a second
// call). Shared rules [facts §3]: Money amounts are decimal strings; Pending orders carry no
// prices; the shipping address exists only from Unshipped on. Who sees PII differs: 2026-01-01
// shows it by the application's restricted roles alone; v0 only to a call made with a Restricted
// Data Token naming the data element (tokens.ts). Otherwise the address is cut to city, region,
// postal code and country and there is no buyer at all (BuyerInfo {} in v0).
import { toDecimalString } from '../../model/money.ts'
import type { OrderItem, SandboxOrder, V0Status } from './state.ts'

const STATUS_2026: Record<V0Status, string> = {
  PendingAvailability: 'PENDING_AVAILABILITY',
  Pending: 'PENDING',
  Unshipped: 'UNSHIPPED',
  PartiallyShipped: 'PARTIALLY_SHIPPED',
  Shipped: 'SHIPPED',
  InvoiceUnconfirmed: 'SHIPPED',
  Canceled: 'CANCELLED',
  Unfulfillable: 'UNFULFILLABLE',
}

const priced = (o: SandboxOrder) => o.status !== 'Pending' && o.status !== 'PendingAvailability'
const addressed = (o: SandboxOrder) =>
  ['Unshipped', 'PartiallyShipped', 'Shipped', 'InvoiceUnconfirmed'].includes(o.status)

export function itemTotals(i: OrderItem) {
  const tax = i.itemTax + i.shippingTax
  const discount = i.promotionDiscount + i.shippingDiscount
  return {
    item: i.unitPrice * i.quantity,
    shipping: i.shipping,
    tax,
    discount,
    total: i.unitPrice * i.quantity + i.shipping + tax - discount,
  }
}

export function orderTotal(o: SandboxOrder): number {
  return o.items.reduce((s, i) => s + itemTotals(i).total, 0)
}

function money26(amount: number, currency: string) {
  return { amount: toDecimalString({ amount, currency }), currencyCode: currency }
}

function moneyV0(amount: number, currency: string) {
  return { CurrencyCode: currency, Amount: toDecimalString({ amount, currency }) }
}

/** What PII a reader may see: the data elements it holds, and the order's own restriction on top. */
export interface PiiView {
  buyerInfo: boolean
  shippingAddress: boolean
}

export const NO_PII: PiiView = { buyerInfo: false, shippingAddress: false }
export const ALL_PII: PiiView = { buyerInfo: true, shippingAddress: true }

function visibleAddress(o: SandboxOrder, pii: PiiView) {
  if (!o.address || !addressed(o)) return undefined
  const a = o.address
  if (o.piiRestricted || !pii.shippingAddress)
    return { city: a.city, region: a.region, postalCode: a.postalCode, country: a.country }
  return a
}

function clean<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T
}

function breakdowns(t: ReturnType<typeof itemTotals>, i: OrderItem, currency: string) {
  const out: Record<string, unknown>[] = [{ type: 'ITEM', subtotal: money26(t.item, currency) }]
  if (t.shipping) out.push({ type: 'SHIPPING', subtotal: money26(t.shipping, currency) })
  if (t.tax) {
    out.push({
      type: 'TAX',
      subtotal: money26(t.tax, currency),
      detailedBreakdowns: [
        { subtype: 'ITEM', value: money26(i.itemTax, currency) },
        { subtype: 'SHIPPING', value: money26(i.shippingTax, currency) },
      ],
    })
  }
  // a discount lowers the proceeds, so it is negative [our reading of M-ord26 ItemProceedsBreakdown]
  if (t.discount) {
    out.push({
      type: 'DISCOUNT',
      subtotal: money26(-t.discount, currency),
      detailedBreakdowns: [
        { subtype: 'ITEM', value: money26(-i.promotionDiscount, currency) },
        { subtype: 'SHIPPING', value: money26(-i.shippingDiscount, currency) },
      ],
    })
  }
  return out
}

export function render2026(o: SandboxOrder, included: readonly string[], pii: PiiView): Record<string, unknown> {
  const has = (d: string) => included.includes(d)
  const c = o.currency
  const a = visibleAddress(o, pii)
  const out: Record<string, unknown> = {
    orderId: o.orderId,
    createdTime: o.purchaseDate,
    lastUpdatedTime: o.lastUpdated,
    salesChannel: { channelName: 'AMAZON', marketplaceId: o.marketplace.id, marketplaceName: o.marketplace.name },
  }
  if (has('BUYER') && o.buyer && !o.piiRestricted && pii.buyerInfo)
    out.buyer = clean({ buyerName: o.buyer.name, buyerEmail: o.buyer.email })
  if (has('RECIPIENT') && a) {
    out.recipient = {
      deliveryAddress: clean({
        name: a.name,
        addressLine1: a.line1,
        addressLine2: a.line2,
        city: a.city,
        stateOrRegion: a.region,
        postalCode: a.postalCode,
        countryCode: a.country,
        phone: a.phone,
      }),
    }
  }
  if (has('PROCEEDS') && priced(o)) {
    const sums = o.items.map(itemTotals).reduce(
      (s, t) => ({
        item: s.item + t.item,
        shipping: s.shipping + t.shipping,
        tax: s.tax + t.tax,
        discount: s.discount + t.discount,
      }),
      { item: 0, shipping: 0, tax: 0, discount: 0 },
    )
    const b: Record<string, unknown>[] = [{ type: 'ITEM', subtotal: money26(sums.item, c) }]
    if (sums.shipping) b.push({ type: 'SHIPPING', subtotal: money26(sums.shipping, c) })
    if (sums.tax) b.push({ type: 'TAX', subtotal: money26(sums.tax, c) })
    if (sums.discount) b.push({ type: 'DISCOUNT', subtotal: money26(-sums.discount, c) })
    out.proceeds = { grandTotal: money26(orderTotal(o), c), breakdowns: b }
  }
  if (has('FULFILLMENT')) {
    out.fulfillment = {
      fulfillmentStatus: STATUS_2026[o.status],
      fulfilledBy: o.channel === 'AFN' ? 'AMAZON' : 'MERCHANT',
      fulfillmentServiceLevel: 'STANDARD',
      shipByWindow: { earliestDateTime: o.earliestShipDate, latestDateTime: o.latestShipDate },
    }
  }
  out.orderItems = o.items.map((i) => {
    const t = itemTotals(i)
    const item: Record<string, unknown> = {
      orderItemId: i.orderItemId,
      quantityOrdered: i.quantity,
      product: clean({
        asin: i.asin,
        title: i.title,
        sellerSku: i.sku,
        price: priced(o) ? { unitPrice: money26(i.unitPrice, c) } : undefined,
      }),
    }
    if (has('PROCEEDS') && priced(o))
      item.proceeds = { proceedsTotal: money26(t.total, c), breakdowns: breakdowns(t, i, c) }
    if (has('FULFILLMENT'))
      item.fulfillment = { quantityFulfilled: i.quantityShipped, quantityUnfulfilled: i.quantity - i.quantityShipped }
    return item
  })
  if (has('PACKAGES') && o.channel === 'MFN' && o.packages.length > 0) {
    out.packages = o.packages.map((p) =>
      clean({
        packageReferenceId: p.packageReferenceId,
        createdTime: p.confirmedAt,
        packageStatus: { status: 'SHIPPED' },
        carrier: p.carrierName ?? p.carrierCode,
        shipTime: p.shipDate,
        shippingService: p.shippingMethod,
        trackingNumber: p.trackingNumber,
        packageItems: p.items.map((x) => ({ orderItemId: x.orderItemId, quantity: x.quantity })),
      }),
    )
  }
  return out
}

export function renderV0(o: SandboxOrder, pii: PiiView): Record<string, unknown> {
  const a = visibleAddress(o, pii)
  const shipped = o.items.reduce((s, i) => s + i.quantityShipped, 0)
  const ordered = o.items.reduce((s, i) => s + i.quantity, 0)
  return clean({
    AmazonOrderId: o.orderId,
    PurchaseDate: o.purchaseDate,
    LastUpdateDate: o.lastUpdated,
    OrderStatus: o.status,
    FulfillmentChannel: o.channel,
    SalesChannel: o.marketplace.name,
    ShipServiceLevel: 'Std Cont US Street Addr',
    OrderTotal: priced(o) ? moneyV0(orderTotal(o), o.currency) : undefined,
    NumberOfItemsShipped: shipped,
    NumberOfItemsUnshipped: ordered - shipped,
    PaymentMethod: 'Other',
    MarketplaceId: o.marketplace.id,
    ShipmentServiceLevelCategory: 'Standard',
    OrderType: 'StandardOrder',
    EarliestShipDate: o.earliestShipDate,
    LatestShipDate: o.latestShipDate,
    IsBusinessOrder: false,
    IsPrime: false,
    IsPremiumOrder: false,
    IsGlobalExpressEnabled: false,
    IsReplacementOrder: false,
    IsSoldByAB: false,
    IsISPU: false,
    IsAccessPointOrder: false,
    ShippingAddress: a
      ? clean({
          Name: a.name,
          AddressLine1: a.line1,
          AddressLine2: a.line2,
          City: a.city,
          StateOrRegion: a.region,
          PostalCode: a.postalCode,
          CountryCode: a.country,
          Phone: a.phone,
        })
      : undefined,
    BuyerInfo:
      o.buyer && !o.piiRestricted && pii.buyerInfo ? clean({ BuyerEmail: o.buyer.email, BuyerName: o.buyer.name }) : {},
  })
}

export function renderItemV0(o: SandboxOrder, i: OrderItem): Record<string, unknown> {
  const c = o.currency
  const withPrice = priced(o)
  return clean({
    ASIN: i.asin,
    SellerSKU: i.sku,
    OrderItemId: i.orderItemId,
    Title: i.title,
    QuantityOrdered: i.quantity,
    QuantityShipped: i.quantityShipped,
    // ItemPrice is unit price × quantity [M-ord0 OrderItem.ItemPrice]
    ItemPrice: withPrice ? moneyV0(i.unitPrice * i.quantity, c) : undefined,
    ShippingPrice: withPrice ? moneyV0(i.shipping, c) : undefined,
    ItemTax: withPrice ? moneyV0(i.itemTax, c) : undefined,
    ShippingTax: withPrice ? moneyV0(i.shippingTax, c) : undefined,
    ShippingDiscount: withPrice ? moneyV0(i.shippingDiscount, c) : undefined,
    PromotionDiscount: withPrice ? moneyV0(i.promotionDiscount, c) : undefined,
    IsGift: 'false',
    ConditionId: 'New',
    ConditionSubtypeId: 'New',
    IsTransparency: false,
    SerialNumberRequired: false,
  })
}
