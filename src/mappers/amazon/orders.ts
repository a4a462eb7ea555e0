// Amazon orders → the canonical Order, from either model: Orders 2026-01-01 (searchOrders with
// includedData, items inside the order) or the deprecated v0 reads (getOrders + getOrderItems).
// Both land on exactly the same canonical record, line for line:
//   line subtotal = ITEM proceeds    | v0 ItemPrice (= unit price × quantity [M-ord0])
//   line shipping = SHIPPING         | ShippingPrice
//   line tax      = TAX              | ItemTax + ShippingTax
//   line discount = |DISCOUNT|       | PromotionDiscount + ShippingDiscount (kept positive)
//   total         = proceeds.grandTotal | OrderTotal, else subtotal + shipping + tax − discount
// Pending orders carry no prices [M-ord0 getOrderItems]: their unit price is zero in the
// marketplace currency until Amazon fills it in. Buyer and address are optional (PII depends on
// the app's restricted roles, and on v0 on a restricted data token too) and an order without them
// still maps, but not silently: the result names the personal fields Amazon withheld (piiMissing).
import {
  OrderSchema,
  check,
  parseMoney,
  sum,
  type Address,
  type Money,
  type Order,
  type OrderLine,
  type OrderStatusValue,
} from '../../model/index.ts'
import type {
  Address2026,
  AddressV0,
  Breakdown2026,
  Money2026,
  MoneyV0,
  Order2026,
  OrderItemV0,
  OrderV0,
} from './types.ts'

export interface MarketplaceInfo {
  id: string
  currency: string
  timeZone: string
}

export interface OrderMapContext {
  connectionId: string
  marketplace(id: string): MarketplaceInfo | undefined
}

export interface MapError {
  code: 'MAPPING_FIELD_MISSING' | 'MAPPING_INVALID' | 'CURRENCY_UNKNOWN'
  message: string
  field?: string
}

export type MapResult<T> =
  | {
      ok: true
      value: T
      /**
       * Personal fields Amazon withheld although the order is one it gives them for (merchant
       * fulfilled, unshipped or shipped): v0 without a restricted data token, or an app without
       * the restricted role. The order still maps; the connection must say so.
       */
      piiMissing?: string[]
    }
  | { ok: false; error: MapError }

class MapFailure extends Error {
  constructor(readonly error: MapError) {
    super(error.message)
  }
}

const fail = (code: MapError['code'], message: string, field?: string): never => {
  throw new MapFailure({ code, message, ...(field ? { field } : {}) })
}

/** Both models' statuses: v0 PascalCase, 2026 UPPER_SNAKE [M-ord0 OrderStatus, M-ord26 FulfillmentStatus]. */
const STATUS: Record<string, OrderStatusValue> = {
  PENDING_AVAILABILITY: 'pending',
  PENDINGAVAILABILITY: 'pending',
  // Pending: payment not authorized yet; the hub reserves stock but routes only once Unshipped
  PENDING: 'pending',
  UNSHIPPED: 'open',
  PARTIALLY_SHIPPED: 'partially_shipped',
  PARTIALLYSHIPPED: 'partially_shipped',
  SHIPPED: 'shipped',
  // v0 only: shipped, invoice not yet confirmed to Amazon
  INVOICEUNCONFIRMED: 'shipped',
  CANCELLED: 'cancelled',
  CANCELED: 'cancelled',
  // Multi-Channel Fulfillment orders Amazon cannot fulfil: someone must look at them
  UNFULFILLABLE: 'on_hold',
}

export function mapOrderStatus(status: string): OrderStatusValue | undefined {
  return STATUS[status.toUpperCase()]
}

/** Amazon's timestamps are ISO 8601 in UTC; one without an offset is read as UTC. */
export function utcIso(text: string, field: string): string {
  const t = text.trim()
  const withZone = /(Z|[+-]\d{2}:?\d{2})$/i.test(t) ? t : /T\d{2}:\d{2}/.test(t) ? `${t}Z` : t
  const d = new Date(withZone)
  if (Number.isNaN(d.getTime())) fail('MAPPING_INVALID', `"${text}" is not a timestamp`, field)
  return d.toISOString()
}

function money(amount: string | undefined, currency: string | undefined, field: string): Money | undefined {
  if (amount === undefined || amount === '') return undefined
  if (!currency) return fail('MAPPING_FIELD_MISSING', 'money without a currency code', field)
  try {
    return parseMoney(amount, currency)
  } catch (err) {
    const unknown = /unknown ISO 4217/.test((err as Error).message)
    return fail(unknown ? 'CURRENCY_UNKNOWN' : 'MAPPING_INVALID', (err as Error).message, field)
  }
}

const m26 = (m: Money2026 | undefined, field: string) => (m ? money(m.amount, m.currencyCode, field) : undefined)
const mV0 = (m: MoneyV0 | undefined, field: string) => (m ? money(m.Amount, m.CurrencyCode, field) : undefined)

function abs(m: Money): Money {
  return { amount: Math.abs(m.amount), currency: m.currency }
}

function addAll(parts: (Money | undefined)[], currency: string): Money | undefined {
  const present = parts.filter((p): p is Money => p !== undefined)
  return present.length === 0 ? undefined : sum(present, currency)
}

interface LineFigures {
  line: OrderLine
  subtotal: Money
  shipping: Money
  tax: Money
  discount: Money
}

function zero(currency: string): Money {
  return { amount: 0, currency }
}

function withDefaults(currency: string, f: Partial<Omit<LineFigures, 'line'>> & { line: OrderLine }): LineFigures {
  return {
    line: f.line,
    subtotal: f.subtotal ?? { amount: f.line.unitPrice.amount * f.line.quantity, currency },
    shipping: f.shipping ?? zero(currency),
    tax: f.tax ?? zero(currency),
    discount: f.discount ?? zero(currency),
  }
}

function assemble(
  base: Omit<Order, 'lines' | 'totals' | 'currency'>,
  currency: string,
  figures: LineFigures[],
  total: Money | undefined,
): Order {
  if (figures.length === 0) fail('MAPPING_FIELD_MISSING', 'the order has no items', 'orderItems')
  for (const f of figures) {
    for (const m of [f.line.unitPrice, f.subtotal, f.shipping, f.tax, f.discount]) {
      if (m.currency !== currency)
        fail('MAPPING_INVALID', `line ${f.line.externalLineId} is in ${m.currency}, the order in ${currency}`, 'lines')
    }
  }
  const subtotal = sum(
    figures.map((f) => f.subtotal),
    currency,
  )
  const shipping = sum(
    figures.map((f) => f.shipping),
    currency,
  )
  const tax = sum(
    figures.map((f) => f.tax),
    currency,
  )
  const discount = sum(
    figures.map((f) => f.discount),
    currency,
  )
  const computed = { amount: subtotal.amount + shipping.amount + tax.amount - discount.amount, currency }
  return {
    ...base,
    currency,
    lines: figures.map((f) => f.line),
    totals: { subtotal, shipping, tax, discount, total: total ?? computed },
  }
}

function finish(order: Order): MapResult<Order> {
  const r = check(OrderSchema, order)
  if (!r.ok) {
    const first = r.errors[0]!
    return {
      ok: false,
      error: {
        code: 'MAPPING_INVALID',
        message: r.errors.map((e) => `${e.field} ${e.message}`).join('; '),
        field: first.field,
      },
    }
  }
  return { ok: true, value: r.value }
}

/**
 * Amazon gives the ship-to address of Unshipped, PartiallyShipped, Shipped and InvoiceUnconfirmed
 * orders, its name and street lines only with a restricted data token and role (v0,
 * specs/amazon.md §3; the 2026-01-01 model by role alone). A merchant-fulfilled order in those
 * states without them is one whose PII was withheld; an FBA order is shipped by Amazon and needs none.
 */
const ADDRESS_STATES = new Set<Order['status']>(['open', 'partially_shipped', 'shipped'])

export function piiMissing(order: Order): string[] {
  if (order.fulfilledByChannel || !ADDRESS_STATES.has(order.status)) return []
  const missing: string[] = []
  if (!order.buyer?.name) missing.push('buyer.name')
  const a = order.shippingAddress
  if (!a) missing.push('shippingAddress')
  else {
    if (!a.name) missing.push('shippingAddress.name')
    if (!a.line1) missing.push('shippingAddress.line1')
  }
  return missing
}

function run(fn: () => Order): MapResult<Order> {
  try {
    const result = finish(fn())
    if (!result.ok) return result
    const missing = piiMissing(result.value)
    return missing.length ? { ...result, piiMissing: missing } : result
  } catch (err) {
    if (err instanceof MapFailure) return { ok: false, error: err.error }
    throw err
  }
}

function compact<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== '')) as T
}

function address(
  a:
    | {
        name?: string
        company?: string
        line1?: string
        line2?: string
        line3?: string
        city?: string
        region?: string
        postalCode?: string
        country?: string
        phone?: string
      }
    | undefined,
): Address | undefined {
  if (!a?.country) return undefined
  const line2 = [a.line2, a.line3].filter((l) => l && l.trim() !== '').join(', ')
  return compact({
    name: a.name,
    company: a.company,
    line1: a.line1,
    line2: line2 || undefined,
    city: a.city,
    region: a.region,
    postalCode: a.postalCode,
    country: a.country.toUpperCase(),
    phone: a.phone,
  }) as Address
}

const address2026 = (a: Address2026 | undefined) =>
  address(
    a && {
      name: a.name,
      company: a.companyName,
      line1: a.addressLine1,
      line2: a.addressLine2,
      line3: a.addressLine3,
      city: a.city,
      region: a.stateOrRegion,
      postalCode: a.postalCode,
      country: a.countryCode,
      phone: a.phone,
    },
  )

const addressV0 = (a: AddressV0 | undefined) =>
  address(
    a && {
      name: a.Name,
      company: a.CompanyName,
      line1: a.AddressLine1,
      line2: a.AddressLine2,
      line3: a.AddressLine3,
      city: a.City,
      region: a.StateOrRegion,
      postalCode: a.PostalCode,
      country: a.CountryCode,
      phone: a.Phone,
    },
  )

function buyer(name: string | undefined, email: string | undefined): Order['buyer'] {
  const b = compact({ name, email })
  return Object.keys(b).length > 0 ? b : undefined
}

function marketplaceOf(ctx: OrderMapContext, id: string | undefined): MarketplaceInfo {
  if (!id) return fail('MAPPING_FIELD_MISSING', 'the order names no marketplace', 'salesChannel.marketplaceId')
  return (
    ctx.marketplace(id) ??
    fail('MAPPING_INVALID', `marketplace ${id} is not configured on this connection`, 'salesChannel.marketplaceId')
  )
}

function statusOf(status: string | undefined, field: string): OrderStatusValue {
  if (!status) return fail('MAPPING_FIELD_MISSING', 'the order has no status (ask includedData=FULFILLMENT)', field)
  return mapOrderStatus(status) ?? fail('MAPPING_INVALID', `unknown order status ${status}`, field)
}

function breakdown(list: Breakdown2026[] | undefined, type: string, field: string): Money | undefined {
  const b = list?.find((x) => x.type === type)
  return b ? m26(b.subtotal, `${field}.${type}`) : undefined
}

function baseOrder(
  ctx: OrderMapContext,
  o: {
    id: string
    marketplace: MarketplaceInfo
    status: OrderStatusValue
    placed: string
    updated: string
    afn: boolean
    shipBy?: string
    buyer?: Order['buyer']
    address?: Address
  },
): Omit<Order, 'lines' | 'totals' | 'currency'> {
  const updatedAt = utcIso(o.updated, 'lastUpdatedTime')
  return compact({
    connectionId: ctx.connectionId,
    externalId: o.id,
    externalNumber: o.id,
    channel: `amazon:${o.marketplace.id}`,
    status: o.status,
    buyer: o.buyer,
    shippingAddress: o.address,
    placedAt: utcIso(o.placed, 'createdTime'),
    placedTimeZone: o.marketplace.timeZone,
    updatedAt,
    cancelledAt: o.status === 'cancelled' ? updatedAt : undefined,
    // FBA: Amazon ships it; recorded for stock and accounting, never routed to a 3PL
    fulfilledByChannel: o.afn,
    shipBy: o.shipBy ? utcIso(o.shipBy, 'shipBy') : undefined,
  }) as Omit<Order, 'lines' | 'totals' | 'currency'>
}

/** An Orders 2026-01-01 order (searchOrders/getOrder, with includedData) → canonical. */
export function mapOrder2026(o: Order2026, ctx: OrderMapContext): MapResult<Order> {
  return run(() => {
    const mp = marketplaceOf(ctx, o.salesChannel?.marketplaceId)
    const afn = o.fulfillment?.fulfilledBy === 'AMAZON'
    const base = baseOrder(ctx, {
      id: o.orderId,
      marketplace: mp,
      status: statusOf(o.fulfillment?.fulfillmentStatus, 'fulfillment.fulfillmentStatus'),
      placed: o.createdTime,
      updated: o.lastUpdatedTime,
      afn,
      shipBy: o.fulfillment?.shipByWindow?.latestDateTime,
      buyer: buyer(o.buyer?.buyerName, o.buyer?.buyerEmail),
      address: address2026(o.recipient?.deliveryAddress),
    })
    const total = m26(o.proceeds?.grandTotal, 'proceeds.grandTotal')
    const currency =
      total?.currency ??
      o.orderItems.find((i) => i.product.price?.unitPrice)?.product.price?.unitPrice?.currencyCode ??
      mp.currency
    const figures = o.orderItems.map((item, i): LineFigures => {
      const f = `orderItems/${i}`
      const sku =
        item.product.sellerSku ??
        fail('MAPPING_FIELD_MISSING', `item ${item.orderItemId} has no seller SKU`, `${f}/product/sellerSku`)
      const b = item.proceeds?.breakdowns
      const discount = breakdown(b, 'DISCOUNT', `${f}/proceeds`)
      const tax = breakdown(b, 'TAX', `${f}/proceeds`)
      const line: OrderLine = compact({
        externalLineId: item.orderItemId,
        sku,
        title: item.product.title,
        quantity: item.quantityOrdered,
        unitPrice: m26(item.product.price?.unitPrice, `${f}/product/price/unitPrice`) ?? zero(currency),
        discount: nonZero(discount && abs(discount)),
        tax: nonZero(tax),
        fulfilledByChannel: afn || undefined,
      }) as OrderLine
      return withDefaults(currency, {
        line,
        subtotal: breakdown(b, 'ITEM', `${f}/proceeds`),
        shipping: breakdown(b, 'SHIPPING', `${f}/proceeds`),
        tax,
        discount: discount ? abs(discount) : undefined,
      })
    })
    return assemble(base, currency, figures, total)
  })
}

/** A v0 order (getOrders) and its items (getOrderItems) → canonical. */
export function mapOrderV0(o: OrderV0, items: OrderItemV0[], ctx: OrderMapContext): MapResult<Order> {
  return run(() => {
    const mp = marketplaceOf(ctx, o.MarketplaceId)
    const afn = o.FulfillmentChannel === 'AFN'
    const base = baseOrder(ctx, {
      id: o.AmazonOrderId,
      marketplace: mp,
      status: statusOf(o.OrderStatus, 'OrderStatus'),
      placed: o.PurchaseDate,
      updated: o.LastUpdateDate,
      afn,
      shipBy: o.LatestShipDate,
      buyer: buyer(o.BuyerInfo?.BuyerName, o.BuyerInfo?.BuyerEmail),
      address: addressV0(o.ShippingAddress),
    })
    const total = mV0(o.OrderTotal, 'OrderTotal')
    const currency =
      total?.currency ?? items.find((i) => i.ItemPrice?.CurrencyCode)?.ItemPrice?.CurrencyCode ?? mp.currency
    const figures = items.map((item, i): LineFigures => {
      const f = `OrderItems/${i}`
      const sku =
        item.SellerSKU ?? fail('MAPPING_FIELD_MISSING', `item ${item.OrderItemId} has no seller SKU`, `${f}/SellerSKU`)
      const itemPrice = mV0(item.ItemPrice, `${f}/ItemPrice`)
      const unit = itemPrice && item.QuantityOrdered > 0 ? unitOf(itemPrice, item.QuantityOrdered) : zero(currency)
      const tax = addAll([mV0(item.ItemTax, `${f}/ItemTax`), mV0(item.ShippingTax, `${f}/ShippingTax`)], currency)
      const disc = addAll(
        [
          mV0(item.PromotionDiscount, `${f}/PromotionDiscount`),
          mV0(item.ShippingDiscount, `${f}/ShippingDiscount`),
        ].map((m) => m && abs(m)),
        currency,
      )
      const line: OrderLine = compact({
        externalLineId: item.OrderItemId,
        sku,
        title: item.Title,
        quantity: item.QuantityOrdered,
        unitPrice: unit,
        discount: nonZero(disc),
        tax: nonZero(tax),
        fulfilledByChannel: afn || undefined,
      }) as OrderLine
      return withDefaults(currency, {
        line,
        subtotal: itemPrice,
        shipping: mV0(item.ShippingPrice, `${f}/ShippingPrice`),
        tax,
        discount: disc,
      })
    })
    return assemble(base, currency, figures, total)
  })
}

/**
 * v0 ItemPrice is the line price; the unit price divides it, rounded half-even in the rare case a
 * line does not divide (the line subtotal keeps Amazon's exact figure either way).
 */
function unitOf(line: Money, quantity: number): Money {
  const q = Math.trunc(line.amount / quantity)
  const r = line.amount - q * quantity
  const up = Math.abs(r) * 2 > quantity || (Math.abs(r) * 2 === quantity && Math.abs(q) % 2 === 1)
  return { amount: up ? q + Math.sign(r) : q, currency: line.currency }
}

/** Zero tax or discount is left out, so that both models (which differ in what they omit) agree. */
function nonZero(m: Money | undefined): Money | undefined {
  return m && m.amount !== 0 ? m : undefined
}
